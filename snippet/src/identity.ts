/**
 * Who is sending, and whether anything may be sent at all (set once by `identity`).
 * - `off`: DNT or GPC when the site set `data-respect-dnt`; localhost/127.x/[::1] unless
 *   `data-allow-localhost`; the opt-out flag `localStorage.waymark_ignore` (any value; remove the
 *   key to opt back in).
 * - `visitor`: random, kept in localStorage under `waymark_id`. Neither read nor written when off
 *   or in cookieless mode (the collector then derives a daily-salted id itself).
 * Storage can throw (blocked storage, sandboxed iframes): we then send without a visitor id.
 */
import type { Config } from './config.js';
import { loc, nav } from './dom.js';

export let off: unknown;
export let visitor: string | undefined;

export const identity = (c: Config): void => {
  off =
    ('respectDnt' in c && (nav.doNotTrack == '1' || (nav as { globalPrivacyControl?: boolean }).globalPrivacyControl)) ||
    (!('allowLocalhost' in c) && /^(localhost|127\.|\[::1)/.test(loc.hostname));
  try {
    off ||= localStorage.waymark_ignore;
    if (!off && !('cookieless' in c)) visitor = localStorage.waymark_id ||= uuid() || '' + Math.random();
  } catch {
    /* no storage: no visitor id, not opted out */
  }
};

/** A UUID where the browser offers one (secure contexts only); otherwise undefined, never a fake. */
export const uuid = (): string | undefined => crypto.randomUUID?.();
