/** Funnel raw + sources raw (SQL or reference) → the sources result. */
import { cmpStr } from '../common/order.js';
import { rate } from '../common/stats.js';
import { finalizeFunnel } from '../funnel/finalize.js';
import type { FunnelRawSegment } from '../funnel/schema.js';
import { cmpSteps } from '../paths/order.js';
import type { SourcesParams, SourcesRaw, SourcesResult } from './schema.js';

export function finalizeSources(funnelRaw: readonly FunnelRawSegment[], raw: readonly SourcesRaw[], p: SourcesParams): SourcesResult {
  const funnel = finalizeFunnel(p.journey, funnelRaw, p.by, p.segments);
  const segments = funnel.breakdown?.segments ?? [];
  const top = new Map<string, SourcesRaw>();
  for (const r of raw.filter((x) => x.kind === 'path')) {
    const cur = top.get(r.segment);
    if (!cur || r.n > cur.n || (r.n === cur.n && cmpSteps(r.steps, cur.steps) < 0)) top.set(r.segment, r);
  }
  const count = (kind: 'first' | 'last') => new Map(raw.filter((x) => x.kind === kind).map((x) => [x.segment, x.n]));
  const first = count('first');
  const last = count('last');
  const conversions = [...first.values()].reduce((a, b) => a + b, 0);
  const values = [...new Set([...first.keys(), ...last.keys()])];
  return {
    by: p.by,
    funnel,
    top_paths: segments.map((s) => {
      const t = top.get(s.value);
      return { segment: s.value, steps: t?.steps ?? [], count: t?.n ?? 0, share: rate(t?.n ?? 0, s.units) };
    }),
    touch: {
      conversions,
      segments: values
        .map((value) => ({ value, first_touch: first.get(value) ?? 0, last_touch: last.get(value) ?? 0 }))
        .sort((a, b) => b.first_touch - a.first_touch || b.last_touch - a.last_touch || cmpStr(a.value, b.value))
        .slice(0, p.segments)
        .map((x) => ({ ...x, first_touch_share: rate(x.first_touch, conversions), last_touch_share: rate(x.last_touch, conversions) })),
    },
  };
}
