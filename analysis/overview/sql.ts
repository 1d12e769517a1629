/**
 * Overview in ClickHouse. One pass over sessions yields every table: each session is ARRAY JOINed
 * to the groups it belongs to (total, its entry channel/source/…, entry and exit page, time bucket,
 * one 'page' row per page view) and a single GROUP BY counts them all. Realtime is a second, tiny
 * query over the last 30 minutes.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { dimensionSql } from '../common/dimensions.js';
import { compileFilters, type CompiledFilters } from '../common/filters.js';
import { CANON_SQL, IDENTITY_JOIN_SQL } from '../common/identity.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { bucketSql, type Interval } from '../common/time.js';
import { ENTRY_INDEX_SQL, col, sessionUnitsSql, unitPassesSql, type UnitsSqlOptions } from '../common/units-sql.js';
import { ENGAGED_SESSION_MS } from './engagement.js';
import { finalizeOverview, overviewInterval, realtimeWindow } from './finalize.js';
import { overviewGroupSchema, realtimeGroupSchema, type OverviewParams, type OverviewResult } from './schema.js';

const ENTRY_DIMS = ['channel', 'source', 'medium', 'campaign', 'device', 'browser', 'os', 'country'] as const;

function unitsOptions(filters: CompiledFilters): UnitsSqlOptions {
  return {
    filters,
    withEngagement: true,
    extras: [
      ['engaged', 'toUInt64(e.engaged_ms)'],
      ['path', dimensionSql('entry_page')],
      ...ENTRY_DIMS.map((d) => [d, dimensionSql(d)] as const),
    ],
  };
}

export function overviewGroupsSql(filters: CompiledFilters, interval: Interval): string {
  const uo = unitsOptions(filters);
  const kind = 'tupleElement(x, 3)';
  const entry = (name: string) => col(uo, name, 'evs[ei]');
  return `
  SELECT tupleElement(g, 1) AS dim, tupleElement(g, 2) AS value,
    count() AS sessions, uniqExact(canon) AS visitors, sum(pv) AS pageviews,
    countIf(bounce) AS bounces, sum(duration) AS duration_ms
  FROM (
    SELECT canon, evs, ei,
      arrayCount(x -> ${kind} = 1, evs) AS pv,
      arrayCount(x -> ${kind} = 2, evs) AS cu,
      arraySum(x -> ${col(uo, 'engaged')}, evs) AS engaged,
      tupleElement(evs[1], 1) AS start,
      arrayMax(x -> if(${kind} != 3, tupleElement(x, 1), 0), evs) - start AS duration,
      NOT (pv >= 2 OR cu >= 1 OR engaged >= ${ENGAGED_SESSION_MS}) AS bounce,
      arrayConcat(
        [('total', ''), ${ENTRY_DIMS.map((d) => `('${d}', ${entry(d)})`).join(', ')},
         ('entry_page', ${entry('path')}), ('bucket', ${bucketSql('start', interval)})],
        if(pv > 0, [('exit_page', ${col(uo, 'path', 'evs[arrayLastIndex(x -> tupleElement(x, 3) = 1, evs)]')})], []),
        arrayMap(x -> ('page', ${col(uo, 'path')}), arrayFilter(x -> ${kind} = 1, evs))
      ) AS groups
    FROM (SELECT *, ${ENTRY_INDEX_SQL} AS ei FROM (${sessionUnitsSql(uo)}))
    WHERE ${unitPassesSql(filters)}
  )
  ARRAY JOIN groups AS g
  GROUP BY g`;
}

/** Realtime ignores the date range and filters: who is on the site right now. */
export const REALTIME_SQL = `
  SELECT tupleElement(g, 1) AS kind, tupleElement(g, 2) AS value, uniqExact(canon) AS visitors, countIf(is_pv) AS views
  FROM (
    SELECT ${CANON_SQL} AS canon, e.type = 'pageview' AS is_pv,
      if(is_pv, [('total', ''), ('page', ${dimensionSql('entry_page')})], [('total', '')]) AS groups
    FROM events AS e ${IDENTITY_JOIN_SQL}
    WHERE e.site_id = {site:String} AND e.type IN ('pageview', 'event')
      AND e.ts >= fromUnixTimestamp64Milli({rt_from:Int64}, 'UTC') AND e.ts <= fromUnixTimestamp64Milli({rt_to:Int64}, 'UTC')
  )
  ARRAY JOIN groups AS g
  GROUP BY g`;

export async function overviewSql(store: Store, site: SiteRef, p: OverviewParams, clock = Date.now()): Promise<OverviewResult> {
  const scope = resolveScope(site, p);
  const filters = compileFilters(p.filters);
  const rt = realtimeWindow(p, clock);
  const [groups, realtime] = await Promise.all([
    queryRows(store, overviewGroupsSql(filters, overviewInterval(scope, p)), { ...scopeParams(scope), ...filters.params }, overviewGroupSchema),
    queryRows(store, REALTIME_SQL, { site: scope.site, rt_from: rt.from, rt_to: rt.to }, realtimeGroupSchema),
  ]);
  return finalizeOverview({ groups, realtime }, scope, p, rt);
}
