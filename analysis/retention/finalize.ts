/**
 * Raw retention groups (SQL or reference) → the result; shared, so both sides lay out the grid
 * and divide alike. What has been observed ends at the range end or now, whichever is earlier:
 * a period that has not begun by then is not listed (it could only show zeros), one that has
 * begun but not ended is listed with `complete: false` (its count can still grow) and left out of
 * the averages, as are cohorts nobody is in.
 */
import { rate } from '../common/stats.js';
import type { Scope } from '../common/params.js';
import { DAY_MS } from '../common/time.js';
import { periodSpans, type RetentionInterval } from './periods.js';
import { DAY_PERIODS_UP_TO, type RetentionParams, type RetentionRaw, type RetentionResult } from './schema.js';

export function retentionInterval(scope: Scope, p: RetentionParams): RetentionInterval {
  return p.interval ?? (scope.toMs - scope.fromMs <= DAY_PERIODS_UP_TO * DAY_MS + DAY_MS / 24 ? 'day' : 'week');
}

export function finalizeRetention(raw: readonly RetentionRaw[], scope: Scope, p: RetentionParams, clock: number): RetentionResult {
  const interval = retentionInterval(scope, p);
  const seen = Math.min(scope.toMs, p.now ?? clock);
  const count = new Map(raw.map((r) => [`${r.bucket} ${r.period}`, r.visitors]));
  const at = (bucket: number, period: number) => count.get(`${bucket} ${period}`) ?? 0;
  const spans = periodSpans(scope.fromMs, scope.toMs, scope.tz, interval).filter((s) => s.start < seen);
  const avg = new Map<number, { cohorts: number; visitors: number; returned: number }>();
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
  return {
    interval,
    return_event: p.return_event ?? null,
    totals: { visitors, returned, rate: rate(returned, visitors) },
    cohorts,
    periods: [...avg].sort((a, b) => a[0] - b[0]).map(([period, a]) => ({ period, ...a, rate: rate(a.returned, a.visitors) })),
  };
}
