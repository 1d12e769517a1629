/**
 * Two periods' overview groups (sessions and bounces, in total and per entry value of each
 * dimension; from SQL or the reference) → the bounce rate's change and the segments behind it.
 */
import type { ComparedPeriods } from '../common/baseline.js';
import { rate } from '../common/stats.js';
import { compared, decompose, type SegmentCounts, type Side } from '../change/decompose.js';
import type { OverviewGroup } from '../overview/schema.js';
import type { BounceChangeResult, BounceDim } from './schema.js';

type Groups = readonly Pick<OverviewGroup, 'dim' | 'value' | 'sessions' | 'bounces'>[];

export function finalizeBounceChange(periods: ComparedPeriods, by: readonly BounceDim[], current: Groups, baseline: Groups, limit: number): BounceChangeResult {
  const total = (g: Groups) => g.find((x) => x.dim === 'total') ?? { sessions: 0, bounces: 0 };
  const [t1, t0] = [total(current), total(baseline)];
  const period = (p: { from: string; to: string }, t: { sessions: number; bounces: number }) => ({ ...p, sessions: t.sessions, bounces: t.bounces, rate: rate(t.bounces, t.sessions) });
  const segments: SegmentCounts<BounceDim>[] = by.flatMap((dim) => {
    const of = (g: Groups) => new Map(g.filter((x) => x.dim === dim).map((x) => [x.value, x]));
    const [s1, s0] = [of(current), of(baseline)];
    return [...new Set([...s1.keys(), ...s0.keys()])].map((value) => {
      const [c1, c0] = [s1.get(value), s0.get(value)];
      return { by: dim, value, n1: c1?.sessions ?? 0, x1: c1?.bounces ?? 0, n0: c0?.sessions ?? 0, x0: c0?.bounces ?? 0 };
    });
  });
  // Without sessions in either period there is no change to explain.
  const found = t1.sessions > 0 && t0.sessions > 0 ? decompose({ n1: t1.sessions, n0: t0.sessions, x0: t0.bounces }, segments, by, limit) : { drivers: [], tested: 0 };
  const side = (x: Side) => ({ sessions: x.units, bounces: x.hits, rate: x.rate, share: x.share });
  return {
    current: period(periods.current, t1),
    baseline: period(periods.baseline, t0),
    ...compared(t1.bounces, t1.sessions, t0.bounces, t0.sessions),
    by: [...by],
    segments_tested: found.tested,
    drivers: found.drivers.map((d) => ({ ...d, current: side(d.current), baseline: side(d.baseline) })),
  };
}
