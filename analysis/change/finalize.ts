/**
 * Two periods' funnel counts, in total and per segment of each dimension of `by` (from SQL or the
 * reference) → what changed and which segments explain it (schema.ts has the decomposition).
 * Shared by both sides, so every rate, effect and z-test comes from the same integers.
 */
import { rate, round } from '../common/stats.js';
import { compared, decompose, type Side } from './decompose.js';
import type { Breakdown } from '../funnel/schema.js';
import type { Journey } from '../journeys/schema.js';
import type { ComparedPeriods } from '../common/baseline.js';
import type { ChangeDriver, ChangeResult } from './schema.js';


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

export function finalizeChange(journey: Journey, unit: ChangeResult['unit'], periods: ComparedPeriods, by: readonly Breakdown[], raw: ChangeRaw, limit: number): ChangeResult {
  const n = journey.stages.length;
  const cur = raw.current.all;
  const base = raw.baseline.all;

  const stages = journey.stages.map((s, k) => {
    const [current, baseline] = [side(cur, k), side(base, k)];
    return {
      index: k + 1,
      name: s.name,
      current,
      baseline,
      ...compared(at(cur, k), before(cur, k), at(base, k), before(base, k)),
      // From the counts, not the rate rounded to 6 digits: exact whatever the number of units.
      shortfall: before(base, k) === 0 ? null : round((current.from_previous * at(base, k)) / before(base, k) - current.reached, 2),
      segments_tested: 0,
    };
  });

  // Each dimension's segments by value, per period: built once, read at every stage.
  const byValue = (p: PeriodCounts, dim: Breakdown) => new Map(p.segments.filter((x) => x.by === dim).map((x) => [x.value, x as Counts]));
  const segs = by.map((dim) => ({ dim, s1: byValue(raw.current, dim), s0: byValue(raw.baseline, dim) }));
  const drivers: ChangeDriver[] = [];
  for (let k = 0; k < n; k++) {
    const N1 = before(cur, k);
    const N0 = before(base, k);
    // Without units in either period there is no change to explain.
    if (N1 === 0 || N0 === 0) continue;
    const counts = segs.flatMap(({ dim, s1, s0 }) =>
      [...new Set([...s1.keys(), ...s0.keys()])].map((value) => {
        const [c1, c0] = [s1.get(value) ?? NONE, s0.get(value) ?? NONE];
        return { by: dim, value, n1: before(c1, k), x1: at(c1, k), n0: before(c0, k), x0: at(c0, k) };
      }),
    );
    const found = decompose({ n1: N1, n0: N0, x0: at(base, k) }, counts, by, limit);
    stages[k]!.segments_tested = found.tested;
    const asStage = (x: Side) => ({ from_previous: x.units, reached: x.hits, rate: x.rate, share: x.share });
    drivers.push(...found.drivers.map((d) => ({ stage: k + 1, ...d, current: asStage(d.current), baseline: asStage(d.baseline) })));
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
      ...compared(at(cur, last), at(cur, 0), at(base, last), at(base, 0)),
    },
    drivers,
  };
}
