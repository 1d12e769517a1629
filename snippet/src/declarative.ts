/**
 * Declarative events: clicks on `[data-waymark-event]` elements and submits of such forms, with
 * props from `data-waymark-prop-<key>` attributes. Forms are excluded from the click match so
 * clicking an input inside a tracked form does not count as the form's event.
 */
import { track } from './events.js';
import { link } from './links.js';
import { on } from './safe.js';

const fire = (el: HTMLElement | null): void => {
  const name = el?.dataset.waymarkEvent; // data-waymark-event (HTML, SVG and MathML elements have a dataset)
  if (name) {
    const props: Record<string, string> = {};
    for (const a of el!.attributes) {
      // "data-waymark-prop-plan" → ["", "plan"]; any other name → [name]: no key
      const key = a.name.split(/^data-waymark-prop-/)[1];
      if (key) props[key] = a.value;
    }
    track(name, { props });
  }
};

export const listenClicks = (): void => {
  on(
    'click',
    (e: Event) => {
      const t = e.target as Element;
      fire(t.closest(':not(form)[data-waymark-event]') as HTMLElement | null);
      link(t.closest('a'));
    },
    true,
  );
  on('submit', (e: Event) => fire(e.target as HTMLElement));
};
