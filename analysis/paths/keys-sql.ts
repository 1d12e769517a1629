/**
 * Paths as numbers. Each touchpoint label reaches the per-unit arrays as its cityHash64 (the
 * `lb` hash of common/narrow-sql.ts); a small dictionary of the scope's labels, sorted in
 * ClickHouse string order, turns each hash into a dense id (1, 2, … in label order). A path of at
 * most `depth` steps then packs into one UInt256: id j in bits [240 − j·bits, 240 − (j−1)·bits),
 * zeros after the last step. Comparing two keys compares the paths element-wise in label order
 * with a prefix first — exactly ClickHouse's Array(String) order — so grouping, counting and
 * ranking paths never touch a string; the few surviving keys are decoded with the dictionary.
 * The top 16 bits are free for a caller's tag. Two different labels of one site with the same
 * 64-bit hash would be merged (see analysis/README.md).
 */
import { labelsSql } from '../common/narrow-sql.js';
import { TOUCHPOINT } from '../common/touchpoint.js';
import { END_NODE, START_NODE } from './schema.js';

export type AnchorKind = 'entry' | 'start' | 'end';

/** The per-event hash array name (`lb_`) and its expression, for NarrowOptions.hashes. */
export const LABEL_HASH = ['lb', TOUCHPOINT] as const;

/** Bits per step id for paths of at most `depth` steps (≥ 24: 16 M labels). */
export function idBits(depth: number): number {
  return Math.min(48, Math.floor(240 / depth));
}

/**
 * Scalar `dict_`: (hashes, labels) of every touchpoint label in the scope plus "(end)" and
 * "(start)", sorted by label; the id of a hash is its 1-based position. Use as `WITH … AS dict_`.
 */
export function labelDictSql(bits: number): string {
  return `(SELECT (groupArray(h), groupArray(label), throwIf(count() >= ${2 ** bits - 1}, 'too many distinct touchpoint labels for this path depth'))
    FROM (SELECT h, any(label) AS label FROM (
      SELECT h, label FROM (${labelsSql(TOUCHPOINT, "('pageview', 'event')")})
      UNION ALL SELECT cityHash64('${END_NODE}') AS h, '${END_NODE}' AS label
      UNION ALL SELECT cityHash64('${START_NODE}') AS h, '${START_NODE}' AS label)
    GROUP BY h ORDER BY label))`;
}

/** Id of hash `h` (0 if unknown). */
export const idOf = (h: string) => `transform(${h}, tupleElement(dict_, 1), arrayEnumerate(tupleElement(dict_, 1)), 0)`;
/** Label of id `i`. */
export const labelOf = (i: string) => `tupleElement(dict_, 2)[${i}]`;

/** UInt256 key of an array of ids (at most 240 / bits of them). */
export function packSql(ids: string, bits: number): string {
  return `toUInt256(arraySum(arrayMap((x, j) -> bitShiftLeft(toUInt256(x), 240 - ${bits} * j), ${ids}, arrayEnumerate(${ids}))))`;
}

/** The ids of a key (its nonzero steps), in order; `depth` = the most steps it can hold. */
export function unpackSql(key: string, bits: number, depth: number): string {
  return `arrayFilter(x -> x > 0, arrayMap(j -> toUInt64(bitAnd(bitShiftRight(${key}, 240 - ${bits} * j), ${2 ** bits - 1})), range(1, ${depth + 1})))`;
}

/**
 * Wraps `source` (rows with `lb_`, the unit's touchpoint label hashes in event order) into
 * layers that add `k_` (anchor index in the collapsed labels, 0 = not reached) and `p_` (the ids
 * of the unit's path: collapsed labels cut at the anchor, at most {depth:UInt8}), keeping the
 * `carry` columns. Needs `dict_` in scope. Each layer reads the previous one's columns: the
 * analyzer re-analyses inlined alias chains.
 */
export function pathLayersSql(anchor: AnchorKind, source: string, carry: readonly string[]): string {
  const keep = carry.length ? `${carry.join(', ')}, ` : '';
  const k = anchor === 'entry' ? 'toUInt64(1)' : `toUInt64(indexOf(cl_, cityHash64({anchor:String})))`;
  const p =
    anchor === 'end'
      ? `arraySlice(cl_, greatest(toInt64(1), toInt64(k_) - {depth:UInt8} + 1), least(k_, {depth:UInt8}))`
      : `arraySlice(cl_, k_, {depth:UInt8})`;
  return `SELECT ${keep}k_, arrayMap(h -> ${idOf('h')}, ph_) AS p_ FROM (
      SELECT ${keep}k_, ${p} AS ph_ FROM (
        SELECT ${keep}cl_, ${k} AS k_ FROM (
          SELECT ${keep}arrayFilter((l, q) -> l != q, lb_, arrayPushFront(arrayPopBack(lb_), bitNot(lb_[1]))) AS cl_
          FROM (${source}))))`;
}
