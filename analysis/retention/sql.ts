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
import { MS_SQL, PL, inScopeSql, narrowPassingSql, narrowVisitorsSql } from '../common/narrow-sql.js';
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
function peopleSql(f: CompiledFilters, interval: RetentionInterval, returnEvent: boolean): string {
  const period = (ms: string) => periodSql(ms, interval);
  if (f.selectsAll) {
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
  });
  // The first session's payloads stand in as the unit the filters test. (In a query of its own:
  // ClickHouse aliases are global, so `pl_ AS all_pl` beside a new `pl_` would read the new one.)
  const firstSession = `SELECT canon, ms_, all_pl, arrayFilter((p, s) -> s = 1, all_pl, sess) AS pl_ FROM (SELECT canon, ms_, pl_ AS all_pl, sess FROM (${visitors}))`;
  const back = returnEvent ? `bitAnd(${PL.stages('p')}, 1) = 1` : '1';
  return `
    SELECT canon, ms_[1] AS first, arrayMap(t -> ${period('t')}, arrayFilter((t, p) -> ${back}, ms_, all_pl)) AS ps
    FROM (${narrowPassingSql(firstSession, ['canon', 'ms_', 'all_pl'], f)})`;
}

/** (cohort, period) counts over the new people: 0 all of them, −1 back in any later period, N back N periods later. */
export function retentionSqlText(f: CompiledFilters, interval: RetentionInterval, returnEvent: boolean): string {
  return `
  SELECT c AS bucket, n AS period, count() AS visitors
  FROM (
    SELECT c, arrayDistinct(arrayFilter(n -> n > 0, arrayMap(p -> intDiv(p - c, ${STEP[interval]}), ps))) AS ns
    FROM (
      SELECT ps, ${periodSql('first', interval)} AS c
      FROM (${peopleSql(f, interval, returnEvent)})
      WHERE canon NOT IN (${EARLIER_SQL})
    )
  )
  ARRAY JOIN arrayConcat([toInt64(0)], if(empty(ns), [], [toInt64(-1)]), ns) AS n
  GROUP BY bucket, period`;
}

export async function retentionSql(store: Store, site: SiteRef, p: RetentionParams, clock = Date.now()): Promise<RetentionResult> {
  const scope = resolveScope(site, p);
  const f = compileFilters(p.filters);
  const interval = retentionInterval(scope, p);
  const params = { ...scopeParams(scope), ...f.params, ...(p.return_event === undefined ? {} : { return_event: p.return_event }) };
  const raw = await queryRows(store, retentionSqlText(f, interval, p.return_event !== undefined), params, retentionRawSchema);
  return finalizeRetention(raw, scope, p, clock);
}
