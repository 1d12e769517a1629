/**
 * Sources compared in ClickHouse: the funnel with a breakdown (funnel/sql.ts, unchanged), plus
 * one pass over the same per-unit funnel rows (funnel/core-sql.ts) for each segment's top path
 * and, for converted visitors, the segment of their first and last touch.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { compileFilters } from '../common/filters.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { TOUCHPOINT_SQL } from '../common/touchpoint.js';
import { col } from '../common/units-sql.js';
import { funnelCoreParams, funnelCoreSql, unitsOptions, type FunnelCoreOptions } from '../funnel/core-sql.js';
import { funnelRawFromSql } from '../funnel/sql.js';
import { compileStages } from '../journeys/match.js';
import type { UnitsSqlOptions } from '../common/units-sql.js';
import { finalizeSources } from './finalize.js';
import { sourcesRawSchema, type SourcesParams, type SourcesRaw, type SourcesResult } from './schema.js';

export function sourcesOptions(p: SourcesParams, scope: 'visitor' | 'session' = p.journey.scope): FunnelCoreOptions {
  const journey = { ...p.journey, scope };
  return { journey, stages: compileStages(journey), filters: compileFilters(p.filters), breakdown: p.by, extras: [['label', TOUCHPOINT_SQL]] };
}

/**
 * Over per-unit funnel rows: `seg` (the unit's entry segment) and, for units that reached the
 * last stage, `lseg` — the segment of the entry event (first page view, else first touchpoint)
 * of the session holding the converting event (chain[n]).
 */
export function touchLayerSql(o: FunnelCoreOptions): string {
  const uo = unitsOptions(o);
  const n = o.journey.stages.length;
  const inSession = (kind: number) => `arrayFirstIndex((x, s) -> s = cs_ AND tupleElement(x, 3) = ${kind}, evs, sess_)`;
  return `SELECT evs, level, seg, if(level = ${n}, ${col(uo, 'seg', 'evs[lei_]')}, '') AS lseg FROM (
      SELECT evs, level, seg, if(${inSession(1)} > 0, ${inSession(1)}, ${inSession(2)}) AS lei_ FROM (
        SELECT evs, sess_, level, ${col(uo, 'seg', 'evs[ei]')} AS seg,
          sess_[arrayFirstIndex(x -> tupleElement(x, 1) = chain[${n}], evs)] AS cs_
        FROM (${funnelCoreSql(o)})))`;
}

export function sourcesRawSql(o: FunnelCoreOptions, parts: { paths: boolean; touch: boolean }): string {
  const uo = unitsOptions(o);
  const n = o.journey.stages.length;
  const none = `CAST([], 'Array(String)')`;
  const path = parts.paths ? `[('path', seg, p_)]` : '[]';
  const touch = parts.touch ? `if(level = ${n}, [('first', seg, ${none}), ('last', lseg, ${none})], [])` : '[]';
  return `
  SELECT tupleElement(g, 1) AS kind, tupleElement(g, 2) AS segment, tupleElement(g, 3) AS steps, count() AS n
  FROM (
    SELECT arrayConcat(${path}, ${touch}) AS groups
    FROM (${pathLayersSql(uo, 'entry', touchLayerSql(o), ['level', 'seg', 'lseg'])})
  )
  ARRAY JOIN groups AS g
  GROUP BY g
  ORDER BY kind, n DESC, steps
  LIMIT 1 BY kind, segment`;
}

export async function sourcesSql(store: Store, site: SiteRef, p: SourcesParams): Promise<SourcesResult> {
  const scope = resolveScope(site, p);
  const o = sourcesOptions(p);
  const run = (opts: FunnelCoreOptions, parts: { paths: boolean; touch: boolean }) =>
    queryRows(store, sourcesRawSql(opts, parts), { ...scopeParams(scope), ...funnelCoreParams(opts), depth: p.path_depth }, sourcesRawSchema);
  const perVisitor = p.journey.scope === 'visitor';
  const [funnelRaw, raw, touch] = await Promise.all([
    funnelRawFromSql(store, scope, { ...o, extras: [] }),
    run(o, { paths: true, touch: perVisitor }),
    perVisitor ? Promise.resolve([] as SourcesRaw[]) : run(sourcesOptions(p, 'visitor'), { paths: false, touch: true }),
  ]);
  return finalizeSources(funnelRaw, [...raw, ...touch], p);
}

// TEMP
function pathLayersSql(uo: UnitsSqlOptions, anchor: 'entry'|'start'|'end', source: string, carry: readonly string[]): string {
  const keep = carry.length ? `${carry.join(', ')}, ` : '';
  const k = anchor === 'entry' ? 'toUInt64(1)' : 'toUInt64(indexOf(cl_, {anchor:String}))';
  const p =
    anchor === 'end'
      ? `arraySlice(cl_, greatest(toInt64(1), toInt64(k_) - {depth:UInt8} + 1), least(k_, {depth:UInt8}))`
      : `arraySlice(cl_, k_, {depth:UInt8})`;
  return `SELECT ${keep}k_, ${p} AS p_ FROM (
      SELECT ${keep}cl_, ${k} AS k_ FROM (
        SELECT ${keep}arrayFilter((l, i) -> i = 1 OR l != ls_[i - 1], ls_, arrayEnumerate(ls_)) AS cl_ FROM (
          SELECT ${keep}arrayMap(x -> ${col(uo, 'label')}, evs) AS ls_ FROM (${source}))))`;
}
