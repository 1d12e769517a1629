/**
 * The per-unit funnel in SQL, shared by the journey analyses: each unit (visitor or session)
 * passing the filters, with its level and the timestamps of the chain that reached it —
 * windowFunnel's algorithm (see algorithm.ts) as array passes per level (`chainsSql`), since
 * windowFunnel itself only returns the level. `funnelCoreSql` runs it as an arrayFold over wide
 * tuples, for the tests only: `verifySql` checks both against windowFunnel.
 */
import { dimensionHashed, dimensionSql, type Dimension } from '../common/dimensions.js';
import type { CompiledFilters } from '../common/filters.js';
import { CANON_SQL, IDENTITY_JOIN_SQL } from '../common/identity.js';
import { MS_SQL, NARROW_ENTRY_SQL, labelsSql, narrowPassesSql, narrowSessionsSql, narrowVisitorsSql, valueSql, type HashValue, type NarrowOptions } from '../common/narrow-sql.js';
import { ENTRY_INDEX_SQL, col, sessionUnitsSql, unitPassesSql, visitorArraysSql, type UnitsSqlOptions } from '../common/units-sql.js';
import type { CompiledStages } from '../journeys/match.js';
import type { Journey } from '../journeys/schema.js';
import type { Breakdown } from './schema.js';

export interface FunnelCoreOptions {
  journey: Journey;
  stages: CompiledStages;
  filters: CompiledFilters;
  breakdown?: Breakdown | undefined;
  /**
   * Extra per-event values the caller reads: in `evs` (funnelCoreSql), as hash arrays `<name>_`
   * (funnelNarrowSql, common/narrow-sql.ts hashSql).
   */
  extras?: readonly (readonly [string, HashValue])[];
  /** funnelNarrowSql: a UInt8 condition over `e` carried in payload bit FLAG_BIT of `pl_`. */
  flagSql?: string | undefined;
  /**
   * `seg` as the hash of these values of the unit's entry event, in place of the breakdown's one
   * dimension: several dimensions counted in one pass (change/sql.ts splits them after counting).
   */
  segmentHash?: HashValue | undefined;
  /**
   * Also a column `ret`: 1 when the unit's visitor was seen before the unit's first event (the
   * visitor_type breakdown's "returning"), beside a `seg` of other dimensions (change/sql.ts).
   */
  returning?: boolean | undefined;
}

/** Does the unit query need each visitor's first touchpoint (FIRST_SEEN_JOIN)? */
export const needsFirstSeen = (o: FunnelCoreOptions) => o.breakdown === 'visitor_type' || o.returning === true;

/** What `seg` hashes: `segmentHash`, else the breakdown's dimension (visitor_type is no value of the entry event). */
export function segmentHashOf(o: FunnelCoreOptions): HashValue | null {
  return o.segmentHash ?? (o.breakdown && o.breakdown !== 'visitor_type' ? dimensionHashed(o.breakdown as Dimension) : null);
}

/** Payload bit of `flagSql` (stage mask bit 20: stages use at most bits 0–19, payload bits 10–29). */
export const FLAG_BIT = 30;

export function unitsOptions(o: FunnelCoreOptions): UnitsSqlOptions {
  const seg: [string, string][] =
    o.breakdown && o.breakdown !== 'visitor_type' ? [['seg', dimensionSql(o.breakdown as Dimension)]] : [];
  return { filters: o.filters, withEngagement: false, extras: [['stages', o.stages.maskSql], ...seg, ...(o.extras ?? []).map(([n, v]) => [n, valueSql(v)] as const)] };
}

/**
 * windowFunnel's steps as an arrayFold over sorted pairs, keeping the chains' timestamps: state
 * (done, chains), chains[k] = timestamps of the chain at level k. `ts` / `st` read a pair `p`.
 */
function foldSql(n: number, strict: boolean, pairs: string, ts: string, st: string): string {
  const ch = 'tupleElement(acc, 2)';
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
    ${pairs}, (toUInt8(0), arrayMap(i -> CAST([], 'Array(UInt64)'), range(${n}))))`;
}

/** visitor_type: LEFT JOIN of each canonical visitor's first touchpoint before the range end (`fs.first_seen`). */
export const FIRST_SEEN_JOIN = `LEFT ANY JOIN (
        SELECT ${CANON_SQL} AS canon, min(${MS_SQL}) AS first_seen
        FROM events AS e ${IDENTITY_JOIN_SQL}
        WHERE e.site_id = {site:String} AND e.ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC') AND e.type IN ('pageview', 'event')
        GROUP BY canon
      ) AS fs ON u.canon = fs.canon`;

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
    join = FIRST_SEEN_JOIN;
  } else if (o.breakdown) {
    seg = col(uo, 'seg', 'evs[ei]');
  }
  return `
  SELECT *, arrayCount(c -> length(c) > 0, tupleElement(st, 2)) AS level, tupleElement(st, 2)[level] AS chain
  FROM (
    SELECT u.canon AS canon, sidx, evs, sess_, starts_, ei, ${seg} AS seg,
      arraySort(arrayFlatten(arrayMap(x -> ${pairsOf}, evs))) AS pairs,
      ${foldSql(n, strict, 'pairs', 'tupleElement(p, 1)', 'tupleElement(p, 2)')} AS st
    FROM (SELECT *, ${ENTRY_INDEX_SQL} AS ei FROM (${base}) WHERE ${unitPassesSql(o.filters)}) AS u
    ${join}
  )`;
}

/**
 * funnelCoreSql over the narrow skeleton (common/narrow-sql.ts): rows canon, vid, sidx, ms_, pl_,
 * the `<name>_` hash arrays of \`o.extras\` (hashSql of each value), sess_, starts_, ei,
 * seg (for a dimension breakdown: the cityHash64 of the entry event's value, see
 * `segmentLabelsSql`), ret (with `returning`), level, chain: `chainsSql` finds the chain with array passes per level
 * (strict order: over pairs that include every touchpoint matching no stage).
 */
export function funnelNarrowSql(o: FunnelCoreOptions): string {
  const n = o.journey.stages.length;
  const strict = o.journey.strict_order;
  const dim = segmentHashOf(o);
  const no: NarrowOptions = {
    filters: o.filters,
    withEngagement: false,
    stagesSql: o.flagSql ? `(${o.stages.maskSql}) + toUInt64(${o.flagSql}) * ${2 ** (FLAG_BIT - 10)}` : o.stages.maskSql,
    hashes: [...(dim ? [['sg', dim] as const] : []), ...(o.extras ?? [])],
  };
  const hashCols = (no.hashes ?? []).map(([name]) => `, ${name}_`).join('');
  const base =
    o.journey.scope === 'visitor'
      ? `SELECT canon, vid, toUInt64(0) AS sidx, ms_, pl_${hashCols}, sess AS sess_, starts AS starts_ FROM (${narrowVisitorsSql(no)})`
      : `SELECT canon, vid, sidx, ms_, pl_${hashCols}, arrayMap(x -> toUInt64(1), ms_) AS sess_, [start, next_start] AS starts_
         FROM (${narrowSessionsSql(no)})`;
  const returning = `toUInt64(fs.first_seen < ms_[1])`;
  const seg = o.breakdown === 'visitor_type' ? returning : dim ? `sg_[ei]` : `toUInt64(0)`;
  const ret = o.returning ? `, ${returning} AS ret` : '';
  const unit = `SELECT *, ${NARROW_ENTRY_SQL} AS ei FROM (${base}) WHERE ${narrowPassesSql(o.filters)}`;
  const first = `SELECT u.canon AS canon, vid, sidx, ms_, pl_${hashCols}, sess_, starts_, ei, ${seg} AS seg${ret}, ${pairsSql(n, strict)} AS pairs
    FROM (${unit}) AS u
    ${needsFirstSeen(o) ? FIRST_SEEN_JOIN : ''}`;
  return `
  SELECT canon, vid, sidx, ms_, pl_${hashCols}, sess_, starts_, ei, seg${o.returning ? ', ret' : ''}, level, chain
  FROM (${chainsSql(n, first, strict)})`;
}

/**
 * A unit's sorted (ts, stage) pairs packed as ts · 32 + stage, from `ms_` / `pl_` (stage bits at
 * payload bit 10): one flat array per stage, concatenated and sorted — no nested array per event.
 * Strict order adds (ts, 0) for touchpoints matching no stage.
 */
export function pairsSql(n: number, strict: boolean): string {
  const ks = Array.from({ length: n }, (_, i) => i + 1);
  const per = ks.map((k) => `arrayMap(t -> t * 32 + ${k}, arrayFilter((t, p) -> bitTest(p, ${k + 9}), ms_, pl_))`);
  if (strict) per.push(`arrayMap(t -> t * 32, arrayFilter((t, p) -> bitAnd(p, ${(2 ** n - 1) * 1024}) = 0, ms_, pl_))`);
  return `arraySort(arrayConcat(${per.join(', ')}))`;
}

/**
 * windowFunnel without a fold, over sorted packed `pairs`. f_k[i] = 1 + the start ts of the chain
 * when pair i is a level-k success, else 0: level 1 succeeds at every stage-1 pair; level k at a
 * stage-k pair when the latest earlier level-(k−1) success (f_{k−1} filled forward) started within
 * the window. The chain behind the final level is the first level-n success (the scan stops
 * there), else the last level-L success, followed back through the latest earlier success of
 * each lower level (one stage: the last stage-1 pair). One subquery per step keeps the analyzer
 * from inlining aliases. Adds `level` and `chain` to the rows of `from`.
 *
 * `strict` (strict_order): once a stage-1 pair was seen, the scan ends at a (ts, 0) pair (a
 * touchpoint matching no stage) or at a stage-k pair whose level k−1 has no success yet;
 * successes from there on are dropped.
 */
export function chainsSql(n: number, from: string, strict = false): string {
  let q = `SELECT *, arrayMap(p -> intDiv(p, 32), pairs) AS pt_, arrayMap(p -> toUInt8(p % 32), pairs) AS ps_ FROM (${from})`;
  q = `SELECT *, arrayMap((s, t) -> if(s = 1, t + 1, 0), ps_, pt_) AS f1_ FROM (${q})`;
  // g_k: f_k filled forward (the latest level-k success so far), read by level k+1 and by strict's stop.
  for (let k = 2; k <= n; k++) {
    q = `SELECT *, arrayFill(x -> x > 0, f${k - 1}_) AS g${k - 1}_ FROM (${q})`;
    q = `SELECT *, arrayMap((s, t, b) -> if(s = ${k} AND b > 0 AND t < b + {window:UInt64}, b, 0), ps_, pt_, g${k - 1}_) AS f${k}_ FROM (${q})`;
  }
  const ks = Array.from({ length: n }, (_, i) => i + 1);
  let f = (k: number) => `f${k}_`;
  if (strict) {
    const lower = ks.slice(0, -1);
    const gs = lower.map((k) => `, g${k}`).join('');
    q = `SELECT *, arrayFirstIndex(s -> s = 1, ps_) AS s1_ FROM (${q})`;
    q = `SELECT *, if(s1_ = 0, 0, arrayFirstIndex((s, i${gs}) ->
        i > s1_ AND multiIf(s = 0, 0, ${lower.map((k) => `s = ${k + 1}, g${k}, `).join('')}1) = 0,
        ps_, arrayEnumerate(ps_)${lower.map((k) => `, g${k}_`).join('')})) AS brk_ FROM (${q})`;
    q = `SELECT *, ${ks.map((k) => `arrayMap((x, i) -> if(brk_ > 0 AND i >= brk_, 0, x), f${k}_, arrayEnumerate(f${k}_)) AS m${k}_`).join(', ')} FROM (${q})`;
    f = (k) => `m${k}_`;
  }
  q = `SELECT *, ${ks.map((k) => `arrayExists(x -> x > 0, ${f(k)})`).join(' + ')} AS level FROM (${q})`;
  // A stage-1 pair never ends the scan (it restarts the chain), so with one stage the chain is the last one.
  q = `SELECT *, if(level = ${n}, ${n === 1 ? 'arrayLastIndex' : 'arrayFirstIndex'}(x -> x > 0, ${f(n)}), 0) AS e${n}_ FROM (${q})`;
  for (let k = n - 1; k >= 1; k--) {
    q = `SELECT *, if(level = ${k}, arrayLastIndex(x -> x > 0, ${f(k)}),
        if(level > ${k}, arrayLastIndex(x -> x > 0, arraySlice(${f(k)}, 1, toInt64(e${k + 1}_) - 1)), 0)) AS e${k}_ FROM (${q})`;
  }
  // pt_[0] reads as 0 (past the level; cut by arraySlice).
  return `SELECT *, arraySlice([${ks.map((k) => `pt_[e${k}_]`).join(', ')}], 1, level) AS chain FROM (${q})`;
}

/** Hash → text of the breakdown dimension's values (for `seg` of funnelNarrowSql). */
export function segmentLabelsSql(o: FunnelCoreOptions): string | null {
  if (!o.breakdown || o.breakdown === 'visitor_type') return null;
  return labelsSql(dimensionHashed(o.breakdown as Dimension), "('pageview', 'event')");
}

/** The journey's windowFunnel as an arrayReduce over `times` with one condition array per stage, `cond(i)` for stage i+1. */
function windowFunnelOverSql(o: FunnelCoreOptions, times: string, cond: (i: number) => string): string {
  const fn = `windowFunnel(${o.journey.window_ms}${o.journey.strict_order ? ", ''strict_order''" : ''})`;
  return `arrayReduce('${fn}', ${times}, ${o.journey.stages.map((_, i) => cond(i)).join(', ')})`;
}

/** ClickHouse's own windowFunnel over a funnelNarrowSql row's whole event list (`ms_`, stage bits of `pl_`). */
export function narrowWindowFunnelSql(o: FunnelCoreOptions): string {
  return windowFunnelOverSql(o, 'ms_', (i) => `arrayMap(p -> toUInt8(bitTest(p, ${i + 10})), pl_)`);
}

/**
 * Test hook: units where the level of funnelCoreSql (fold over tuples) or of funnelNarrowSql
 * (packed pairs) differs from ClickHouse's own windowFunnel.
 */
export function verifySql(o: FunnelCoreOptions): string {
  const mask = col(unitsOptions(o), 'stages');
  const wide = windowFunnelOverSql(o, 'arrayMap(x -> tupleElement(x, 1), evs)', (i) => `arrayMap(x -> toUInt8(bitTest(${mask}, ${i})), evs)`);
  return `SELECT units, wide + narrow AS mismatches FROM (
    SELECT count() AS units, countIf(wf != level) AS wide FROM (
      SELECT level, ${wide} AS wf FROM (${funnelCoreSql(o)}))
  ) AS w CROSS JOIN (
    SELECT countIf(wf != level) AS narrow FROM (
      SELECT level, ${narrowWindowFunnelSql(o)} AS wf FROM (${funnelNarrowSql(o)}))
  ) AS nw`;
}

export function funnelCoreParams(o: FunnelCoreOptions): Record<string, string | number> {
  return { ...o.filters.params, ...o.stages.params, window: o.journey.window_ms };
}
