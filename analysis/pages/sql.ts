/**
 * Pages and bounce in ClickHouse: one pass over sessions (engagement events included, for the
 * bounce rule). Each session is ARRAY JOINed to its groups — total, entry page, exit page, entry
 * channel and device, entry load bucket, one 'page' row per page view (carrying its load_ms),
 * and optionally one 'stage' row per journey stage it touched — and one GROUP BY counts them.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { dimensionSql } from '../common/dimensions.js';
import { compileFilters, type CompiledFilters } from '../common/filters.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { ENTRY_INDEX_SQL, col, sessionUnitsSql, unitPassesSql, type UnitsSqlOptions } from '../common/units-sql.js';
import type { CompiledStages } from '../journeys/match.js';
import { ENGAGED_SESSION_MS } from '../overview/engagement.js';
import { finalizePages } from './finalize.js';
import { LOAD_EDGES_MS, LOAD_LABELS, LOAD_UNKNOWN, pagesRawSchema, type PagesParams, type PagesRaw, type PagesResult } from './schema.js';

function unitsOptions(filters: CompiledFilters, stages?: CompiledStages): UnitsSqlOptions {
  return {
    filters,
    withEngagement: true,
    extras: [
      ['engaged', 'toUInt64(e.engaged_ms)'],
      ['load', `toUInt64(if(e.type = 'pageview', e.load_ms, 0))`],
      ['path', dimensionSql('entry_page')],
      ['channel', dimensionSql('channel')],
      ['device', dimensionSql('device')],
      ...(stages ? [['stages', stages.maskSql] as const] : []),
    ],
  };
}

/** Stage count n > 0 adds the 'stage' groups (journey map: bounce of sessions touching a stage). */
export function pagesRawSql(filters: CompiledFilters, stages?: CompiledStages, n = 0): string {
  const uo = unitsOptions(filters, stages);
  const kind = 'tupleElement(x, 3)';
  const entry = (name: string) => col(uo, name, 'evs[ei]');
  const labels = `[${[...LOAD_LABELS].map((l) => `'${l}'`).join(', ')}]`;
  const stageGroups = stages
    ? `arrayMap(k -> ('stage', toString(k), toUInt64(0)),
         arrayFilter(k -> bitTest(arrayFold((a, x) -> bitOr(a, if(${kind} != 3, ${col(uo, 'stages')}, 0)), evs, toUInt64(0)), k - 1), range(1, ${n + 1})))`
    : '[]';
  return `
  SELECT tupleElement(g, 1) AS dim, tupleElement(g, 2) AS value,
    count() AS n, countIf(bounce) AS bounces, countIf(tupleElement(g, 3) > 0) AS timed,
    quantileExactIf(0.5)(tupleElement(g, 3), tupleElement(g, 3) > 0) AS p50,
    quantileExactIf(0.75)(tupleElement(g, 3), tupleElement(g, 3) > 0) AS p75
  FROM (
    SELECT
      arrayCount(x -> ${kind} = 1, evs) AS pv,
      NOT (pv >= 2 OR arrayExists(x -> ${kind} = 2, evs) OR arraySum(x -> ${col(uo, 'engaged')}, evs) >= ${ENGAGED_SESSION_MS}) AS bounce,
      if(tupleElement(evs[ei], 3) = 1, ${entry('load')}, 0) AS eload,
      arrayConcat(
        [('total', '', toUInt64(0)), ('entry', ${entry('path')}, toUInt64(0)),
         ('channel', ${entry('channel')}, toUInt64(0)), ('device', ${entry('device')}, toUInt64(0)),
         ('load', if(eload > 0, ${labels}[arrayCount(edge -> eload >= edge, [${LOAD_EDGES_MS.join(', ')}]) + 1], '${LOAD_UNKNOWN}'), toUInt64(0))],
        if(pv > 0, [('exit', ${col(uo, 'path', 'evs[arrayLastIndex(x -> tupleElement(x, 3) = 1, evs)]')}, toUInt64(0))], []),
        arrayMap(x -> ('page', ${col(uo, 'path')}, ${col(uo, 'load')}), arrayFilter(x -> ${kind} = 1, evs)),
        ${stageGroups}
      ) AS groups
    FROM (SELECT evs, ${ENTRY_INDEX_SQL} AS ei FROM (${sessionUnitsSql(uo)}))
    WHERE ${unitPassesSql(filters)}
  )
  ARRAY JOIN groups AS g
  GROUP BY g.1, g.2`;
}

export async function pagesRawFromSql(
  store: Store,
  site: SiteRef,
  p: PagesParams,
  stages?: { compiled: CompiledStages; n: number },
): Promise<PagesRaw[]> {
  const filters = compileFilters(p.filters);
  const params = { ...scopeParams(resolveScope(site, p)), ...filters.params, ...(stages?.compiled.params ?? {}) };
  return queryRows(store, pagesRawSql(filters, stages?.compiled, stages?.n ?? 0), params, pagesRawSchema);
}

export async function pagesSql(store: Store, site: SiteRef, p: PagesParams): Promise<PagesResult> {
  return finalizePages(await pagesRawFromSql(store, site, p), p);
}
