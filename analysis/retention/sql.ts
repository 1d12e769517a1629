/**
 * Retention in ClickHouse: one row per canonical visitor from common/narrow-sql.ts (touchpoints
 * in event order, sessions numbered), kept when nobody saw them before the range and their first
 * session passes the filters; each folds into the set of later periods it came back in, and one
 * GROUP BY counts (cohort, period). A return event travels as stage bit 1 of the payload, so no
 * name leaves the scan. Random datasets (tests/analysis) hold it to reference.ts.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { compileFilters, type CompiledFilters } from '../common/filters.js';
import { CANON_SQL, IDENTITY_JOIN_SQL } from '../common/identity.js';
import { PL, narrowPassingSql, narrowVisitorsSql } from '../common/narrow-sql.js';
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

export function retentionSqlText(f: CompiledFilters, interval: RetentionInterval, returnEvent: boolean): string {
  const visitors = narrowVisitorsSql({
    filters: f,
    withEngagement: false,
    ...(returnEvent ? { stagesSql: `e.type = 'event' AND e.name = {return_event:String}` } : {}),
  });
  // The first session's payloads stand in as the unit the filters test.
  // (In a query of its own: ClickHouse aliases are global, so \`pl_ AS all_pl\` beside a new \`pl_\` would read the new one.)
  const firstSession = `SELECT canon, ms_, all_pl, arrayFilter((p, s) -> s = 1, all_pl, sess) AS pl_ FROM (SELECT canon, ms_, pl_ AS all_pl, sess FROM (${visitors}))`;
  const back = returnEvent ? `bitAnd(${PL.stages('p')}, 1) = 1` : '1';
  const period = (ms: string) => periodSql(ms, interval);
  return `
  SELECT c AS bucket, n AS period, count() AS visitors
  FROM (
    SELECT c, arrayDistinct(arrayFilter(n -> n > 0, arrayMap((t, p) -> if(${back}, intDiv(${period('t')} - c, ${STEP[interval]}), 0), ms_, all_pl))) AS ns
    FROM (
      SELECT ms_, all_pl, ${period('ms_[1]')} AS c
      FROM (${narrowPassingSql(firstSession, ['canon', 'ms_', 'all_pl'], f)})
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
