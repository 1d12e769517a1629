/** Sources reference over EventRow[]: the funnel reference's counts plus the same raw rows as sql.ts. */
import type { EventRow } from '../../collector/schema/event.js';
import { dimensionValue } from '../common/dimensions.js';
import { resolveScope, type SiteRef } from '../common/params.js';
import { KIND } from '../common/sessions.js';
import { funnelUnits, type FunnelUnit } from '../funnel/core.js';
import { funnelRawFromRows } from '../funnel/reference.js';
import { funnelParamsSchema } from '../funnel/schema.js';
import { unitPath } from '../paths/reference.js';
import { finalizeSources } from './finalize.js';
import type { SourcesParams, SourcesRaw, SourcesResult } from './schema.js';
import { sourcesOptions } from './sql.js';

/** The entry event of the session holding the converting event (see convertingEntrySql). */
export function convertingEntry(fu: FunnelUnit, n: number): number {
  const { evs, sess } = fu.unit;
  const cs = sess[evs.findIndex((e) => e.ms === fu.chain[n - 1])]!;
  const pv = evs.findIndex((e, i) => sess[i] === cs && e.kind === KIND.pageview);
  return pv >= 0 ? pv : evs.findIndex((e, i) => sess[i] === cs && e.kind === KIND.event);
}

export function sourcesReference(rows: readonly EventRow[], site: SiteRef, p: SourcesParams): SourcesResult {
  const scope = resolveScope(site, p);
  const n = p.journey.stages.length;
  const acc = new Map<string, SourcesRaw>();
  const add = (kind: SourcesRaw['kind'], segment: string, steps: string[]) => {
    const key = JSON.stringify([kind, segment, steps]);
    const r = acc.get(key) ?? { kind, segment, steps, n: 0 };
    r.n += 1;
    acc.set(key, r);
  };
  const o = sourcesOptions(p);
  for (const fu of funnelUnits(rows, scope, o.journey, o.stages, o.filters, p.by)) add('path', fu.seg, unitPath(fu.unit, 'entry', null, p.path_depth)!);
  const v = sourcesOptions(p, 'visitor');
  for (const fu of funnelUnits(rows, scope, v.journey, v.stages, v.filters, p.by)) {
    if (fu.level < n) continue;
    add('first', fu.seg, []);
    add('last', dimensionValue(p.by, fu.unit.evs[convertingEntry(fu, n)]!.row), []);
  }
  const funnelRaw = funnelRawFromRows(rows, site, funnelParamsSchema.parse({ ...p, breakdown: p.by }));
  return finalizeSources(funnelRaw, [...acc.values()], p);
}
