/**
 * Raw retention groups (SQL or reference) → the result; shared, so both sides lay out the grid
 * and divide alike. What has been observed ends at the range end or now, whichever is earlier:
 * a period that has not begun by then is not listed (it could only show zeros), one that has
 * begun but not ended is listed with `complete: false` (its count can still grow) and left out of
 * the averages, as are cohorts nobody is in.
 */
import { cmpStr } from '../common/order.js';
import { rate, twoProportionZ } from '../common/stats.js';
import type { Scope } from '../common/params.js';
import { DAY_MS, HOUR_MS } from '../common/time.js';
import { periodSpans, type PeriodSpan, type RetentionInterval } from './periods.js';
import { DAY_PERIODS_UP_TO, type RetentionParams, type RetentionRaw, type RetentionResult } from './schema.js';

export function retentionInterval(scope: Scope, p: Pick<RetentionParams, 'interval'>): RetentionInterval {
  return p.interval ?? (scope.toMs - scope.fromMs <= DAY_PERIODS_UP_TO * DAY_MS + HOUR_MS ? 'day' : 'week');
}

type Average = RetentionResult['periods'][number];

/** One population's grid (everyone, or one segment): its cohorts and the averages per period. */
function grid(at: (bucket: number, period: number) => number, spans: readonly PeriodSpan[], seen: number) {
  const avg = new Map<number, Omit<Average, 'period' | 'rate'>>();
  const cohorts = spans.map((c, i) => {
    const visitors = at(c.n, 0);
    const periods = spans.slice(i + 1).map((s, k) => {
      const returned = at(c.n, k + 1);
      const complete = s.end <= seen;
      // Empty cohorts add nothing to the average but a count of cohorts that says nothing.
      if (complete && visitors > 0) {
        const a = avg.get(k + 1) ?? { cohorts: 0, visitors: 0, returned: 0 };
        avg.set(k + 1, { cohorts: a.cohorts + 1, visitors: a.visitors + visitors, returned: a.returned + returned });
      }
      return { period: k + 1, returned, rate: rate(returned, visitors), complete };
    });
    const returned = at(c.n, -1);
    return { bucket: c.label, visitors, returned, rate: rate(returned, visitors), complete: c.end <= seen, periods };
  });
  const visitors = cohorts.reduce((n, c) => n + c.visitors, 0);
  const returned = cohorts.reduce((n, c) => n + c.returned, 0);
  const periods: Average[] = [...avg].sort((a, b) => a[0] - b[0]).map(([period, a]) => ({ period, ...a, rate: rate(a.returned, a.visitors) }));
  return { totals: { visitors, returned, rate: rate(returned, visitors) }, cohorts, periods };
}

export function finalizeRetention(raw: readonly RetentionRaw[], scope: Scope, p: RetentionParams, clock: number): RetentionResult {
  const interval = retentionInterval(scope, p);
  const seen = Math.min(scope.toMs, p.now ?? clock);
  const count = new Map(raw.map((r) => [`${r.segment}\n${r.bucket} ${r.period}`, r.visitors]));
  const of = (segment: string) => (bucket: number, period: number) => count.get(`${segment}\n${bucket} ${period}`) ?? 0;
  const spans = periodSpans(scope.fromMs, scope.toMs, scope.tz, interval).filter((s) => s.start < seen);
  const all = grid(of(''), spans, seen);
  return {
    interval,
    return_event: p.return_event ?? null,
    ...all,
    breakdown: p.breakdown ? { dimension: p.breakdown, segments: segmentsOf(raw, p.segments, spans, seen, of, all.periods) } : null,
  };
}

/** The largest segments (by new visitors, then value in byte order), each period z-tested against all other new visitors. */
function segmentsOf(
  raw: readonly RetentionRaw[],
  limit: number,
  spans: readonly PeriodSpan[],
  seen: number,
  of: (segment: string) => (bucket: number, period: number) => number,
  all: readonly Average[],
) {
  const values = [...new Set(raw.filter((r) => r.segment !== '').map((r) => r.segment))];
  const overall = new Map(all.map((a) => [a.period, a]));
  const segments = values.map((value) => {
    const g = grid(of(value), spans, seen);
    const periods = g.periods.map((a) => {
      const o = overall.get(a.period)!;
      return { ...a, ...twoProportionZ(a.returned, a.visitors, o.returned - a.returned, o.visitors - a.visitors) };
    });
    return { value, ...g.totals, periods };
  });
  return segments.sort((a, b) => b.visitors - a.visitors || cmpStr(a.value, b.value)).slice(0, limit);
}
