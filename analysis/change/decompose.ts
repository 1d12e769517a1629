/**
 * A rate's change between two periods split into segments (change/schema.ts has the formula):
 * per dimension, each segment's rate effect w₁(r₁ − r₀) plus mix effect (r₀ − R₀)(w₁ − w₀), which
 * add up to R₁ − R₀; each segment's own rate z-tested, its p-value adjusted (Benjamini–Hochberg)
 * for every segment compared. Shared by "what changed" (a stage's conversion) and the bounce
 * rate's change, so both explain a change the same way.
 */
import { benjaminiHochberg, rate, round, twoProportionZ } from '../common/stats.js';
import { cmpStr } from '../common/order.js';

/** One segment's units (the rate's denominator) and hits (its numerator) in both periods. */
export interface SegmentCounts<D extends string> {
  by: D;
  value: string;
  n1: number;
  x1: number;
  n0: number;
  x0: number;
}

export interface Side {
  units: number;
  hits: number;
  rate: number | null;
  share: number;
}

export interface Decomposed<D extends string> {
  by: D;
  value: string;
  current: Side;
  baseline: Side;
  rate_effect: number;
  mix_effect: number;
  effect: number;
  change: number | null;
  z: number | null;
  p_value: number | null;
  significant: boolean;
  q_value: number | null;
}

/** current − baseline of two rates, rounded like the rates; null when either is. */
const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : round(a - b, 6));
/** The two periods' rates, their change and its z-test. */
export const compared = (x1: number, n1: number, x0: number, n0: number) => ({ change: diff(rate(x1, n1), rate(x0, n0)), ...twoProportionZ(x1, n1, x0, n0) });

/**
 * The segments behind the change from X0/N0 to X1/N1 (both N > 0), largest |effect| first (ties:
 * the dimension's place in `order`, then value in byte order), at most `limit`; and how many
 * segments were compared (those that moved nothing included).
 */
export function decompose<D extends string>(
  total: { n1: number; n0: number; x0: number },
  segments: readonly SegmentCounts<D>[],
  order: readonly D[],
  limit: number,
): { drivers: Decomposed<D>[]; tested: number } {
  const { n1: N1, n0: N0 } = total;
  const R0 = total.x0 / N0;
  const found: Decomposed<D>[] = [];
  for (const { by, value, n1, x1, n0, x0 } of segments) {
    if (n1 === 0 && n0 === 0) continue;
    const [w1, w0] = [n1 / N1, n0 / N0];
    // A segment absent from the baseline is all mix (r₀ may be taken as r₁: w₀ = 0).
    const r0 = n0 > 0 ? x0 / n0 : x1 / n1;
    const rateEffect = n1 > 0 && n0 > 0 ? w1 * (x1 / n1 - r0) : 0;
    const mixEffect = (r0 - R0) * (w1 - w0);
    found.push({
      by,
      value,
      current: { units: n1, hits: x1, rate: rate(x1, n1), share: round(w1, 6) },
      baseline: { units: n0, hits: x0, rate: rate(x0, n0), share: round(w0, 6) },
      rate_effect: round(rateEffect, 6),
      mix_effect: round(mixEffect, 6),
      effect: round(rateEffect + mixEffect, 6),
      ...compared(x1, n1, x0, n0),
      q_value: null,
    });
  }
  // Every segment of every dimension is one comparison, shown or not, moved or not: a driver is
  // significant when it stays so after adjusting for all of them.
  const q = benjaminiHochberg(found.map((d) => d.p_value));
  found.forEach((d, i) => Object.assign(d, { q_value: q[i], significant: q[i] !== null && q[i]! < 0.05 }));
  // A segment that moved nothing explains nothing.
  const moved = found.filter((d) => d.effect !== 0);
  moved.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || order.indexOf(a.by) - order.indexOf(b.by) || cmpStr(a.value, b.value));
  return { drivers: moved.slice(0, limit), tested: q.filter((x) => x !== null).length };
}
