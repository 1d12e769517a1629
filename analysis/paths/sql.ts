/**
 * Paths in ClickHouse over the narrow skeleton (common/narrow-sql.ts): each unit's touchpoint
 * label hashes are collapsed (consecutive duplicates dropped), cut at the anchor and packed into
 * one UInt256 path key (keys-sql.ts). Units are counted per path key; each distinct path then
 * expands into the numeric group keys it feeds (total, a node per step, a link per step pair,
 * "(end)"/"(start)", the path itself), one GROUP BY sums them, a one-row pass keeps the top paths
 * (by count, then key = label order), and only those rows are decoded into text.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { compileFilters, type CompiledFilters } from '../common/filters.js';
import { narrowPassingSql, narrowSessionsSql, narrowVisitorsSql } from '../common/narrow-sql.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { finalizePaths } from './finalize.js';
import { LABEL_HASH, idBits, idOf, labelDictSql, labelOf, packSql, pathLayersSql, unpackSql, type AnchorKind } from './keys-sql.js';
import { END_NODE, START_NODE, pathsRawSchema, type PathsParams, type PathsRaw, type PathsResult } from './schema.js';

export type { AnchorKind } from './keys-sql.js';

export const anchorOf = (p: Pick<PathsParams, 'start' | 'end'>): { kind: AnchorKind; label: string | null } =>
  p.start !== undefined ? { kind: 'start', label: p.start } : p.end !== undefined ? { kind: 'end', label: p.end } : { kind: 'entry', label: null };

/** Units passing the filters (touchpoints only): rows with `lb_`, the touchpoint label hashes. */
export function pathUnitsSql(filters: CompiledFilters, scope: 'session' | 'visitor'): string {
  const o = { filters, withEngagement: false, hashes: [LABEL_HASH] };
  const base = scope === 'visitor' ? narrowVisitorsSql(o) : narrowSessionsSql(o);
  return `SELECT lb_ FROM (${narrowPassingSql(base, ['lb_'], filters)})`;
}

/** Group key tags (top 16 bits): kind · 16 + step. */
const KIND = { total: 0, node: 1, link: 2, path: 3 } as const;
const TAG = (kind: number, step: string) => `bitShiftLeft(toUInt256(${kind * 16} + ${step}), 240)`;

export function pathsSqlText(filters: CompiledFilters, p: PathsParams): string {
  const anchor = anchorOf(p).kind;
  const bits = idBits(p.depth);
  const id = (label: string) => idOf(`cityHash64('${label}')`);
  const node = (step: string, a: string) => `${TAG(KIND.node, step)} + toUInt256(${a})`;
  const link = (step: string, a: string, b: string) => `${TAG(KIND.link, step)} + bitShiftLeft(toUInt256(${a}), ${bits}) + toUInt256(${b})`;
  // Step of p_[1]: 1 going forward; depth − L + 1 when the path ends at the anchor.
  const off = anchor === 'end' ? `toUInt8({depth:UInt8} - length(p_))` : 'toUInt8(0)';
  const edge =
    anchor === 'end'
      ? `[${node('off_', id(START_NODE))}, ${link('off_', id(START_NODE), 'p_[1]')}]`
      : `[${node('length(p_) + 1', id(END_NODE))}, ${link('length(p_)', 'p_[-1]', id(END_NODE))}]`;
  const low = (k: string, shift: number) => `toUInt64(bitAnd(bitShiftRight(${k}, ${shift}), ${2 ** bits - 1}))`;
  const code = `toUInt8(bitShiftRight(key, 240))`;
  return `
  WITH ${labelDictSql(bits)} AS dict_
  SELECT multiIf(kd = ${KIND.total}, 'total', kd = ${KIND.node}, 'node', kd = ${KIND.link}, 'link', 'path') AS kind,
    if(kd = ${KIND.node} OR kd = ${KIND.link}, step_, 0) AS step,
    multiIf(kd = ${KIND.node}, ${labelOf(low('key', 0))}, kd = ${KIND.link}, ${labelOf(low('key', bits))}, '') AS a,
    if(kd = ${KIND.link}, ${labelOf(low('key', 0))}, '') AS b,
    if(kd = ${KIND.path}, arrayMap(i -> ${labelOf('i')}, ${unpackSql('key', bits, p.depth)}), CAST([], 'Array(String)')) AS steps,
    n
  FROM (
    SELECT tupleElement(r, 1) AS key, tupleElement(r, 2) AS n, intDiv(${code}, 16) AS kd, ${code} % 16 AS step_
    FROM (
      SELECT arrayConcat(groupArrayIf((key, n), ${code} < ${KIND.path * 16}),
          arrayMap(t -> (tupleElement(t, 2), toUInt64(-tupleElement(t, 1))),
            groupArraySortedIf(${p.limit})((-toInt64(n), key), ${code} >= ${KIND.path * 16}))) AS rows
      FROM (
        SELECT g AS key, sum(c) AS n
        FROM (
          SELECT c, ${off} AS off_,
            arrayConcat(
              [toUInt256(0), ${TAG(KIND.path, '0')} + pk_],
              arrayMap((l, j) -> ${node('off_ + j', 'l')}, p_, arrayEnumerate(p_)),
              arrayMap(j -> ${link('off_ + j', 'p_[j]', 'p_[j + 1]')}, range(1, toUInt64(length(p_)))),
              if(length(p_) < {depth:UInt8}, ${edge}, [])
            ) AS groups
          FROM (
            SELECT pk_, c, ${unpackSql('pk_', bits, p.depth)} AS p_
            FROM (SELECT ${packSql('p_', bits)} AS pk_, count() AS c FROM (${pathLayersSql(anchor, pathUnitsSql(filters, p.scope), [])}) WHERE k_ > 0 GROUP BY pk_)
          )
        )
        ARRAY JOIN groups AS g
        GROUP BY g
      )
    )
    ARRAY JOIN rows AS r
  )`;
}

export function pathsParams(p: PathsParams, filters: CompiledFilters): Record<string, string | number> {
  return { ...filters.params, depth: p.depth, anchor: anchorOf(p).label ?? '' };
}

export async function pathsRawFromSql(store: Store, site: SiteRef, p: PathsParams): Promise<PathsRaw[]> {
  const filters = compileFilters(p.filters);
  const params = { ...scopeParams(resolveScope(site, p)), ...pathsParams(p, filters) };
  return queryRows(store, pathsSqlText(filters, p), params, pathsRawSchema);
}

export async function pathsSql(store: Store, site: SiteRef, p: PathsParams): Promise<PathsResult> {
  return finalizePaths(await pathsRawFromSql(store, site, p), p);
}
