/**
 * Raw funnel counts (from SQL or the reference) → the funnel result. Shared by both sides, so
 * every rate, gap and z-test is computed once, from the same integers.
 */
import { topBy } from '../common/order.js';
import type { Scope } from '../common/params.js';
import { rate, twoProportionZ } from '../common/stats.js';
import { bucketSpans, type Interval } from '../common/time.js';
import type { Journey } from '../journeys/schema.js';
import { CONVERT_EDGES_MS, CONVERT_LABELS, type Breakdown, type FunnelRawSegment, type FunnelResult, type FunnelTrend } from './schema.js';

const emptyRaw = (stages: number): FunnelRawSegment => ({
  kind: 'all',
  segment: '',
  units: 0,
  reached: Array(stages).fill(0),
  median_ms: Array(stages).fill(0),
  p75_ms: Array(stages).fill(0),
  convert_median_ms: 0,
  convert_p75_ms: 0,
  histogram: Array(CONVERT_LABELS.length).fill(0),
});

/** Conversion into stage k (0-based) from the previous stage; stage 1 converts from all units. */
const prevCount = (r: FunnelRawSegment, k: number) => (k === 0 ? r.units : r.reached[k - 1]!);

export function finalizeFunnel(
  journey: Journey,
  raw: readonly FunnelRawSegment[],
  breakdown: Breakdown | undefined,
  segmentLimit: number,
  trend?: { scope: Scope; interval: Interval },
): FunnelResult {
  const n = journey.stages.length;
  const all = raw.find((r) => r.kind === 'all') ?? emptyRaw(n);
  const stages = journey.stages.map((s, k) => {
    const reached = all.reached[k]!;
    const fromPrev = rate(reached, prevCount(all, k));
    const dropped = k + 1 < n ? reached - all.reached[k + 1]! : null;
    const timed = k > 0 && reached > 0;
    return {
      index: k + 1,
      name: s.name,
      owner: s.owner ?? null,
      reached,
      conversion_from_previous: fromPrev,
      conversion_from_first: rate(reached, all.reached[0]!),
      dropped,
      dropoff_rate: dropped === null ? null : rate(dropped, reached),
      median_ms_from_previous: timed ? all.median_ms[k]! : null,
      p75_ms_from_previous: timed ? all.p75_ms[k]! : null,
      target_rate: s.target_rate ?? null,
      target_gap: s.target_rate === undefined || fromPrev === null ? null : rate(fromPrev - s.target_rate, 1),
    };
  });
  const conversions = all.reached[n - 1]!;
  const histogram = CONVERT_LABELS.map((label, i) => ({
    label,
    min_ms: i === 0 ? 0 : CONVERT_EDGES_MS[i - 1]!,
    max_ms: CONVERT_EDGES_MS[i] ?? null,
    count: all.histogram[i]!,
  }));

  let bd: FunnelResult['breakdown'] = null;
  if (breakdown) {
    const segs = topBy(
      raw.filter((r) => r.kind === 'segment'),
      (r) => r.units,
      (r) => r.segment,
      segmentLimit,
    );
    bd = {
      by: breakdown,
      segments: segs.map((seg) => ({
        value: seg.segment,
        units: seg.units,
        stages: journey.stages.map((_, k) => {
          const x1 = seg.reached[k]!;
          const n1 = prevCount(seg, k);
          return {
            reached: x1,
            conversion_from_previous: rate(x1, n1),
            ...twoProportionZ(x1, n1, all.reached[k]! - x1, prevCount(all, k) - n1),
          };
        }),
      })),
    };
  }

  return {
    unit: journey.scope,
    units: all.units,
    stages,
    time_to_convert: {
      conversions,
      median_ms: conversions > 0 ? all.convert_median_ms : null,
      p75_ms: conversions > 0 ? all.convert_p75_ms : null,
      histogram,
    },
    breakdown: bd,
    trend: trend ? finalizeTrend(journey, raw, trend.scope, trend.interval, bd?.segments.map((s) => s.value) ?? null) : null,
  };
}

/** Every bucket of the range, those where no unit entered included; per shown segment too. */
function finalizeTrend(journey: Journey, raw: readonly FunnelRawSegment[], scope: Scope, interval: Interval, segments: string[] | null): FunnelTrend {
  const n = journey.stages.length;
  const spans = bucketSpans(scope.fromMs, scope.toMs, scope.tz, interval);
  const key = (segment: string, bucket: string) => JSON.stringify([segment, bucket]);
  const byKey = new Map(raw.filter((r) => r.kind === 'bucket' || r.kind === 'segment_bucket').map((r) => [key(r.kind === 'bucket' ? '' : r.segment, r.bucket!), r]));
  const reachedIn = (segment: string, bucket: string) => [...(byKey.get(key(segment, bucket))?.reached ?? Array<number>(n).fill(0))];
  return {
    interval,
    buckets: spans.map((b) => {
      const reached = reachedIn('', b.label);
      return {
        bucket: b.label,
        reached,
        conversion_rate: rate(reached[n - 1]!, reached[0]!),
        // The last unit that can enter this bucket does so just before its end.
        complete: b.end - 1 + journey.window_ms < scope.toMs,
      };
    }),
    segments:
      segments?.map((value) => ({
        value,
        buckets: spans.map((b) => {
          const reached = reachedIn(value, b.label);
          return { reached, conversion_rate: rate(reached[n - 1]!, reached[0]!) };
        }),
      })) ?? null,
  };
}
