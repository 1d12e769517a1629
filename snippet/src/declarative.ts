/**
 * Declarative events: clicks on `[data-waymark-event]` elements and submits of such forms, with
 * props from `data-waymark-prop-<key>` attributes. Forms are excluded from the click match so
 * clicking an input inside a tracked form does not count as the form's event.
 */
import { track } from './events.js';
import { link } from './links.js';
import { on } from './safe.js';

const fire = (el: Element | null): void => {
  const name = el?.getAttribute('data-waymark-event');
  if (name) {
    const props: Record<string, string> = {};
    for (const a of el!.attributes) {
      // "data-waymark-prop-plan" → ["", "plan"]; anything else has no key or a prefix before it
      const [before, key] = a.name.split('data-waymark-prop-');
      if (key && !before) props[key] = a.value;
    }
    track(name, { props });
  }
};

export const listenClicks = (): void => {
  on(
    'click',
    (e: Event) => {
      const t = e.target as Element;
      fire(t.closest(':not(form)[data-waymark-event]'));
      link(t.closest('a'));
    },
    true,
  );
  on('submit', (e: Event) => fire(e.target as Element));
};
