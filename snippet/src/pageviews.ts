/**
 * Page views: one on init, then one per SPA navigation (pushState; replaceState only when the
 * path changes; popstate; hashchange, which only differs when `data-hash` keeps the hash).
 * A URL equal to the last one tracked is never counted twice. SPA referrer = previous page.
 */
import { globs } from './config.js';
import { doc, loc } from './dom.js';
import { flush } from './engagement.js';
import { off } from './identity.js';
import { on, safe } from './safe.js';
import { cfg, send, setPage } from './send.js';

let last: string | undefined;

/** `replace` is 1 for replaceState; listeners pass their Event, which must not count as 1. */
export const page = (replace?: unknown): void => {
  const href = loc.href;
  const u = 'hash' in cfg ? href : href.split('#')[0]!;
  // replaceState counts only when the URL without its query changes (`last` is set by then:
  // init counts the first view right after hooking history)
  if (u != last && !(replace == 1 && u.replace(/\?[^#]*/, '') == last!.replace(/\?[^#]*/, ''))) {
    if (last) flush(); // engaged time belongs to the page being left
    setPage(off || globs(cfg.exclude)?.test(loc.pathname) ? '' : u);
    send('pageview', { referrer: last || doc.referrer });
    last = u;
  }
};

export const hookHistory = (): void => {
  (['pushState', 'replaceState'] as const).forEach((k, replace) => {
    const orig = history[k];
    history[k] = (...a: Parameters<History['pushState']>) => {
      orig.apply(history, a); // the host's own errors propagate as before
      safe(page)(replace);
    };
  });
  on('popstate', page);
  on('hashchange', page);
  // Back/forward cache: the restored page runs on without reloading us; count it again.
  on('pageshow', (e: PageTransitionEvent) => e.persisted && page((last = '')));
};
