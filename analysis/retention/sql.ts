/**
 * Retention in ClickHouse: one row per canonical visitor (peopleSql), kept when nobody saw them
 * before the range; each folds into the set of later periods it came back in, and one GROUP BY
 * counts (cohort, period). Under filters a return event travels as stage bit 1 of the narrow
 * payload, so no name leaves the scan. Random datasets (tests/analysis) hold both paths to
 * reference.ts.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { compileFilters, type CompiledFilters } from '../common/filters.js';
import { CANON_SQL, IDENTITY_JOIN_SQL } from '../common/identity.js';
import { dimensionHashed, type Dimension } from '../common/dimensions.js';
import { MS_SQL, PL, inScopeSql, labelsSql, narrowPassingSql, narrowVisitorsSql } from '../common/narrow-sql.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { finalizeRetention, retentionInterval } from './finalize.js';
import { STEP, periodSql, type RetentionInterval } from './periods.js';
import { retentionRawSchema, type RetentionParams, type RetentionResult } from './schema.js';

/** Canonical visitors with a touchpoint before the range: not new. Folded per visitor id before the identity join. */
const EARLIER_SQL = `
  SELECT ${CANON_SQL}
  FROM (
    SELECT DISTINCT visitor_id FROM events
    WHERE site_id = {site:String} AND ts < fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND type IN ('pageview', 'event')
  ) AS e
  ${IDENTITY_JOIN_SQL}`;

/**
 * One row per canonical visitor in the range whose first session passes the filters: canon, `first`
 * (their first touchpoint's ms) and `ps` (the periods of their return touchpoints). Without filters
 * every first session passes, so no session is built: the events are folded per visitor id (first
 * time, distinct periods) and only those rows meet the identity join, as custom events do: 0.51 s
 * instead of 0.99 s at 10 M events. With filters the first session comes from narrow-sql.ts.
 */
function peopleSql(f: CompiledFilters, interval: RetentionInterval, returnEvent: boolean, breakdown?: Dimension): string {
  const period = (ms: string) => periodSql(ms, interval);
  if (f.selectsAll && !breakdown) {
    const back = returnEvent ? `e.type = 'event' AND e.name = {return_event:String}` : '1';
    return `
    SELECT canon, min(first) AS first, groupUniqArrayArray(ps) AS ps
    FROM (
      SELECT ${CANON_SQL} AS canon, e.first AS first, e.ps AS ps
      FROM (
        SELECT e.visitor_id AS visitor_id, min(${MS_SQL}) AS first, groupUniqArrayIf(${period(MS_SQL)}, ${back}) AS ps
        FROM events AS e
        WHERE ${inScopeSql("('pageview', 'event')")}
        GROUP BY visitor_id
      ) AS e
      ${IDENTITY_JOIN_SQL}
    )
    GROUP BY canon`;
  }
  const visitors = narrowVisitorsSql({
    filters: f,
    withEngagement: false,
    ...(returnEvent ? { stagesSql: `e.type = 'event' AND e.name = {return_event:String}` } : {}),
    ...(breakdown ? { hashes: [['d', dimensionHashed(breakdown)]] } : {}),
  });
  // The first session's payloads (and breakdown hashes) stand in as the unit the filters test. (In
  // a query of its own: ClickHouse aliases are global, so `pl_ AS all_pl` beside a new `pl_` would
  // read the new one.)
  const fd = breakdown ? ', arrayFilter((h, s) -> s = 1, d_, sess) AS fd_' : '';
  const firstSession = `SELECT canon, ms_, all_pl, arrayFilter((p, s) -> s = 1, all_pl, sess) AS pl_${fd} FROM (SELECT canon, ms_, pl_ AS all_pl, sess${breakdown ? ', d_' : ''} FROM (${visitors}))`;
  const back = returnEvent ? `bitAnd(${PL.stages('p')}, 1) = 1` : '1';
  return `
    SELECT canon, ms_[1] AS first, arrayMap(t -> ${period('t')}, arrayFilter((t, p) -> ${back}, ms_, all_pl)) AS ps${breakdown ? ', fd_[ei] AS segh' : ''}
    FROM (${narrowPassingSql(firstSession, ['canon', 'ms_', 'all_pl', ...(breakdown ? ['fd_'] : [])], f)})`;
}

/**
 * The canonical visitors of one cohort ({cohort:Int64}, its period's first day number): all of
 * them ({period:Int64} = 0), those back N periods later, or ({lost:UInt8} = 1) those back in no
 * later period (visitors/sql.ts lists them).
 */
export function cohortPeopleSql(f: CompiledFilters, interval: RetentionInterval, returnEvent: boolean): string {
  return `
  SELECT canon FROM (
    SELECT canon, ps, ${periodSql('first', interval)} AS c
    FROM (${peopleSql(f, interval, returnEvent)})
    WHERE canon NOT IN (${EARLIER_SQL})
  )
  WHERE c = {cohort:Int64} AND (
    {lost:UInt8} = 1 AND NOT arrayExists(p -> p > c, ps)
    OR {lost:UInt8} = 0 AND ({period:Int64} = 0 OR has(arrayMap(p -> intDiv(p - c, ${STEP[interval]}), ps), {period:Int64})))`;
}

/**
 * (segment, cohort, period) counts over the new people: period 0 all of them, −1 back in any later
 * period, N back N periods later; segment '' everyone, else (with a breakdown) the label of the
 * first visit's entry hash, looked up after counting.
 */
export function retentionSqlText(f: CompiledFilters, interval: RetentionInterval, returnEvent: boolean, breakdown?: Dimension): string {
  const groups = breakdown ? '[(toUInt8(1), toUInt64(0)), (toUInt8(0), segh)]' : '[(toUInt8(1), toUInt64(0))]';
  return `
  SELECT if(a.is_all = 1, '', l.label) AS segment, a.bucket AS bucket, a.period AS period, a.visitors AS visitors
  FROM (
    SELECT tupleElement(sg, 1) AS is_all, tupleElement(sg, 2) AS sh, c AS bucket, n AS period, count() AS visitors
    FROM (
      SELECT c, ${breakdown ? 'segh, ' : ''}arrayDistinct(arrayFilter(n -> n > 0, arrayMap(p -> intDiv(p - c, ${STEP[interval]}), ps))) AS ns
      FROM (
        SELECT ps, ${breakdown ? 'segh, ' : ''}${periodSql('first', interval)} AS c
        FROM (${peopleSql(f, interval, returnEvent, breakdown)})
        WHERE canon NOT IN (${EARLIER_SQL})
      )
    )
    ARRAY JOIN arrayConcat([toInt64(0)], if(empty(ns), [], [toInt64(-1)]), ns) AS n
    ARRAY JOIN ${groups} AS sg
    GROUP BY is_all, sh, bucket, period
  ) AS a
  ${breakdown ? `LEFT JOIN (${labelsSql(dimensionHashed(breakdown), "('pageview', 'event')")}) AS l ON a.sh = l.h` : "CROSS JOIN (SELECT '' AS label) AS l"}`;
}

export async function retentionSql(store: Store, site: SiteRef, p: RetentionParams, clock = Date.now()): Promise<RetentionResult> {
  const scope = resolveScope(site, p);
  const f = compileFilters(p.filters);
  const interval = retentionInterval(scope, p);
  const params = { ...scopeParams(scope), ...f.params, ...(p.return_event === undefined ? {} : { return_event: p.return_event }) };
  const raw = await queryRows(store, retentionSqlText(f, interval, p.return_event !== undefined, p.breakdown), params, retentionRawSchema);
  return finalizeRetention(raw, scope, p, clock);
}
