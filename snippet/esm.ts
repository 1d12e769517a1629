/**
 * ESM build for bundlers: `import { init, track, identify } from 'waymark/snippet'`.
 * Same behaviour as the script tag; options mirror its data- attributes in camelCase.
 * Defines no global. Calls before `init` are dropped (there is no site to send them to).
 */
import { init as start } from './src/init.js';
import { identify as id, track as tr } from './src/events.js';
import type { TrackOptions } from './src/events.js';
import { safe } from './src/safe.js';
import { cfg } from './src/send.js';

export interface Options {
  /** Site id registered in the collector (required). */
  site: string;
  /** Collector endpoint; default: this page's origin + /api/event. */
  api?: string;
  /** Count hash changes as page views (hash routers). */
  hash?: boolean;
  /** No visitor id, nothing written to storage. */
  cookieless?: boolean;
  /** Send nothing when Do-Not-Track or Global Privacy Control is on. */
  respectDnt?: boolean;
  /** Track on localhost / 127.x (skipped by default). */
  allowLocalhost?: boolean;
  /** Path globs not tracked, comma/space separated: "/admin/**, /drafts/*". */
  exclude?: string;
  /** Download extensions, comma separated: "pdf,zip". */
  downloadExtensions?: string;
}

/** Only the first call counts (`cfg` is set by it). */
export const init = safe((o: Options) => {
  if (!cfg) {
    const c: Record<string, string> = {};
    // Like a script tag's dataset: a flag counts when present (`true` arrives as "true"), so
    // `false` and unset options are left out; values as strings.
    for (const k in o) {
      const v = o[k as keyof Options];
      if (v != null && v !== false) c[k] = '' + v;
    }
    start(c, location.href);
  }
});

export const track: (name: string, options?: TrackOptions) => void = safe(tr);
export const identify: (user: string) => void = safe(id);
export type { TrackOptions };
