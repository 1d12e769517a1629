/**
 * Journey map in ClickHouse: three queries over the same units — the funnel (funnel/sql.ts), the
 * pages groups with per-stage session bounce (pages/sql.ts), and one pass over the per-unit funnel
 * rows (funnel/core-sql.ts) for segments, touchpoints between stages, loops, skips and feedback.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { dimensionSql } from '../common/dimensions.js';
import { compileFilters } from '../common/filters.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { TOUCHPOINT_SQL } from '../common/touchpoint.js';
import { col } from '../common/units-sql.js';
import { funnelCoreParams, funnelCoreSql, unitsOptions, type FunnelCoreOptions } from '../funnel/core-sql.js';
import { funnelRawFromSql } from '../funnel/sql.js';
import { compileStages } from '../journeys/match.js';
import { pagesRawFromSql } from '../pages/sql.js';
import { FEEDBACK_FLAG_SQL, FEEDBACK_SCORE_SQL, feedbackParams } from './feedback.js';
import { finalizeMap } from './finalize.js';
import { SEGMENT_DIMS, mapRawSchema, type MapParams, type MapRaw, type MapResult } from './schema.js';

export function mapOptions(p: MapParams): FunnelCoreOptions {
  return {
    journey: p.journey,
    stages: compileStages(p.journey),
    filters: compileFilters(p.filters),
    extras: [
      ['label', TOUCHPOINT_SQL],
      ...SEGMENT_DIMS.map((d) => [d, dimensionSql(d)] as const),
      ['fb', FEEDBACK_FLAG_SQL],
      ['score', FEEDBACK_SCORE_SQL],
    ],
  };
}

/**
 * Per unit, in layers (each reads the previous one's columns; see paths/sql.ts): entry segments,
 * per-event time / label / stage mask / feedback, then each event's position among the chain's
 * stage events (pos = chain events strictly earlier), which yields touchpoints between stages
 * (pos < level and not at a chain timestamp: between stage pos and pos + 1), loops (a stage-k
 * match with k < pos: after the stage-(k+1) event) and the feedback's stage (chain events at or
 * before it).
 */
export function mapRawSql(o: FunnelCoreOptions): string {
  const uo = unitsOptions(o);
  const n = o.journey.stages.length;
  const g = (kind: string, k: string, dim: string, label: string, v = 'toInt64(0)') => `('${kind}', toUInt8(${k}), ${dim}, ${label}, ${v})`;
  const segs = SEGMENT_DIMS.map((d) => g('seg', 'k', `'${d}'`, `sv_${d}`)).join(', ');
  return `
  SELECT tupleElement(g, 1) AS kind, tupleElement(g, 2) AS k, tupleElement(g, 3) AS dim, tupleElement(g, 4) AS label,
    count() AS n, sum(tupleElement(g, 5)) AS s
  FROM (
    SELECT arrayConcat(
        arrayFlatten(arrayMap(k -> [${segs}], range(0, level + 1))),
        arrayMap(kl -> ${g('between', 'tupleElement(kl, 1)', "''", 'tupleElement(kl, 2)')},
          arrayDistinct(arrayFilter((kl, t) -> tupleElement(kl, 1) <= level AND chain[tupleElement(kl, 1)] != t,
            arrayMap((l, q) -> (q + 1, l), ls_, pos_), ts_))),
        arrayMap(k -> ${g('loop', 'k', "''", "''")}, arrayFilter(k -> bitTest(loops_, k - 1), range(1, level))),
        arrayMap(k -> ${g('skip', 'k', "''", "''")}, range(level + 1, h_)),
        arrayMap((t, v) -> ${g('fb', 'arrayCount(c -> c <= t, chain)', "''", "''", 'v')}, fbts_, fbv_)
      ) AS groups
    FROM (
      SELECT level, chain, ts_, ls_, ${SEGMENT_DIMS.map((d) => `sv_${d}`).join(', ')}, fbts_, fbv_,
        arrayMap(t -> arrayCount(c -> c < t, chain), ts_) AS pos_,
        arrayFold((a, m, q) -> bitOr(a, bitAnd(m, toUInt64(bitShiftLeft(toUInt64(1), toUInt64(greatest(q, 1) - 1)) - 1))), mk_, pos_, toUInt64(0)) AS loops_,
        arrayMax(k -> if(bitTest(all_, k - 1), k, 0), range(1, ${n + 1})) AS h_
      FROM (
        SELECT level, chain,
          ${SEGMENT_DIMS.map((d) => `${col(uo, d, 'evs[ei]')} AS sv_${d}`).join(', ')},
          arrayMap(x -> tupleElement(x, 1), evs) AS ts_,
          arrayMap(x -> ${col(uo, 'label')}, evs) AS ls_,
          arrayMap(x -> ${col(uo, 'stages')}, evs) AS mk_,
          arrayFold((a, x) -> bitOr(a, ${col(uo, 'stages')}), evs, toUInt64(0)) AS all_,
          arrayMap(x -> tupleElement(x, 1), arrayFilter(x -> ${col(uo, 'fb')} = 1, evs)) AS fbts_,
          arrayMap(x -> ${col(uo, 'score')}, arrayFilter(x -> ${col(uo, 'fb')} = 1, evs)) AS fbv_
        FROM (${funnelCoreSql(o)})
      )
    )
  )
  ARRAY JOIN groups AS g
  GROUP BY g.1, g.2, g.3, g.4`;
}

export async function mapSql(store: Store, site: SiteRef, p: MapParams): Promise<MapResult> {
  const scope = resolveScope(site, p);
  const o = mapOptions(p);
  const n = p.journey.stages.length;
  const [funnelRaw, raw, pagesRaw] = await Promise.all([
    funnelRawFromSql(store, scope, { ...o, extras: [] }),
    queryRows(store, mapRawSql(o), { ...scopeParams(scope), ...funnelCoreParams(o), ...feedbackParams }, mapRawSchema) as Promise<MapRaw[]>,
    pagesRawFromSql(store, site, { ...p, limit: 1000 }, { compiled: o.stages, n }),
  ]);
  return finalizeMap(p, funnelRaw, raw, pagesRaw);
}
