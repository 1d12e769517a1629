/**
 * Two periods' funnel counts, in total and per segment of each dimension of `by` (from SQL or the
 * reference) → what changed and which segments explain it (schema.ts has the decomposition).
 * Shared by both sides, so every rate, effect and z-test comes from the same integers.
 */
import { cmpStr } from '../common/order.js';
import { benjaminiHochberg, rate, round, twoProportionZ } from '../common/stats.js';
import type { Breakdown } from '../funnel/schema.js';
import type { Journey } from '../journeys/schema.js';
import type { ChangeDriver, ChangeResult } from './schema.js';

export interface ChangePeriods {
  current: { from: string; to: string };
  baseline: { from: string; to: string };
}

/** Units (passing the filters) and how many reached each stage: a funnel's raw counts. */
export interface Counts {
  units: number;
  reached: readonly number[];
}

/** One period: everyone, and each segment (a dimension's value on the unit's entry event, or new/returning) of every dimension of `by`. */
export interface PeriodCounts {
  all: Counts;
  segments: readonly (Counts & { by: Breakdown; value: string })[];
}

export interface ChangeRaw {
  current: PeriodCounts;
  baseline: PeriodCounts;
}

const NONE: Counts = { units: 0, reached: [] };
/** Units that reached the stage before k (0-based); all units for stage 1. */
const before = (c: Counts, k: number) => (k === 0 ? c.units : (c.reached[k - 1] ?? 0));
const at = (c: Counts, k: number) => c.reached[k] ?? 0;
const side = (c: Counts, k: number) => ({ from_previous: before(c, k), reached: at(c, k), rate: rate(at(c, k), before(c, k)) });
/** current − baseline of two rates, rounded like the rates; null when either is. */
const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : round(a - b, 6));
/** z-test current against baseline. */
const test = (x1: number, n1: number, x0: number, n0: number) => ({ change: diff(rate(x1, n1), rate(x0, n0)), ...twoProportionZ(x1, n1, x0, n0) });

export function finalizeChange(journey: Journey, unit: ChangeResult['unit'], periods: ChangePeriods, by: readonly Breakdown[], raw: ChangeRaw, limit: number): ChangeResult {
  const n = journey.stages.length;
  const cur = raw.current.all;
  const base = raw.baseline.all;

  const stages = journey.stages.map((s, k) => ({
    index: k + 1,
    name: s.name,
    current: side(cur, k),
    baseline: side(base, k),
    ...test(at(cur, k), before(cur, k), at(base, k), before(base, k)),
    segments_tested: 0,
  }));

  // Each dimension's segments by value, per period: built once, read at every stage.
  const byValue = (p: PeriodCounts, dim: Breakdown) => new Map(p.segments.filter((x) => x.by === dim).map((x) => [x.value, x as Counts]));
  const segs = by.map((dim) => ({ dim, s1: byValue(raw.current, dim), s0: byValue(raw.baseline, dim) }));
  const drivers: ChangeDriver[] = [];
  for (let k = 0; k < n; k++) {
    const N1 = before(cur, k);
    const N0 = before(base, k);
    // Without units in either period there is no change to explain.
    if (N1 === 0 || N0 === 0) continue;
    const R0 = at(base, k) / N0;
    const found: ChangeDriver[] = [];
    for (const { dim, s1, s0 } of segs) {
      for (const value of new Set([...s1.keys(), ...s0.keys()])) {
        const c1 = s1.get(value) ?? NONE;
        const c0 = s0.get(value) ?? NONE;
        const [n1, x1, n0, x0] = [before(c1, k), at(c1, k), before(c0, k), at(c0, k)];
        if (n1 === 0 && n0 === 0) continue;
        const [w1, w0] = [n1 / N1, n0 / N0];
        // A segment absent from the baseline is all mix (r₀ may be taken as r₁: w₀ = 0).
        const r0 = n0 > 0 ? x0 / n0 : x1 / n1;
        const rateEffect = n1 > 0 && n0 > 0 ? w1 * (x1 / n1 - r0) : 0;
        const mixEffect = (r0 - R0) * (w1 - w0);
        const effect = round(rateEffect + mixEffect, 6);
        found.push({
          stage: k + 1,
          by: dim,
          value,
          current: { from_previous: n1, reached: x1, rate: rate(x1, n1), share: round(w1, 6) },
          baseline: { from_previous: n0, reached: x0, rate: rate(x0, n0), share: round(w0, 6) },
          rate_effect: round(rateEffect, 6),
          mix_effect: round(mixEffect, 6),
          effect,
          ...test(x1, n1, x0, n0),
          q_value: null,
        });
      }
    }
    // Every segment of every dimension at this stage is one comparison, shown or not, moved or
    // not: a driver is significant when it stays so after adjusting for all of them.
    const q = benjaminiHochberg(found.map((d) => d.p_value));
    found.forEach((d, i) => Object.assign(d, { q_value: q[i], significant: q[i] !== null && q[i]! < 0.05 }));
    stages[k]!.segments_tested = q.filter((x) => x !== null).length;
    // A segment that moved nothing explains nothing.
    const moved = found.filter((d) => d.effect !== 0);
    moved.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || by.indexOf(a.by) - by.indexOf(b.by) || cmpStr(a.value, b.value));
    drivers.push(...moved.slice(0, limit));
  }

  const last = n - 1;
  return {
    unit,
    current: { ...periods.current, units: cur.units },
    baseline: { ...periods.baseline, units: base.units },
    by: [...by],
    stages,
    completion: {
      current: rate(at(cur, last), at(cur, 0)),
      baseline: rate(at(base, last), at(base, 0)),
      ...test(at(cur, last), at(cur, 0), at(base, last), at(base, 0)),
    },
    drivers,
  };
}
