/**
 * Engaged time: milliseconds the page was both visible and focused. `tick` closes the running
 * stretch and opens a new one if still engaged; it runs on every focus/blur/visibility change.
 * `flush` sends what accumulated as one `engagement` event (hidden, pagehide, SPA route change);
 * on visibilitychange back to visible there is nothing accumulated, so it just restarts the clock.
 */
import { doc } from './dom.js';
import { release, send } from './send.js';

let acc = 0;
let since = 0; // start of the current engaged stretch, 0 when not engaged

export const tick = (): void => {
  const now = Date.now();
  acc += since && now - since;
  since = !doc.hidden && doc.hasFocus() ? now : 0;
};

export const flush = (): void => {
  release(); // leaving before load: send the buffered page view now, or it is lost
  tick();
  if (acc) send('engagement', { engaged_ms: acc });
  acc = 0;
};

/**
 * pagehide comes before the document turns hidden (HTML "unload a document"): stop the clock
 * so the visibilitychange that follows has nothing left to send. A page restored from the
 * back/forward cache fires visibilitychange (visible) again, which restarts it.
 */
export const leave = (): void => {
  flush();
  since = 0;
};
