/**
 * Builds wire events and posts them. The payload type comes from the collector's contract
 * (type-only import: 0 bytes), so a field the collector would reject fails to compile here.
 *
 * Until `release()` (the page's load event, or earlier if the page is being left) events are
 * buffered: the first page view can then carry `load_ms`, and anything queued or clicked before
 * load still arrives after that page view, in order.
 */
import type { WireEvent } from '../../collector/schema/event.js';
import type { Config } from './config.js';
import { doc, nav } from './dom.js';
import { identity, uuid, visitor } from './identity.js';

type Ev = Partial<WireEvent>;

/** Settings, read by the other modules when they need them. */
export let cfg: Config;
let endpoint: string | URL; // fetch and sendBeacon take either
let url: string | undefined; // '' when nothing may be sent from this page (see setPage)
let buf: Ev[] | 0 = []; // 0 once released

export const setup = (c: Config, base: string): void => {
  cfg = c;
  endpoint = c.api || new URL('/api/event', base);
  identity(c);
};

/** The page events are attributed to; '' when excluded (`data-exclude`) or tracking is off. */
export const setPage = (u: string): void => {
  url = u;
};

export const send = (type: WireEvent['type'], extra?: Ev): void => {
  if (url) {
    const e: Ev = {
      site: cfg.site!,
      type,
      url,
      title: doc.title,
      screen: screen.width,
      lang: nav.language,
      visitor,
      id: uuid(),
      ...extra,
    };
    buf ? buf.push(e) : post(e);
  }
};

/** text/plain (fetch's default for a string body) needs no CORS preflight; keepalive outlives unload. */
const post = (e: Ev | Ev[]): void => {
  const body = JSON.stringify(e);
  try {
    // .catch: a failed send must not surface as an unhandledrejection in host error trackers
    fetch(endpoint, { method: 'POST', body, keepalive: true }).catch(() => {});
  } catch {
    nav.sendBeacon(endpoint, body); // no fetch (ReferenceError) or a synchronous failure
  }
};

/**
 * Flush the buffer as one batch (the wire accepts arrays). Its first event is the first page
 * view, which gets the load time (0 = not loaded yet, e.g. left before load: then omitted).
 */
export const release = (): void => {
  if (buf) {
    if (buf[0]) {
      buf[0].load_ms = ~~(performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.loadEventStart! || undefined;
      post(buf);
    }
    buf = 0;
  }
};
