/**
 * Drop-off at stage k in ClickHouse, from the per-unit funnel chains (funnel/core-sql.ts): for
 * units that reached k but not k+1, the first touchpoint after the stage-k event in that event's
 * session (or "(left the site)"), that session's exit page, and whether the visitor started a
 * new session within the window from the stage-1 event.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { NONE, dimensionSql } from '../common/dimensions.js';
import { compileFilters } from '../common/filters.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { LEFT_SITE, TOUCHPOINT_SQL } from '../common/touchpoint.js';
import { col } from '../common/units-sql.js';
import { funnelCoreParams, funnelCoreSql, unitsOptions, type FunnelCoreOptions } from '../funnel/core-sql.js';
import { compileStages } from '../journeys/match.js';
import { finalizeDropoff } from './finalize.js';
import { dropoffRawSchema, type DropoffParams, type DropoffRaw, type DropoffResult } from './schema.js';

export function dropoffOptions(p: DropoffParams): FunnelCoreOptions {
  return {
    journey: p.journey,
    stages: compileStages(p.journey),
    filters: compileFilters(p.filters),
    extras: [
      ['label', TOUCHPOINT_SQL],
      ['path', dimensionSql('entry_page')],
    ],
  };
}

export function dropoffSqlText(o: FunnelCoreOptions): string {
  const uo = unitsOptions(o);
  return `
  SELECT tupleElement(g, 1) AS kind, tupleElement(g, 2) AS label,
    count() AS n, countIf(is_dropped) AS dropped, countIf(is_dropped AND back) AS came_back
  FROM (
    SELECT level = {stage:UInt8} AS is_dropped,
      chain[{stage:UInt8}] AS tk,
      sess_[arrayFirstIndex(x -> tupleElement(x, 1) = tk, evs)] AS sk,
      arrayFirstIndex((x, s) -> tupleElement(x, 1) > tk AND s = sk, evs, sess_) AS nj,
      arrayLastIndex((x, s) -> s = sk AND tupleElement(x, 3) = 1, evs, sess_) AS xj,
      starts_[sk + 1] AS ns,
      ns > 0 AND ns <= chain[1] + {window:UInt64} AS back,
      if(is_dropped,
        [('total', ''),
         ('next', if(nj > 0, ${col(uo, 'label', 'evs[nj]')}, '${LEFT_SITE}')),
         ('exit', if(xj > 0, ${col(uo, 'path', 'evs[xj]')}, '${NONE}'))],
        [('total', '')]) AS groups
    FROM (${funnelCoreSql(o)})
    WHERE level >= {stage:UInt8}
  )
  ARRAY JOIN groups AS g
  GROUP BY g`;
}

export async function dropoffRawFromSql(store: Store, site: SiteRef, p: DropoffParams): Promise<DropoffRaw[]> {
  const o = dropoffOptions(p);
  const params = { ...scopeParams(resolveScope(site, p)), ...funnelCoreParams(o), stage: p.stage };
  return queryRows(store, dropoffSqlText(o), params, dropoffRawSchema);
}

export async function dropoffSql(store: Store, site: SiteRef, p: DropoffParams): Promise<DropoffResult> {
  return finalizeDropoff(await dropoffRawFromSql(store, site, p), p);
}
