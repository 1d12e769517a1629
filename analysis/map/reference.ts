/** Journey map reference over EventRow[]: the same three raw inputs as sql.ts. */
import type { EventRow } from '../../collector/schema/event.js';
import { dimensionValue } from '../common/dimensions.js';
import { resolveScope, type SiteRef } from '../common/params.js';
import { touchpointLabel } from '../common/touchpoint.js';
import { funnelUnits } from '../funnel/core.js';
import { funnelRawFromRows } from '../funnel/reference.js';
import { funnelParamsSchema } from '../funnel/schema.js';
import { pagesRawFromRows } from '../pages/reference.js';
import { feedbackScore } from './feedback.js';
import { finalizeMap } from './finalize.js';
import { SEGMENT_DIMS, type MapParams, type MapRaw, type MapResult } from './schema.js';
import { mapOptions } from './sql.js';

export function mapRawFromRows(rows: readonly EventRow[], site: SiteRef, p: MapParams): MapRaw[] {
  const o = mapOptions(p);
  const n = p.journey.stages.length;
  const acc = new Map<string, MapRaw>();
  const add = (kind: MapRaw['kind'], k: number, dim: string, label: string, v = 0) => {
    const key = JSON.stringify([kind, k, dim, label]);
    const r = acc.get(key) ?? { kind, k, dim, label, n: 0, s: 0 };
    r.n += 1;
    r.s += v;
    acc.set(key, r);
  };
  for (const fu of funnelUnits(rows, resolveScope(site, p), p.journey, o.stages, o.filters)) {
    const { evs } = fu.unit;
    const { level, chain } = fu;
    const masks = evs.map((e) => o.stages.mask(e.row));
    const all = masks.reduce((a, m) => a | m, 0);
    let h = 0;
    for (let k = 1; k <= n; k++) if (all & (2 ** (k - 1))) h = k;
    const entry = evs[fu.ei]!.row;
    for (let k = 0; k <= level; k++) for (const d of SEGMENT_DIMS) add('seg', k, d, dimensionValue(d, entry));
    for (let k = 1; k <= level; k++) {
      const labels = new Set(evs.filter((e) => e.ms < chain[k - 1]! && (k === 1 || e.ms > chain[k - 2]!)).map((e) => touchpointLabel(e.row)));
      for (const l of labels) add('between', k, '', l);
    }
    for (let k = 1; k < level; k++) {
      if (evs.some((e, i) => (masks[i]! & (2 ** (k - 1))) !== 0 && e.ms > chain[k]!)) add('loop', k, '', '');
    }
    for (let k = level + 1; k < h; k++) add('skip', k, '', '');
    for (const e of evs) {
      const score = feedbackScore(e.row);
      if (score !== null) add('fb', chain.filter((c) => c <= e.ms).length, '', '', score);
    }
  }
  return [...acc.values()];
}

export function mapReference(rows: readonly EventRow[], site: SiteRef, p: MapParams): MapResult {
  const funnelRaw = funnelRawFromRows(rows, site, funnelParamsSchema.parse({ ...p, breakdown: undefined }));
  const o = mapOptions(p);
  const pagesRaw = pagesRawFromRows(rows, site, { ...p, limit: 1000 }, { compiled: o.stages, n: p.journey.stages.length });
  return finalizeMap(p, funnelRaw, mapRawFromRows(rows, site, p), pagesRaw);
}
