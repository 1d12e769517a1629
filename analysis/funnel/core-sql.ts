/**
 * The per-unit funnel in SQL, shared by the funnel and drop-off analyses: each unit (visitor or
 * session) passing the filters, with its level and the timestamps of the chain that reached it —
 * windowFunnel's algorithm (see algorithm.ts) run with arrayFold, since windowFunnel itself only
 * returns the level. `verifySql` checks the fold against windowFunnel for the tests.
 */
import { dimensionSql, type Dimension } from '../common/dimensions.js';
import type { CompiledFilters } from '../common/filters.js';
import { CANON_SQL, IDENTITY_JOIN_SQL } from '../common/identity.js';
import { ENTRY_INDEX_SQL, col, sessionUnitsSql, unitPassesSql, visitorArraysSql, type UnitsSqlOptions } from '../common/units-sql.js';
import type { CompiledStages } from '../journeys/match.js';
import type { Journey } from '../journeys/schema.js';
import type { Breakdown } from './schema.js';

export interface FunnelCoreOptions {
  journey: Journey;
  stages: CompiledStages;
  filters: CompiledFilters;
  breakdown?: Breakdown | undefined;
  /** Extra per-event columns the caller reads from `evs` (e.g. touchpoint labels). */
  extras?: readonly (readonly [string, string])[];
}

export function unitsOptions(o: FunnelCoreOptions): UnitsSqlOptions {
  const seg: [string, string][] =
    o.breakdown && o.breakdown !== 'visitor_type' ? [['seg', dimensionSql(o.breakdown as Dimension)]] : [];
  return { filters: o.filters, withEngagement: false, extras: [['stages', o.stages.maskSql], ...seg, ...(o.extras ?? [])] };
}

/** The fold: state (done, chains); chains[k] = timestamps of the chain at level k. */
function foldSql(n: number, strict: boolean): string {
  const ch = 'tupleElement(acc, 2)';
  const ts = 'tupleElement(p, 1)';
  const st = 'tupleElement(p, 2)';
  const set = (value: string) => `arrayMap((c, j) -> if(j = ${st}, ${value}, c), ${ch}, range(1, ${n + 1}))`;
  const hasFirst = `length(${ch}[1]) > 0`;
  const prev = `${ch}[${st} - 1]`;
  return `arrayFold((acc, p) ->
      if(tupleElement(acc, 1) = 1, acc,
      if(${st} = 0, (toUInt8(${hasFirst}), ${ch}),
      if(${st} = 1, (toUInt8(0), ${set(`[${ts}]`)}),
      if(${strict ? 1 : 0} = 1 AND ${hasFirst} AND length(${prev}) = 0, (toUInt8(1), ${ch}),
      if(length(${prev}) > 0 AND ${ts} <= ${prev}[1] + {window:UInt64},
        (toUInt8(${st} = ${n}), ${set(`arrayPushBack(${prev}, ${ts})`)}),
      acc))))),
    pairs, (toUInt8(0), arrayMap(i -> CAST([], 'Array(UInt64)'), range(${n}))))`;
}

/**
 * Rows: canon, sidx, evs, sess_ (session per event), starts_ (session starts; for session units
 * [start, next session start]), ei (entry index), seg, level, chain.
 */
export function funnelCoreSql(o: FunnelCoreOptions): string {
  const n = o.journey.stages.length;
  const strict = o.journey.strict_order;
  const uo = unitsOptions(o);
  const base =
    o.journey.scope === 'visitor'
      ? `SELECT canon, toUInt64(0) AS sidx, evs, sess AS sess_, starts AS starts_ FROM (${visitorArraysSql(uo)})`
      : `SELECT canon, sidx, evs, arrayMap(x -> toUInt64(1), evs) AS sess_, [tupleElement(evs[1], 1), next_start] AS starts_
         FROM (${sessionUnitsSql(uo)})`;
  const mask = col(uo, 'stages');
  const pairsOf = `arrayConcat(
      arrayMap(k -> (tupleElement(x, 1), toUInt8(k)), arrayFilter(k -> bitTest(${mask}, k - 1), range(1, ${n + 1}))),
      if(${strict ? 1 : 0} = 1 AND ${mask} = 0, [(tupleElement(x, 1), toUInt8(0))], []))`;
  let seg = `''`;
  let join = '';
  if (o.breakdown === 'visitor_type') {
    seg = `if(fs.first_seen < tupleElement(evs[1], 1), 'returning', 'new')`;
    join = `LEFT ANY JOIN (
        SELECT ${CANON_SQL} AS canon, min(toUInt64(toUnixTimestamp64Milli(e.ts))) AS first_seen
        FROM events AS e ${IDENTITY_JOIN_SQL}
        WHERE e.site_id = {site:String} AND e.ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC') AND e.type IN ('pageview', 'event')
        GROUP BY canon
      ) AS fs ON u.canon = fs.canon`;
  } else if (o.breakdown) {
    seg = col(uo, 'seg', 'evs[ei]');
  }
  return `
  SELECT *, arrayCount(c -> length(c) > 0, tupleElement(st, 2)) AS level, tupleElement(st, 2)[level] AS chain
  FROM (
    SELECT u.canon AS canon, sidx, evs, sess_, starts_, ei, ${seg} AS seg,
      arraySort(arrayFlatten(arrayMap(x -> ${pairsOf}, evs))) AS pairs,
      ${foldSql(n, strict)} AS st
    FROM (SELECT *, ${ENTRY_INDEX_SQL} AS ei FROM (${base}) WHERE ${unitPassesSql(o.filters)}) AS u
    ${join}
  )`;
}

/** Test hook: units where the fold's level differs from ClickHouse's own windowFunnel. */
export function verifySql(o: FunnelCoreOptions): string {
  const n = o.journey.stages.length;
  const uo = unitsOptions(o);
  const mask = col(uo, 'stages');
  const fn = `windowFunnel(${o.journey.window_ms}${o.journey.strict_order ? ", ''strict_order''" : ''})`;
  const conds = Array.from({ length: n }, (_, i) => `arrayMap(x -> toUInt8(bitTest(${mask}, ${i})), evs)`);
  return `SELECT count() AS units, countIf(wf != level) AS mismatches FROM (
    SELECT level, arrayReduce('${fn}', arrayMap(x -> tupleElement(x, 1), evs), ${conds.join(', ')}) AS wf
    FROM (${funnelCoreSql(o)}))`;
}

export function funnelCoreParams(o: FunnelCoreOptions): Record<string, string | number> {
  return { ...o.filters.params, ...o.stages.params, window: o.journey.window_ms };
}
