/**
 * Journey map in ClickHouse: two queries — the pages groups with per-stage session bounce
 * (pages/sql.ts), and one pass over the per-unit funnel rows in narrow form (funnel/core-sql.ts
 * funnelNarrowSql) that yields both the funnel's aggregates and the map's groups: segments,
 * touchpoints between stages, loops, skips and feedback. Strings travel as cityHash64 values —
 * the touchpoint label, and one hash of (channel, device, country, feedback score) per event —
 * and are turned back into text after counting; feedback events are flagged in a payload bit.
 */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { dimensionAnySql, dimensionHashed } from '../common/dimensions.js';
import { compileFilters } from '../common/filters.js';
import { hashSql, inScopeSql, labelsSql } from '../common/narrow-sql.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { TOUCHPOINT } from '../common/touchpoint.js';
import { FLAG_BIT, funnelCoreParams, funnelNarrowSql, type FunnelCoreOptions } from '../funnel/core-sql.js';
import type { FunnelRawSegment } from '../funnel/schema.js';
import { funnelAggregatesSql, funnelHotSql, funnelRowSchema } from '../funnel/sql.js';
import { compileStages } from '../journeys/match.js';
import { pagesRawFromSql } from '../pages/sql.js';
import { FEEDBACK_FLAG_SQL, FEEDBACK_SCORE_SQL, feedbackParams } from './feedback.js';
import { finalizeMap } from './finalize.js';
import { SEGMENT_DIMS, type MapParams, type MapRaw, type MapResult } from './schema.js';

const TOUCH = "('pageview', 'event')";
/** Per event: its segment values and feedback score (millionths, 0 unless feedback), hashed as one. */
const SEG_PARTS = [...SEGMENT_DIMS.map((d) => dimensionHashed(d)), FEEDBACK_SCORE_SQL];

export function mapOptions(p: MapParams): FunnelCoreOptions {
  return {
    journey: p.journey,
    stages: compileStages(p.journey),
    filters: compileFilters(p.filters),
    extras: [
      ['lb', TOUCHPOINT],
      ['sv', SEG_PARTS],
    ],
    flagSql: FEEDBACK_FLAG_SQL,
  };
}

/** Hash of SEG_PARTS → its parts. */
function segLabelsSql(): string {
  return `
    SELECT ${hashSql(SEG_PARTS)} AS h, ${SEGMENT_DIMS.map((d, i) => `${dimensionAnySql(d)} AS d${i}`).join(', ')}, any(${FEEDBACK_SCORE_SQL}) AS sc
    FROM events AS e
    WHERE ${inScopeSql(TOUCH)}
    GROUP BY h`;
}

/**
 * Per unit, in layers (each reads the previous one's columns): the chain's timestamps as scalars
 * c1..cn (past the level: the largest UInt64), then each event's position among the chain's
 * stage events (pos = chain events strictly earlier) and whether it is at a chain timestamp,
 * which yields touchpoints between stages (pos < level and not at a chain timestamp: between
 * stage pos and pos + 1), loops (a stage-k match with k < pos: after the stage-(k+1) event) and
 * the feedback's stage (chain events at or before it). Groups (kind, k, hash) per unit, plus one
 * 'total' group that carries the funnel's aggregates.
 */
export function mapRawSql(o: FunnelCoreOptions): string {
  const n = o.journey.stages.length;
  const ks = Array.from({ length: n }, (_, i) => i + 1);
  const sum = (f: (k: number) => string) => ks.map(f).join(' + ');
  const any = (f: (k: number) => string) => ks.map(f).join(' OR ');
  const stageMask = 2 ** n - 1;
  const perUnit = `
    SELECT level, chain, arrayConcat(
        arrayMap(k -> ('seg', toUInt8(k), seg_), range(0, toUInt8(level + 1))),
        arrayMap(x -> ('between', tupleElement(x, 1), tupleElement(x, 2)),
          arrayDistinct(arrayFilter((x, q, a) -> q < level AND a = 0, arrayMap((l, q) -> (toUInt8(q + 1), l), lb_, pos_), pos_, at_))),
        arrayMap(k -> ('loop', toUInt8(k), toUInt64(0)), arrayFilter(k -> bitTest(loops_, k - 1), range(1, toUInt8(level)))),
        arrayMap(k -> ('skip', toUInt8(k), toUInt64(0)), range(toUInt8(level + 1), toUInt8(h_))),
        arrayMap((k, v) -> ('fb', toUInt8(k), v), fbk_, fbv_),
        [('total', toUInt8(0), toUInt64(0))]
      ) AS groups
    FROM (
      SELECT level, chain, seg_, lb_, fbv_,
        arrayMap(t -> toUInt8(${sum((k) => `(t > c${k})`)}), ms_) AS pos_,
        arrayMap(t -> toUInt8(${any((k) => `t = c${k}`)}), ms_) AS at_,
        arrayReduce('groupBitOr', arrayMap((m, q) -> bitAnd(m, toUInt64(bitShiftLeft(toUInt64(1), toUInt64(greatest(q, 1) - 1)) - 1)), mk_, pos_)) AS loops_,
        arrayMap(t -> toUInt8(${sum((k) => `(t >= c${k})`)}), fbts_) AS fbk_,
        arrayMax(k -> if(bitTest(all_, k - 1), k, 0), range(1, ${n + 1})) AS h_
      FROM (
        SELECT level, chain, ms_, lb_, sv_[ei] AS seg_,
          ${ks.map((k) => `if(level >= ${k}, chain[${k}], toUInt64(18446744073709551615)) AS c${k}`).join(', ')},
          arrayMap(p -> bitAnd(bitShiftRight(p, 10), ${stageMask}), pl_) AS mk_,
          arrayReduce('groupBitOr', mk_) AS all_,
          arrayFilter((t, p) -> bitTest(p, ${FLAG_BIT}), ms_, pl_) AS fbts_,
          arrayFilter((h, p) -> bitTest(p, ${FLAG_BIT}), sv_, pl_) AS fbv_
        FROM (${funnelNarrowSql(o)})
      )
    )`;
  return `
  SELECT kind, k, n, if(kind = 'fb', n * sl.sc, 0) AS s, ${SEGMENT_DIMS.map((_, i) => `sl.d${i} AS d${i}`).join(', ')}, ll.label AS label,
    units, reached, median_ms, p75_ms, convert_median_ms, convert_p75_ms, histogram
  FROM (
    SELECT tupleElement(g, 1) AS kind, tupleElement(g, 2) AS k, tupleElement(g, 3) AS h, count() AS n,
      ${funnelAggregatesSql(n)}
    FROM (${funnelHotSql(n, perUnit, 'level, chain, groups')})
    ARRAY JOIN groups AS g
    GROUP BY kind, k, h
  ) AS a
  LEFT JOIN (${segLabelsSql()}) AS sl ON a.h = sl.h
  LEFT JOIN (${labelsSql(TOUCHPOINT, TOUCH)}) AS ll ON a.h = ll.h`;
}

const rowSchema = funnelRowSchema.omit({ kind: true, segment: true, bucket_key: true }).extend({
  kind: z.enum(['seg', 'between', 'loop', 'skip', 'fb', 'total']),
  k: z.number().int(),
  n: z.number().int(),
  s: z.number().int(),
  d0: z.string(),
  d1: z.string(),
  d2: z.string(),
  label: z.string(),
});
type Row = z.infer<typeof rowSchema>;

/** The hashed rows → the funnel's raw segment and the map's groups (rows of one hash summed). */
export function mapGroupsFromRows(rows: readonly Row[]): { funnelRaw: FunnelRawSegment[]; raw: MapRaw[] } {
  const acc = new Map<string, MapRaw>();
  const add = (kind: MapRaw['kind'], k: number, dim: string, label: string, n: number, s: number) => {
    const key = JSON.stringify([kind, k, dim, label]);
    const r = acc.get(key) ?? { kind, k, dim, label, n: 0, s: 0 };
    r.n += n;
    r.s += s;
    acc.set(key, r);
  };
  const funnelRaw: FunnelRawSegment[] = [];
  for (const r of rows) {
    if (r.kind === 'total') {
      const { units, reached, median_ms, p75_ms, convert_median_ms, convert_p75_ms, histogram } = r;
      funnelRaw.push({ kind: 'all', segment: '', units, reached, median_ms, p75_ms, convert_median_ms, convert_p75_ms, histogram });
    } else if (r.kind === 'seg') {
      [r.d0, r.d1, r.d2].forEach((v, i) => add('seg', r.k, SEGMENT_DIMS[i]!, v, r.n, 0));
    } else if (r.kind === 'between') {
      add('between', r.k, '', r.label, r.n, 0);
    } else {
      add(r.kind, r.k, '', '', r.n, r.s);
    }
  }
  return { funnelRaw, raw: [...acc.values()] };
}

export async function mapSql(store: Store, site: SiteRef, p: MapParams): Promise<MapResult> {
  const scope = resolveScope(site, p);
  const o = mapOptions(p);
  const n = p.journey.stages.length;
  const [rows, pagesRaw] = await Promise.all([
    queryRows(store, mapRawSql(o), { ...scopeParams(scope), ...funnelCoreParams(o), ...feedbackParams }, rowSchema),
    pagesRawFromSql(store, site, { ...p, limit: 1000 }, { compiled: o.stages, n }),
  ]);
  const { funnelRaw, raw } = mapGroupsFromRows(rows);
  return finalizeMap(p, funnelRaw, raw, pagesRaw);
}
