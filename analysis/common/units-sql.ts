/**
 * The SQL skeleton every journey analysis builds on (array-based, ~5× faster than window
 * functions): one row per canonical visitor with its events as a sorted array of tuples, session
 * numbers per event, and session starts; optionally regrouped into one row per session. The
 * TypeScript mirror is units.ts.
 *
 * Tuple layout of `evs` elements: 1 ms UInt64, 2 event id (UUID), 3 kind (Enum value), 4 entry-filter
 * flag, 5 containment mask, then the caller's extra columns in order (see `col`).
 */
import { CANON_SQL, IDENTITY_JOIN_SQL } from './identity.js';
import type { CompiledFilters } from './filters.js';
import { SESSIONIZE_SQL } from './sessions.js';

export interface UnitsSqlOptions {
  filters: CompiledFilters;
  /** Engagement events join the arrays (they carry engaged time); they never start sessions. */
  withEngagement: boolean;
  /** Extra per-event columns: [name, expression over `e`]. Expressions come from allowlists. */
  extras: readonly (readonly [string, string])[];
}

export const FIXED_FIELDS = 5;

/** `tupleElement(<x>, i)` for an extra column by name. */
export function col(opts: UnitsSqlOptions, name: string, of = 'x'): string {
  const i = opts.extras.findIndex(([n]) => n === name);
  if (i < 0) throw new Error(`unknown unit column ${name}`);
  return `tupleElement(${of}, ${FIXED_FIELDS + 1 + i})`;
}

/** One row per canonical visitor: canon, evs, ts_, tp_, sess, starts (+ helper arrays). */
export function visitorArraysSql(opts: UnitsSqlOptions): string {
  const types = opts.withEngagement ? "('pageview', 'event', 'engagement')" : "('pageview', 'event')";
  const extras = opts.extras.map(([name, expr]) => `, ${expr} AS x_${name}`).join('');
  const tuple = ['ms', 'eid', 'kind', 'fok', 'cmask', ...opts.extras.map(([n]) => `x_${n}`)].join(', ');
  return `
  SELECT canon, evs,
    arrayMap(x -> tupleElement(x, 1), evs) AS ts_,
    arrayMap(x -> toUInt8(tupleElement(x, 3) != 3), evs) AS tp_,
    ${SESSIONIZE_SQL}
  FROM (
    SELECT canon, arraySort(groupArray((${tuple}))) AS evs
    FROM (
      SELECT ${CANON_SQL} AS canon,
        toUInt64(toUnixTimestamp64Milli(e.ts)) AS ms,
        e.event_id AS eid,
        toUInt8(CAST(e.type, 'Int8')) AS kind,
        ${opts.filters.entrySql} AS fok,
        ${opts.filters.maskSql} AS cmask${extras}
      FROM events AS e
      ${IDENTITY_JOIN_SQL}
      WHERE e.site_id = {site:String}
        AND e.ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
        AND e.ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND e.type IN ${types}
    )
    GROUP BY canon
  )`;
}

/**
 * One row per session: canon, sidx, evs (that session's events), next_start (start of the
 * visitor's next session, 0 if none). arraySplit cuts the visitor's sorted array at session
 * starts, so there is no regrouping or re-sorting; a leading chunk of engagement events that
 * precede every touchpoint (session 0) is dropped.
 */
export function sessionUnitsSql(opts: UnitsSqlOptions): string {
  return `
  SELECT canon, toUInt64(ci - lead) AS sidx, chunk AS evs, v_starts[sidx + 1] AS next_start
  FROM (
    SELECT canon, arraySplit((x, s) -> s, evs, st_) AS chunks, starts AS v_starts, toUInt8(st_[1] = 0) AS lead
    FROM (${visitorArraysSql(opts)})
  )
  ARRAY JOIN chunks AS chunk, arrayEnumerate(chunks) AS ci
  WHERE ci > lead`;
}

/** Index (1-based) of a unit's entry event in \`evs\`: its first page view, else first touchpoint; 0 if none. */
export const ENTRY_INDEX_SQL = `if(arrayFirstIndex(x -> tupleElement(x, 3) = 1, evs) > 0,
    arrayFirstIndex(x -> tupleElement(x, 3) = 1, evs),
    arrayFirstIndex(x -> tupleElement(x, 3) = 2, evs))`;

/** Does the unit (row with `evs` and `ei` = ENTRY_INDEX_SQL) pass the filters? */
export function unitPassesSql(f: CompiledFilters): string {
  const entry = `ei > 0 AND tupleElement(evs[ei], 4) = 1`;
  if (f.fullMask === 0) return entry;
  return `${entry} AND bitAnd(arrayFold((a, x) -> bitOr(a, tupleElement(x, 5)), evs, toUInt64(0)), ${f.fullMask}) = ${f.fullMask}`;
}
