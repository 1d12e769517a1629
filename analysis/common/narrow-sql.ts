/**
 * The fast skeleton for journey analyses: the same visitors, event order, sessions and units as
 * units-sql.ts, but built from narrow numeric arrays instead of wide tuples of strings.
 *
 * Per event one UInt256 sort key: ms (bits 192+) | event id in ClickHouse UUID order (bits 64–191)
 * | payload (bits 0–63). Sorting that plain number is the exact event order (time, then event id)
 * and carries the payload along for free. Strings never enter the arrays: a caller that needs one
 * (a path, a touchpoint label, a dimension) carries its cityHash64 in a parallel array (sorted by
 * the same keys) and turns the few hashes left after aggregating back into text with
 * `labelsSql`. Canonical visitors get a dense number `vid` so distinct counts are over UInt64.
 *
 * Payload bits: 0–1 kind (1 page view, 2 custom event, 3 engagement), 2 entry-filter flag,
 * 3–9 containment mask, 10–29 journey stage mask, 32–63 engaged ms.
 */
import type { CompiledFilters } from './filters.js';
import { CANON_SQL, IDENTITY_JOIN_SQL } from './identity.js';

export const PL = {
  kind: (p: string) => `bitAnd(${p}, 3)`,
  fok: (p: string) => `bitAnd(bitShiftRight(${p}, 2), 1)`,
  cmask: (p: string) => `bitAnd(bitShiftRight(${p}, 3), 127)`,
  stages: (p: string) => `bitAnd(bitShiftRight(${p}, 10), 1048575)`,
  engaged: (p: string) => `bitShiftRight(${p}, 32)`,
} as const;

export interface NarrowOptions {
  filters: CompiledFilters;
  withEngagement: boolean;
  /** SQL UInt64 stage mask over `e` (bit i = stage i+1), at most 20 stages; omit for none. */
  stagesSql?: string;
  /** Parallel hash arrays: [name, value over `e`] → array `<name>_` of its hashSql values. */
  hashes?: readonly (readonly [string, HashValue])[];
}

/**
 * An expression with a cheaper SQL form of its hash: `hash` equals cityHash64(`sql`) on every row
 * (tests/analysis/hash.test.ts), written so that ClickHouse hashes LowCardinality columns once per
 * distinct value (e.g. per branch of an if()).
 */
export interface Hashed {
  readonly sql: string;
  readonly hash: string;
  /** Aggregate SQL: the value for a group of events that share it (default any(sql)). */
  readonly label?: string;
}
/** One SQL expression over `e`, plain or Hashed. */
export type HashPart = string | Hashed;
/** A value the arrays carry as a hash: one part, or the parts of a tuple. */
export type HashValue = HashPart | readonly HashPart[];

const partsOf = (value: HashValue): readonly HashPart[] | null => (Array.isArray(value) ? (value as readonly HashPart[]) : null);
const partSql = (p: HashPart) => (typeof p === 'string' ? p : p.sql);
const partHash = (p: HashPart) => (typeof p === 'string' ? `cityHash64(${p})` : p.hash);

/**
 * The UInt64 hash of a value. One part: cityHash64 of it, so a hash can be compared with
 * cityHash64 of a literal (an anchor label, a channel name). Several parts: the parts' hashes
 * with distinct odd weights (h₁ + 3·h₂ + 5·h₃ …, mod 2⁶⁴). Each part that is a LowCardinality
 * column is hashed once per distinct value, where cityHash64(a, b, …) hashed every event's whole
 * tuple: the overview's ten-column key took 183 ms instead of 371 over 10 M events. Odd weights
 * are invertible mod 2⁶⁴, so two different tuples collide with the odds of one 64-bit hash.
 */
export function hashSql(value: HashValue): string {
  const parts = partsOf(value);
  if (!parts) return partHash(value as HashPart);
  return parts.map((p, i) => (i === 0 ? partHash(p) : `${2 * i + 1} * ${partHash(p)}`)).join(' + ');
}

/** A value as one SQL expression (a tuple of its parts), for a label or a wide column. */
export function valueSql(value: HashValue): string {
  const parts = partsOf(value);
  return parts ? `(${parts.map(partSql).join(', ')})` : partSql(value as HashPart);
}

/** An event's time in UTC milliseconds, UInt64. */
export const MS_SQL = 'toUInt64(toUnixTimestamp64Milli(e.ts))';
const LOW64 = '18446744073709551615';

function payloadSql(o: NarrowOptions): string {
  const parts = [
    `toUInt64(CAST(e.type, 'Int8'))`,
    `bitShiftLeft(toUInt64(${o.filters.entrySql}), 2)`,
    `bitShiftLeft(toUInt64(${o.filters.maskSql}), 3)`,
    `bitShiftLeft(toUInt64(${o.stagesSql ?? '0'}), 10)`,
  ];
  if (o.withEngagement) parts.push(`bitShiftLeft(toUInt64(e.engaged_ms), 32)`);
  return parts.join(' + ');
}

export const RANGE_SQL = `e.ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND e.ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`;

/** The scope's events of `types` (an SQL tuple of type names): site and range. */
export const inScopeSql = (types: string) => `e.site_id = {site:String} AND ${RANGE_SQL} AND e.type IN ${types}`;

/** The events of the scope, one row each: canon, key (UInt256) and the hash columns. */
function eventsSql(o: NarrowOptions): string {
  const types = o.withEngagement ? "('pageview', 'event', 'engagement')" : "('pageview', 'event')";
  const hashes = (o.hashes ?? []).map(([n, value]) => `, groupArray(${hashSql(value)}) AS ${n}_raw`).join('');
  return `
    SELECT ${CANON_SQL} AS canon,
      groupArray(bitShiftLeft(toUInt256(${MS_SQL}), 192) + bitShiftLeft(toUInt256(reinterpretAsUInt128(e.event_id)), 64)
        + toUInt256(${payloadSql(o)})) AS k_raw${hashes}
    FROM events AS e
    ${IDENTITY_JOIN_SQL}
    WHERE ${inScopeSql(types)}
    GROUP BY canon`;
}

/**
 * One row per canonical visitor: canon, vid, ms_ (UInt64, event order), pl_ (payload), tp_
 * (1 for touchpoints), st_ (1 where a session starts), sess (session per event, 0 = none),
 * starts (session start ms), plus `<hash>_` arrays.
 */
export function narrowVisitorsSql(o: NarrowOptions): string {
  const names = (o.hashes ?? []).map(([n]) => n);
  // Hash arrays ride along in one sort of zipped tuples: the keys are unique (they hold the event
  // id), so tuples sort by key alone. A lambda sort (arraySort((h, k) -> k, h, k)) compares through
  // a generic column comparator and measured ~2× slower per array at 10 M events.
  const sorted = names.length
    ? `arraySort(arrayZip(k_raw, ${names.map((n) => `${n}_raw`).join(', ')})) AS z_, arrayMap(z -> tupleElement(z, 1), z_) AS k_${names
        .map((n, i) => `, arrayMap(z -> tupleElement(z, ${i + 2}), z_) AS ${n}_`)
        .join('')}`
    : 'arraySort(k_raw) AS k_';
  return `
  SELECT canon, rowNumberInAllBlocks() AS vid, ms_, pl_${(o.hashes ?? []).map(([n]) => `, ${n}_`).join('')},
    arrayMap(p -> toUInt8(bitAnd(p, 3) != 3), pl_) AS tp_,
    arrayFill((x, f) -> f, ms_, tp_) AS lt_,
    arrayMap((t, f, c, p) -> toUInt8(f = 1 AND (c = 0 OR t - p >= {gap:UInt64})), ms_, tp_,
      arrayMap((c, f) -> c - f, arrayCumSum(tp_), tp_), arrayPopBack(arrayPushFront(lt_, toUInt64(0)))) AS st_,
    arrayCumSum(st_) AS sess,
    arrayFilter((t, s) -> s = 1, ms_, st_) AS starts
  FROM (
    SELECT canon, ${sorted},
      arrayMap(k -> toUInt64(bitShiftRight(k, 192)), k_) AS ms_,
      arrayMap(k -> toUInt64(bitAnd(k, ${LOW64})), k_) AS pl_
    FROM (${eventsSql(o)})
  )`;
}

/**
 * One row per session: canon, vid, sidx, ms_, pl_, hash arrays of that session, start, next_start
 * (start of the visitor's next session, 0 if none). Engagement events before a visitor's first
 * touchpoint belong to no session and are dropped.
 */
export function narrowSessionsSql(o: NarrowOptions): string {
  const names = ['ms', 'pl', ...(o.hashes ?? []).map(([n]) => n)];
  const splits = names.map((n) => `arraySplit((x, s) -> s, ${n}_, st_) AS ${n}_c`).join(', ');
  const joins = names.map((n) => `${n}_c AS ${n}_s`).join(', ');
  return `
  SELECT canon, vid, toUInt64(ci - lead) AS sidx, ${names.map((n) => `${n}_s AS ${n}_`).join(', ')},
    ms_s[1] AS start, v_starts[sidx + 1] AS next_start
  FROM (
    SELECT canon, vid, ${splits}, starts AS v_starts, toUInt8(st_[1] = 0) AS lead
    FROM (${narrowVisitorsSql(o)})
  )
  ARRAY JOIN ${joins}, arrayEnumerate(ms_c) AS ci
  WHERE ci > lead`;
}

/** Index (1-based) of the entry event in a payload array: first page view, else first touchpoint; 0 if none. */
export function narrowEntrySql(payloads: string): string {
  const first = (kind: number) => `arrayFirstIndex(p -> bitAnd(p, 3) = ${kind}, ${payloads})`;
  return `if(${first(1)} > 0, ${first(1)}, ${first(2)})`;
}

/** narrowEntrySql of a unit's `pl_`. */
export const NARROW_ENTRY_SQL = narrowEntrySql('pl_');

/** Does the unit (row with `pl_` and `ei` = NARROW_ENTRY_SQL) pass the filters? */
export function narrowPassesSql(f: CompiledFilters): string {
  const entry = `ei > 0 AND ${PL.fok('pl_[ei]')} = 1`;
  if (f.fullMask === 0) return entry;
  return `${entry} AND bitAnd(arrayReduce('groupBitOr', arrayMap(p -> ${PL.cmask('p')}, pl_)), ${f.fullMask}) = ${f.fullMask}`;
}

/**
 * The units of `units` (rows with `pl_`) that pass the filters, with columns `cols`, `pl_` and `ei`
 * (NARROW_ENTRY_SQL: the entry event's index).
 */
export function narrowPassingSql(units: string, cols: readonly string[], f: CompiledFilters): string {
  const own = [...cols, 'pl_'].join(', ');
  return `SELECT ${own}, ei FROM (SELECT ${own}, ${NARROW_ENTRY_SQL} AS ei FROM (${units})) WHERE ${narrowPassesSql(f)}`;
}

/**
 * Hash → text for the hashes that survive aggregation: (h UInt64, label) for every distinct
 * value over the scope's events of `types`. The label is `agg`, an aggregate over the group's
 * events (cheaper when it applies functions once to any(column) than to every event); default:
 * a Hashed value's own label aggregate, else any() of the value. A hash collision between two
 * different values of one site (odds ~ n²/2^65) would merge them.
 */
export function labelsSql(value: HashValue, types: string, agg?: string): string {
  const own = typeof value === 'object' && 'hash' in value ? value.label : undefined;
  const label = agg ?? own ?? `any(${valueSql(value)})`;
  return `
    SELECT ${hashSql(value)} AS h, ${label} AS label
    FROM events AS e
    WHERE ${inScopeSql(types)}
    GROUP BY h`;
}
