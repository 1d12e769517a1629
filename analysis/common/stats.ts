/**
 * Statistics computed in TypeScript from integer counts, after either side (SQL or reference)
 * produced those counts — so derived numbers agree exactly by construction.
 */

/** Complementary error function, |error| < 1.2e-7 (Numerical Recipes' erfcc, Chebyshev fit). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export interface ZTest {
  z: number | null;
  p_value: number | null;
  /** p < 0.05 */
  significant: boolean;
}

/**
 * Two-proportion z-test with pooled variance: x1/n1 against x2/n2, two-sided. Undefined (nulls)
 * when either group is empty or the pooled rate is 0 or 1.
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): ZTest {
  if (n1 === 0 || n2 === 0) return { z: null, p_value: null, significant: false };
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { z: null, p_value: null, significant: false };
  const z = (x1 / n1 - x2 / n2) / se;
  const p_value = erfc(Math.abs(z) / Math.SQRT2);
  return { z: round(z, 4), p_value: round(p_value, 6), significant: p_value < 0.05 };
}

/** num/den, or null for den 0; rounded so JSON and CSV stay readable. */
export function rate(num: number, den: number, digits = 6): number | null {
  return den === 0 ? null : round(num / den, digits);
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Benjamini–Hochberg adjusted p-values ("q-values"), in the order given. Flagging q < 0.05 keeps
 * the expected share of false alarms among the flagged at 5 %, however many tests ran: with 60
 * segments compared at p < 0.05, three would be flagged by chance alone. Nulls (no test) stay null
 * and do not count as tests. Step-up: q₍ᵢ₎ = min over j ≥ i of p₍ⱼ₎·m/j, capped at 1.
 */
export function benjaminiHochberg(ps: readonly (number | null)[]): (number | null)[] {
  const tested = ps.flatMap((p, i) => (p === null ? [] : [{ p, i }])).sort((a, b) => a.p - b.p || a.i - b.i);
  const m = tested.length;
  const q: (number | null)[] = ps.map(() => null);
  let min = 1;
  for (let j = m - 1; j >= 0; j--) {
    const t = tested[j]!;
    min = Math.min(min, (t.p * m) / (j + 1));
    q[t.i] = round(min, 6);
  }
  return q;
}
