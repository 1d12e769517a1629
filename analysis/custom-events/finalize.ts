/** Raw custom-event groups (SQL or reference) → the result; shared, so both sides rank and divide alike. */
import { fromMicro } from '../common/money.js';
import { cmpStr, topBy } from '../common/order.js';
import { rate } from '../common/stats.js';
import type { Scope } from '../common/params.js';
import { bucketLabels, defaultInterval, type Interval } from '../common/time.js';
import type { CustomEventsParams, CustomEventsRaw, CustomEventsResult } from './schema.js';

export const customEventsInterval = (scope: Scope, p: CustomEventsParams): Interval => p.interval ?? defaultInterval(scope.fromMs, scope.toMs);

export function finalizeCustomEvents(raw: readonly CustomEventsRaw[], scope: Scope, p: CustomEventsParams): CustomEventsResult {
  const total = raw.find((r) => r.kind === 'total');
  const visitors = total?.visitors ?? 0;
  const events = topBy(
    raw.filter((r) => r.kind === 'name'),
    (r) => r.events,
    (r) => r.name,
    p.limit,
  ).map((r) => ({ name: r.name, events: r.events, visitors: r.visitors, conversion_rate: rate(r.visitors, visitors), revenue: fromMicro(r.revenue_micro) }));
  const named = raw.find((r) => r.kind === 'name' && r.name === p.name);
  // Ranked by count, then key, then value (byte order, as ClickHouse compares).
  const props = raw
    .filter((r) => r.kind === 'prop')
    .sort((a, b) => b.events - a.events || cmpStr(a.key, b.key) || cmpStr(a.value, b.value))
    .slice(0, p.limit)
    .map((r) => ({ key: r.key, value: r.value, events: r.events, visitors: r.visitors, share: rate(r.events, named?.events ?? 0), revenue: fromMicro(r.revenue_micro) }));
  const interval = customEventsInterval(scope, p);
  const timed = new Map(raw.filter((r) => r.kind === 'bucket').map((r) => [r.key, r]));
  const series =
    p.name === undefined
      ? null
      : {
          interval,
          buckets: bucketLabels(scope.fromMs, scope.toMs, scope.tz, interval).map((bucket) => {
            const r = timed.get(bucket);
            return { bucket, events: r?.events ?? 0, visitors: r?.visitors ?? 0, revenue: fromMicro(r?.revenue_micro ?? 0) };
          }),
        };
  return {
    totals: { visitors, events: total?.events ?? 0, revenue: fromMicro(total?.revenue_micro ?? 0) },
    events,
    series,
    props,
  };
}
