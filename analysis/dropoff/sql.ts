/**
 * Drop-off at stage k in ClickHouse, from the per-unit funnel chains (funnel/core-sql.ts, narrow
 * form): for units that reached k but not k+1, the first touchpoint after the stage-k event in
 * that event's session (or "(left the site)"), that session's exit page, and whether the visitor
 * started a new session within the window from the stage-1 event. Labels travel as hashes and are
 * turned into text after counting.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { NONE, dimensionAnySql } from '../common/dimensions.js';
import { compileFilters } from '../common/filters.js';
import { labelsSql } from '../common/narrow-sql.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { LEFT_SITE, TOUCHPOINT } from '../common/touchpoint.js';
import { funnelCoreParams, funnelNarrowSql, type FunnelCoreOptions } from '../funnel/core-sql.js';
import { compileStages } from '../journeys/match.js';
import { finalizeDropoff } from './finalize.js';
import { dropoffRawSchema, type DropoffParams, type DropoffRaw, type DropoffResult } from './schema.js';

export function dropoffOptions(p: DropoffParams): FunnelCoreOptions {
  return {
    journey: p.journey,
    stages: compileStages(p.journey),
    filters: compileFilters(p.filters),
    extras: [
      ['lh', TOUCHPOINT],
      ['ph', 'e.path'],
    ],
  };
}

const TOUCH = "('pageview', 'event')";

export function dropoffSqlText(o: FunnelCoreOptions): string {
  // Group codes: 0 total, 1 next touchpoint, 2 exit page; `found` 0 = none (left / no page view).
  return `
  SELECT multiIf(code = 0, 'total', code = 1, 'next', 'exit') AS kind,
    multiIf(code = 0, '', found = 0, if(code = 1, '${LEFT_SITE}', '${NONE}'), code = 1, ln.label, lp.label) AS label,
    n, dropped, came_back
  FROM (
    SELECT tupleElement(g, 1) AS code, tupleElement(g, 2) AS found, tupleElement(g, 3) AS key,
      count() AS n, countIf(is_dropped) AS dropped, countIf(is_dropped AND back) AS came_back
    FROM (
      SELECT level = {stage:UInt8} AS is_dropped,
        chain[{stage:UInt8}] AS tk,
        sess_[indexOf(ms_, tk)] AS sk,
        arrayFirstIndex((t, s) -> t > tk AND s = sk, ms_, sess_) AS nj,
        arrayLastIndex((p, s) -> s = sk AND bitAnd(p, 3) = 1, pl_, sess_) AS xj,
        starts_[sk + 1] AS ns,
        ns > 0 AND ns <= chain[1] + {window:UInt64} AS back,
        if(is_dropped,
          [(toUInt8(0), toUInt8(0), toUInt64(0)), (toUInt8(1), toUInt8(nj > 0), lh_[nj]), (toUInt8(2), toUInt8(xj > 0), ph_[xj])],
          [(toUInt8(0), toUInt8(0), toUInt64(0))]) AS groups
      FROM (${funnelNarrowSql(o)})
      WHERE level >= {stage:UInt8}
    )
    ARRAY JOIN groups AS g
    GROUP BY code, found, key
  ) AS a
  LEFT JOIN (${labelsSql(TOUCHPOINT, TOUCH)}) AS ln ON a.key = ln.h
  LEFT JOIN (${labelsSql('e.path', TOUCH, dimensionAnySql('entry_page'))}) AS lp ON a.key = lp.h`;
}

export async function dropoffRawFromSql(store: Store, site: SiteRef, p: DropoffParams): Promise<DropoffRaw[]> {
  const o = dropoffOptions(p);
  const params = { ...scopeParams(resolveScope(site, p)), ...funnelCoreParams(o), stage: p.stage };
  return queryRows(store, dropoffSqlText(o), params, dropoffRawSchema);
}

export async function dropoffSql(store: Store, site: SiteRef, p: DropoffParams): Promise<DropoffResult> {
  return finalizeDropoff(await dropoffRawFromSql(store, site, p), p);
}
