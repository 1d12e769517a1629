/**
 * Paths in ClickHouse: one pass over units (sessions or visitors). Each unit's touchpoint labels
 * are collapsed (consecutive duplicates dropped), cut at the anchor, and ARRAY JOINed into the
 * groups it feeds (total, one path, a node per step, a link per step pair, "(end)"/"(start)");
 * one GROUP BY counts them all, and LIMIT BY keeps only the top paths.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { compileFilters, type CompiledFilters } from '../common/filters.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { TOUCHPOINT_SQL } from '../common/touchpoint.js';
import { col, sessionUnitsSql, unitPassesSql, visitorArraysSql, ENTRY_INDEX_SQL, type UnitsSqlOptions } from '../common/units-sql.js';
import { finalizePaths } from './finalize.js';
import { END_NODE, START_NODE, pathsRawSchema, type PathsParams, type PathsRaw, type PathsResult } from './schema.js';

export type AnchorKind = 'entry' | 'start' | 'end';

export const anchorOf = (p: Pick<PathsParams, 'start' | 'end'>): { kind: AnchorKind; label: string | null } =>
  p.start !== undefined ? { kind: 'start', label: p.start } : p.end !== undefined ? { kind: 'end', label: p.end } : { kind: 'entry', label: null };

export function pathsUnitsOptions(filters: CompiledFilters, extras: readonly (readonly [string, string])[] = []): UnitsSqlOptions {
  return { filters, withEngagement: false, extras: [['label', TOUCHPOINT_SQL], ...extras] };
}

/** Units passing the filters: rows with canon, evs (touchpoints only), ei. */
export function pathUnitsSql(uo: UnitsSqlOptions, scope: 'session' | 'visitor'): string {
  const base = scope === 'visitor' ? `SELECT canon, evs FROM (${visitorArraysSql(uo)})` : `SELECT canon, evs FROM (${sessionUnitsSql(uo)})`;
  return `SELECT *, ${ENTRY_INDEX_SQL} AS ei FROM (${base}) WHERE ${unitPassesSql(uo.filters)}`;
}

/**
 * Wraps `source` (rows with `evs`) into layers that add `p_` (the unit's path: collapsed labels
 * cut at the anchor) and `k_` (anchor index, 0 = not reached), keeping the `carry` columns. Depth
 * is {depth:UInt8}, the anchor {anchor:String}. Each layer reads the previous one's columns:
 * ClickHouse's analyzer re-analyzes inlined alias chains, which costs more than the query itself.
 */
export function pathLayersSql(uo: UnitsSqlOptions, anchor: AnchorKind, source: string, carry: readonly string[]): string {
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

export function pathsSqlText(filters: CompiledFilters, p: PathsParams): string {
  const uo = pathsUnitsOptions(filters);
  const anchor = anchorOf(p).kind;
  const none = `CAST([], 'Array(String)')`;
  // Step of p_[1]: 1 going forward; depth − L + 1 when the path ends at the anchor.
  const off = anchor === 'end' ? `toUInt8({depth:UInt8} - length(p_))` : 'toUInt8(0)';
  const edge =
    anchor === 'end'
      ? `[('node', off_, '${START_NODE}', '', ${none}), ('link', off_, '${START_NODE}', p_[1], ${none})]`
      : `[('node', toUInt8(length(p_) + 1), '${END_NODE}', '', ${none}), ('link', toUInt8(length(p_)), p_[-1], '${END_NODE}', ${none})]`;
  return `
  SELECT tupleElement(g, 1) AS kind, tupleElement(g, 2) AS step, tupleElement(g, 3) AS a, tupleElement(g, 4) AS b,
    tupleElement(g, 5) AS steps, count() AS n
  FROM (
    SELECT ${off} AS off_,
      arrayConcat(
        [('total', toUInt8(0), '', '', ${none}), ('path', toUInt8(0), '', '', p_)],
        arrayMap((l, j) -> ('node', toUInt8(off_ + j), l, '', ${none}), p_, arrayEnumerate(p_)),
        arrayMap(j -> ('link', toUInt8(off_ + j), p_[j], p_[j + 1], ${none}), range(1, toUInt64(length(p_)))),
        if(length(p_) < {depth:UInt8}, ${edge}, [])
      ) AS groups
    FROM (${pathLayersSql(uo, anchor, pathUnitsSql(uo, p.scope), [])})
    WHERE k_ > 0
  )
  ARRAY JOIN groups AS g
  GROUP BY g
  ORDER BY kind, n DESC, steps
  LIMIT {limit:UInt32} BY kind, step, a, b, if(kind = 'path', ${none}, steps)`;
}

export function pathsParams(p: PathsParams, filters: CompiledFilters): Record<string, string | number> {
  return { ...filters.params, depth: p.depth, limit: p.limit, anchor: anchorOf(p).label ?? '' };
}

export async function pathsRawFromSql(store: Store, site: SiteRef, p: PathsParams): Promise<PathsRaw[]> {
  const filters = compileFilters(p.filters);
  const params = { ...scopeParams(resolveScope(site, p)), ...pathsParams(p, filters) };
  return queryRows(store, pathsSqlText(filters, p), params, pathsRawSchema);
}

export async function pathsSql(store: Store, site: SiteRef, p: PathsParams): Promise<PathsResult> {
  return finalizePaths(await pathsRawFromSql(store, site, p), p);
}
