/**
 * One init for both builds: read settings, decide whether to send at all, install listeners and
 * history hooks, count the first page view (buffered until load, see send.ts).
 */
import type { Config } from './config.js';
import { listenClicks } from './declarative.js';
import { doc } from './dom.js';
import { flush, leave, tick } from './engagement.js';
import { hookHistory, page } from './pageviews.js';
import { on } from './safe.js';
import { release, setup } from './send.js';

export const init = (c: Config, base: string): void => {
  setup(c, base);
  tick();
  on('focus', tick);
  on('blur', tick);
  on('visibilitychange', flush); // fired at document, bubbles to window
  on('pagehide', leave);
  listenClicks();
  hookHistory();
  page();
  // readyState is 'loading', 'interactive' or 'complete': only the last sorts before 'd'
  doc.readyState < 'd' ? release() : on('load', release);
};
