/**
 * The funnel's per-unit chains for visitor scope, from each visitor's stage events alone.
 * windowFunnel's result depends only on the events that match a stage — and, with strict order,
 * on the first touchpoint matching none after the first stage-1 event, which ends the scan — so
 * the rest of a visitor's events need not enter the sorted arrays: the entry event (for attribute
 * filters and a breakdown) is found by an aggregate, and containment filters OR their bits
 * together. At 10 M events the plain funnel takes ~0.85–0.95 s instead of ~1.3 s through the full
 * skeleton (funnelNarrowSql), which sorts every event of every visitor; with strict order ~1.2 s
 * instead of 4.4 s (the full skeleton folds over every touchpoint).
 *
 * Session scope needs every timestamp (sessions come from gaps): it keeps funnelNarrowSql.
 */
import { CANON_SQL, IDENTITY_JOIN_SQL } from '../common/identity.js';
import { MS_SQL, hashSql, inScopeSql } from '../common/narrow-sql.js';
import { FIRST_SEEN_JOIN, chainsSql, funnelNarrowSql, narrowWindowFunnelSql, needsFirstSeen, pairsSql, segmentHashOf, type FunnelCoreOptions } from './core-sql.js';

/** Can funnelStageEventsSql stand in for funnelNarrowSql (a caller reading level, chain and seg)? */
export function stageEventsApply(o: FunnelCoreOptions): boolean {
  return o.journey.scope === 'visitor' && !o.extras?.length && !o.flagSql;
}

/**
 * The entry event is the first page view, else the first custom event, in event order (time, then
 * event id in UUID order). As one UInt256 key — custom events above every page view, then ms, then
 * the id — argMin finds it exactly, ties in ms included (tests/analysis/entry-key.test.ts). The
 * key is the bytes (8 zero bytes, id, ms + flag) read as one little-endian number, ClickHouse's
 * byte order: ~60 % of the cost of shifting and adding UInt256s; a tuple key measured 2× slower.
 */
export const ENTRY_KEY_SQL = `reinterpretAsUInt256(concat(toFixedString(unhex('0000000000000000'), 8),
      reinterpretAsFixedString(e.event_id), reinterpretAsFixedString(${MS_SQL} + bitShiftLeft(toUInt64(e.type != 'pageview'), 58))))`;

/**
 * Rows: canon, seg, level, chain (and ret) — as funnelNarrowSql's, for stageEventsApply options.
 * `seg` is the hash of the entry event's breakdown value (or `segmentHash`), or for visitor_type 1
 * when returning; `ret` (with `returning`) the latter beside the former.
 */
export function funnelStageEventsSql(o: FunnelCoreOptions): string {
  const n = o.journey.stages.length;
  const strict = o.journey.strict_order;
  const f = o.filters;
  const dim = segmentHashOf(o);
  // Per entry event: (breakdown hash, passes the attribute filters); only what is needed.
  const entry = [dim ? hashSql(dim) : 'toUInt64(0)', f.hasEntry ? f.entrySql : 'toUInt8(1)'];
  const aggs = [
    `groupArrayIf(${MS_SQL}, st != 0) AS ms_`,
    // The stage bits where the payload of narrow-sql.ts keeps them, for pairsSql.
    `groupArrayIf(bitShiftLeft(st, 10), st != 0) AS pl_`,
    dim || f.hasEntry ? `argMin((${entry.join(', ')}), ${ENTRY_KEY_SQL}) AS en_` : `(toUInt64(0), toUInt8(1)) AS en_`,
    f.fullMask > 0 ? `groupBitOr(${f.maskSql}) AS cm_` : `toUInt64(0) AS cm_`,
    needsFirstSeen(o) ? `min(${MS_SQL}) AS first_ms` : `toUInt64(0) AS first_ms`,
    // Strict order: the first stage-1 time (0: none) and the times of touchpoints matching no
    // stage, for where the scan stops.
    ...(strict ? [`minIf(${MS_SQL}, bitTest(st, 0)) AS t1_`, `groupArrayIf(${MS_SQL}, st = 0) AS ms0_`] : []),
  ];
  const units = `
    SELECT ${CANON_SQL} AS canon, ${aggs.join(',\n      ')}
    FROM (SELECT *, ${o.stages.maskSql} AS st FROM events AS e WHERE ${inScopeSql("('pageview', 'event')")}) AS e
    ${IDENTITY_JOIN_SQL}
    GROUP BY canon`;
  const passes = `tupleElement(en_, 2) = 1 AND bitAnd(cm_, ${f.fullMask}) = ${f.fullMask}`;
  const returning = 'toUInt64(fs.first_seen < u.first_ms)';
  const seg = o.breakdown === 'visitor_type' ? returning : dim ? 'tupleElement(en_, 1)' : 'toUInt64(0)';
  const ret = o.returning ? `, ${returning} AS ret` : '';
  // Strict order stops the scan at the first touchpoint matching no stage after the first stage-1
  // pair (at an equal ms, its (ts, 0) pair sorts before every stage pair): keep the pairs before it.
  const pairs = strict
    ? `arrayFilter(p -> t0_ = 0 OR intDiv(p, 32) < t0_, ${pairsSql(n, false)})`
    : pairsSql(n, false);
  const stop = strict ? `, arrayFilter(t -> t > t1_, ms0_) AS after_, if(t1_ > 0 AND length(after_) > 0, arrayMin(after_), 0) AS t0_` : '';
  const from = `
    SELECT u.canon AS canon, ${seg} AS seg${ret}, ${pairs} AS pairs
    FROM (SELECT *${stop} FROM (${units}) WHERE ${passes}) AS u
    ${needsFirstSeen(o) ? FIRST_SEEN_JOIN : ''}`;
  return `SELECT canon, seg${o.returning ? ', ret' : ''}, level, chain FROM (${chainsSql(n, from, strict)})`;
}

/**
 * Test hook: units where funnelStageEventsSql's level differs from ClickHouse's own windowFunnel
 * over the unit's whole event list (funnelNarrowSql), or that only one of the two keeps.
 */
export function verifyStageEventsSql(o: FunnelCoreOptions): string {
  return `SELECT count() AS units, countIf(w.canon != s.canon OR w.wf != s.level) AS mismatches
    FROM (SELECT canon, ${narrowWindowFunnelSql(o)} AS wf FROM (${funnelNarrowSql(o)})) AS w
    FULL JOIN (${funnelStageEventsSql(o)}) AS s ON w.canon = s.canon`;
}
