/**
 * Attribution in ClickHouse, from the per-visitor funnel rows (funnel/core-sql.ts, visitor
 * scope): for each converted visitor, its sessions from the first one that started within the
 * lookback window up to the converting session, each session's entry channel, and the five
 * models' weights (the twin of weights.ts); ARRAY JOINed per touch and summed as integers.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { dimensionSql } from '../common/dimensions.js';
import { compileFilters } from '../common/filters.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { col } from '../common/units-sql.js';
import { funnelCoreParams, funnelCoreSql, unitsOptions, type FunnelCoreOptions } from '../funnel/core-sql.js';
import { compileStages } from '../journeys/match.js';
import { finalizeAttribution } from './finalize.js';
import { HALF_LIFE_MS, MICRO, attributionRawSchema, type AttributionParams, type AttributionRaw, type AttributionResult } from './schema.js';
import { DIRECT } from './weights.js';

export const REVENUE_MICRO_SQL = `toInt64(floor(ifNull(e.revenue, 0) * ${MICRO} + 0.5))`;

export function attributionOptions(p: AttributionParams): FunnelCoreOptions {
  const journey = { ...p.journey, scope: 'visitor' as const };
  return {
    journey,
    stages: compileStages(journey),
    filters: compileFilters(p.filters),
    extras: [
      ['ch', dimensionSql('channel')],
      ['rev', REVENUE_MICRO_SQL],
    ],
  };
}

export function attributionSqlText(o: FunnelCoreOptions): string {
  const uo = unitsOptions(o);
  const n = o.journey.stages.length;
  const inChunk = (kind: number) => `arrayFirstIndex(x -> tupleElement(x, 3) = ${kind}, c)`;
  // Layered subqueries: each layer reads the previous one's columns, so ClickHouse's analyzer does
  // not inline (and re-analyze) long alias chains — that alone cost ~0.4 s per query.
  return `
  SELECT tupleElement(g, 1) AS kind, tupleElement(g, 2) AS channel,
    sumForEach(arrayMap(w -> toInt64(floor(w * ${MICRO} + 0.5)), tupleElement(g, 3))) AS conversions,
    sumForEach(arrayMap(w -> toInt64(floor(w * rev_ + 0.5)), tupleElement(g, 3))) AS revenue
  FROM (
    SELECT rev_,
      arrayFold((a, d) -> a + d, decay_, toFloat64(0)) AS dsum_,
      arrayLastIndex(ch -> ch != '${DIRECT}', chs_) AS lndx_,
      if(lndx_ > 0, lndx_, m_) AS lnd_,
      arrayMap((j, d) -> [toFloat64(j = 1), toFloat64(j = lnd_), 1 / m_,
          if(m_ = 1, 1., if(m_ = 2, 0.5, if(j = 1 OR j = m_, 0.4, 0.2 / (toInt64(m_) - 2)))), d / dsum_],
        arrayEnumerate(chs_), decay_) AS ws_,
      arrayConcat([('total', '', [1., 1., 1., 1., 1.])], arrayMap((c, w) -> ('channel', c, w), chs_, ws_)) AS groups
    FROM (
      SELECT rev_, m_,
        -- The visitor's sessions as chunks of evs (session numbers run 1..S over touchpoints) and
        -- each one's entry channel; no lambda captures evs (that would copy it per session).
        arraySlice(arrayMap(c -> ${col(uo, 'ch', `c[if(${inChunk(1)} > 0, ${inChunk(1)}, ${inChunk(2)})]`)},
          arraySplit((x, f) -> f, evs, arrayMap((s, i) -> toUInt8(i = 1 OR s != sess_[i - 1]), sess_, arrayEnumerate(sess_)))), lo_, m_) AS chs_,
        arrayMap(st -> exp2(-toFloat64(t_ - st) / ${HALF_LIFE_MS}), arraySlice(starts_, lo_, m_)) AS decay_
      FROM (
        SELECT evs, sess_, starts_, t_, cs_,
          toFloat64(${col(uo, 'rev', 'evs[ci_]')}) AS rev_,
          arrayFirstIndex(st -> toInt64(st) >= toInt64(t_) - {lookback:Int64}, starts_) AS lo0_,
          if(lo0_ > 0 AND lo0_ < cs_, lo0_, cs_) AS lo_,
          toUInt64(cs_ - lo_ + 1) AS m_
        FROM (
          SELECT evs, sess_, starts_, chain[${n}] AS t_,
            arrayFirstIndex(x -> tupleElement(x, 1) = t_ AND bitTest(${col(uo, 'stages')}, ${n - 1}), evs) AS ci_,
            sess_[ci_] AS cs_
          FROM (${funnelCoreSql(o)})
          WHERE level = ${n}
        )
      )
    )
  )
  ARRAY JOIN groups AS g
  GROUP BY g.1, g.2`;
}

export async function attributionRawFromSql(store: Store, site: SiteRef, p: AttributionParams): Promise<AttributionRaw[]> {
  const o = attributionOptions(p);
  const params = { ...scopeParams(resolveScope(site, p)), ...funnelCoreParams(o), lookback: p.lookback_days * 86_400_000 };
  return queryRows(store, attributionSqlText(o), params, attributionRawSchema);
}

export async function attributionSql(store: Store, site: SiteRef, p: AttributionParams): Promise<AttributionResult> {
  return finalizeAttribution(await attributionRawFromSql(store, site, p), p);
}
