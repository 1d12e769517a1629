/**
 * What every view shares, read from the URL: the site, the date range and the filters. Links to
 * other views carry these along (`carry`), view-specific keys (journey, breakdown…) stay behind.
 */
import type { Filters } from '../../analysis/common/filters.js';
import { DIMENSION_NAMES } from '../../analysis/common/dimensions.js';

/** Filter keys as they appear in the dashboard URL and the API query (same names as the schema). */
export const FILTER_KEYS = [...DIMENSION_NAMES, 'page', 'event'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const FILTER_LABELS: Record<FilterKey, string> = {
  channel: 'Channel',
  source: 'Source',
  medium: 'Medium',
  campaign: 'Campaign',
  device: 'Device',
  browser: 'Browser',
  os: 'OS',
  country: 'Country',
  entry_page: 'Entry page',
  page: 'Visited page',
  event: 'Sent event',
};

/** Property filters: `prop=key:value`, repeatable. */
export const PROP_KEY = 'prop';

/** Keys every view keeps when navigating. */
export const GLOBAL_KEYS = ['site', 'range', 'from', 'to', ...FILTER_KEYS, PROP_KEY] as const;

export function filtersOf(q: URLSearchParams): Filters {
  const f: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = q.get(k);
    if (v) f[k] = v;
  }
  const props = q
    .getAll(PROP_KEY)
    .map((p) => {
      const i = p.indexOf(':');
      return i > 0 ? { key: p.slice(0, i), value: p.slice(i + 1) } : null;
    })
    .filter((p): p is { key: string; value: string } => p !== null);
  if (props.length) f.props = props.slice(0, 5);
  return f;
}

/** Filters as API query parameters (flat keys; props repeated as key:value). */
export function filterParams(f: Filters): [string, string][] {
  const out: [string, string][] = [];
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (v) out.push([k, v]);
  }
  for (const p of f.props ?? []) out.push([PROP_KEY, `${p.key}:${p.value}`]);
  return out;
}

/** A URL for `path` with the current global keys plus `extra`. */
export function carry(path: string, q: URLSearchParams, extra: Record<string, string | undefined> = {}): string {
  const out = new URLSearchParams();
  for (const k of GLOBAL_KEYS) for (const v of q.getAll(k)) out.append(k, v);
  for (const [k, v] of Object.entries(extra)) {
    out.delete(k);
    if (v !== undefined && v !== '') out.set(k, v);
  }
  const s = out.toString();
  return s ? `${path}?${s}` : path;
}
