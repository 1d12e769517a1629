/** Raw page groups (SQL or reference) → the pages result; shared so rates agree exactly. */
import { topBy } from '../common/order.js';
import { rate } from '../common/stats.js';
import { LOAD_EDGES_MS, LOAD_LABELS, LOAD_UNKNOWN, type PagesParams, type PagesRaw, type PagesResult } from './schema.js';

export function finalizePages(raw: readonly PagesRaw[], p: Pick<PagesParams, 'limit'>): PagesResult {
  const of = (dim: PagesRaw['dim']) => raw.filter((r) => r.dim === dim);
  const byValue = (dim: PagesRaw['dim']) => new Map(of(dim).map((r) => [r.value, r]));
  const entries = byValue('entry');
  const exits = byValue('exit');
  const total = of('total')[0];
  const segments = (dim: PagesRaw['dim']) =>
    topBy(of(dim), (r) => r.n, (r) => r.value, p.limit).map((r) => ({
      value: r.value,
      sessions: r.n,
      bounces: r.bounces,
      bounce_rate: rate(r.bounces, r.n),
    }));
  const loads = byValue('load');
  return {
    totals: { sessions: total?.n ?? 0, bounces: total?.bounces ?? 0, bounce_rate: rate(total?.bounces ?? 0, total?.n ?? 0) },
    pages: topBy(of('page'), (r) => r.n, (r) => r.value, p.limit).map((r) => {
      const entry = entries.get(r.value);
      const exit = exits.get(r.value)?.n ?? 0;
      return {
        path: r.value,
        views: r.n,
        entries: entry?.n ?? 0,
        bounce_rate: entry ? rate(entry.bounces, entry.n) : null,
        exits: exit,
        exit_rate: rate(exit, r.n),
        timed_views: r.timed,
        load_p50_ms: r.timed > 0 ? r.p50 : null,
        load_p75_ms: r.timed > 0 ? r.p75 : null,
      };
    }),
    bounce_by_entry_page: segments('entry'),
    bounce_by_channel: segments('channel'),
    bounce_by_device: segments('device'),
    bounce_by_load: [...LOAD_LABELS, LOAD_UNKNOWN].map((bucket, i) => {
      const g = loads.get(bucket);
      const known = i < LOAD_LABELS.length;
      return {
        bucket,
        min_ms: known ? (i === 0 ? 0 : LOAD_EDGES_MS[i - 1]!) : null,
        max_ms: known ? (LOAD_EDGES_MS[i] ?? null) : null,
        sessions: g?.n ?? 0,
        bounces: g?.bounces ?? 0,
        bounce_rate: rate(g?.bounces ?? 0, g?.n ?? 0),
      };
    }),
  };
}
