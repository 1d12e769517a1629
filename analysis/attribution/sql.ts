/**
 * Attribution in ClickHouse, from the per-visitor funnel rows in narrow form
 * (funnel/core-sql.ts funnelNarrowSql, visitor scope): for each converted visitor, its sessions
 * from the first one that started within the lookback window up to the converting session, each
 * session's entry channel (as a cityHash64, turned into text after summing), and the five
 * models' weights (the twin of weights.ts); ARRAY JOINed per touch and summed as integers. The
 * converting event's revenue comes from a join on (visitor, ms) over the last stage's events.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { dimensionHashed } from '../common/dimensions.js';
import { compileFilters } from '../common/filters.js';
import { CANON_SQL, IDENTITY_JOIN_SQL } from '../common/identity.js';
import { MS_SQL, inScopeSql, labelsSql, narrowEntrySql } from '../common/narrow-sql.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { funnelCoreParams, funnelNarrowSql, type FunnelCoreOptions } from '../funnel/core-sql.js';
import { compileStages } from '../journeys/match.js';
import { finalizeAttribution } from './finalize.js';
import { MICRO, REVENUE_MICRO_SQL } from '../common/money.js';
import { HALF_LIFE_MS, attributionRawSchema, type AttributionParams, type AttributionRaw, type AttributionResult } from './schema.js';
import { DIRECT } from './weights.js';

const CHANNEL = dimensionHashed('channel');

export function attributionOptions(p: AttributionParams): FunnelCoreOptions {
  const journey = { ...p.journey, scope: 'visitor' as const };
  return { journey, stages: compileStages(journey), filters: compileFilters(p.filters), extras: [['ch', CHANNEL]] };
}

/**
 * Revenue (millionths) of the first event in event order (ms, then event id in UUID order) that
 * matches the last stage, per canonical visitor and ms: the converting event is that event at
 * the chain's last timestamp.
 */
export function revenueSql(o: FunnelCoreOptions): string {
  return `
    SELECT ${CANON_SQL} AS canon, ${MS_SQL} AS ms,
      argMin(${REVENUE_MICRO_SQL}, reinterpretAsUInt128(e.event_id)) AS rev
    FROM events AS e
    ${IDENTITY_JOIN_SQL}
    WHERE ${inScopeSql("('pageview', 'event')")} AND ${o.stages.sql[o.stages.sql.length - 1]} = 1
    GROUP BY canon, ms`;
}

export function attributionSqlText(o: FunnelCoreOptions): string {
  const n = o.journey.stages.length;
  // Layered subqueries: each layer reads the previous one's columns, so ClickHouse's analyzer does
  // not inline (and re-analyze) long alias chains. No lambda captures a per-event array.
  return `
  SELECT kind, if(kind = 'total', '', l.label) AS channel, conversions, revenue
  FROM (
    SELECT tupleElement(g, 1) AS kind, tupleElement(g, 2) AS h,
      sumForEach(arrayMap(w -> toInt64(floor(w * ${MICRO} + 0.5)), tupleElement(g, 3))) AS conversions,
      sumForEach(arrayMap(w -> toInt64(floor(w * rev_ + 0.5)), tupleElement(g, 3))) AS revenue
    FROM (
      SELECT rev_,
        arrayConcat([('total', toUInt64(0), [1., 1., 1., 1., 1.])], arrayMap((c, w) -> ('channel', c, w), chs_, ws_)) AS groups
      FROM (
        SELECT rev_, chs_,
          arrayMap((j, d) -> [toFloat64(j = 1), toFloat64(j = lnd_), 1 / m_,
              if(m_ = 1, 1., if(m_ = 2, 0.5, if(j = 1 OR j = m_, 0.4, 0.2 / (toInt64(m_) - 2)))), d / dsum_],
            arrayEnumerate(chs_), decay_) AS ws_
        FROM (
          SELECT toFloat64(r.rev) AS rev_, m_, chs_, decay_,
            arrayFold((a, d) -> a + d, decay_, toFloat64(0)) AS dsum_,
            if(arrayLastIndex(ch -> ch != cityHash64('${DIRECT}'), chs_) > 0, arrayLastIndex(ch -> ch != cityHash64('${DIRECT}'), chs_), m_) AS lnd_
          FROM (
            -- The visitor's sessions lo..cs as chunks (session numbers run 1..S over touchpoints)
            -- and each one's entry channel: first page view, else first touchpoint.
            SELECT canon, t_, m_,
              arrayMap((c, h) -> h[${narrowEntrySql('c')}],
                arraySlice(arraySplit((p, f) -> f, pl_, b_), lo_, m_), arraySlice(arraySplit((h, f) -> f, ch_, b_), lo_, m_)) AS chs_,
              arrayMap(st -> exp2(-toFloat64(t_ - st) / ${HALF_LIFE_MS}), arraySlice(starts_, lo_, m_)) AS decay_
            FROM (
              SELECT canon, pl_, ch_, starts_, t_, lo_, toUInt64(cs_ - lo_ + 1) AS m_,
                arrayMap((d, i) -> toUInt8(i = 1 OR d != 0), arrayDifference(sess_), arrayEnumerate(sess_)) AS b_
              FROM (
                SELECT canon, pl_, ch_, sess_, starts_, t_, cs_,
                  arrayFirstIndex(st -> toInt64(st) >= toInt64(t_) - {lookback:Int64}, starts_) AS lo0_,
                  if(lo0_ > 0 AND lo0_ < cs_, lo0_, cs_) AS lo_
                FROM (
                  SELECT canon, pl_, ch_, sess_, starts_, t_,
                    sess_[arrayFirstIndex((t, p) -> t = t_ AND bitTest(p, ${n + 9}), ms_, pl_)] AS cs_
                  FROM (
                    SELECT canon, ms_, pl_, ch_, sess_, starts_, chain[${n}] AS t_
                    FROM (${funnelNarrowSql(o)})
                    WHERE level = ${n}
                  )
                )
              )
            )
          ) AS v
          LEFT ANY JOIN (${revenueSql(o)}) AS r ON v.canon = r.canon AND v.t_ = r.ms
        )
      )
    )
    ARRAY JOIN groups AS g
    GROUP BY kind, h
  ) AS a
  LEFT JOIN (${labelsSql(CHANNEL, "('pageview', 'event')")}) AS l ON a.h = l.h`;
}

export async function attributionRawFromSql(store: Store, site: SiteRef, p: AttributionParams): Promise<AttributionRaw[]> {
  const o = attributionOptions(p);
  const params = { ...scopeParams(resolveScope(site, p)), ...funnelCoreParams(o), lookback: p.lookback_days * 86_400_000 };
  return queryRows(store, attributionSqlText(o), params, attributionRawSchema);
}

export async function attributionSql(store: Store, site: SiteRef, p: AttributionParams): Promise<AttributionResult> {
  return finalizeAttribution(await attributionRawFromSql(store, site, p), p);
}
