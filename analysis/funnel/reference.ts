/** Funnel reference: the same counts and exact quantiles as sql.ts, in plain TypeScript. */
import type { EventRow } from '../../collector/schema/event.js';
import { quantileExact } from '../common/order.js';
import { resolveScope, type SiteRef } from '../common/params.js';
import { bucketLabel, type Interval } from '../common/time.js';
import { funnelUnits, type FunnelUnit } from './core.js';
import { finalizeFunnel } from './finalize.js';
import { CONVERT_EDGES_MS, CONVERT_LABELS, type FunnelParams, type FunnelRawSegment, type FunnelResult } from './schema.js';
import { funnelInterval, funnelOptions } from './sql.js';

function aggregate(units: readonly FunnelUnit[], n: number, kind: FunnelRawSegment['kind'], segment: string, bucket?: string): FunnelRawSegment {
  const ks = Array.from({ length: n }, (_, k) => k);
  const deltas = ks.map((k) => units.filter((u) => k > 0 && u.level >= k + 1).map((u) => u.chain[k]! - u.chain[k - 1]!));
  const converted = units.filter((u) => u.level === n).map((u) => u.chain[n - 1]! - u.chain[0]!);
  const histogram = CONVERT_LABELS.map(() => 0);
  for (const d of converted) histogram[CONVERT_EDGES_MS.filter((edge) => d >= edge).length]! += 1;
  return {
    kind,
    segment,
    ...(bucket === undefined ? {} : { bucket }),
    units: units.length,
    reached: ks.map((k) => units.filter((u) => u.level >= k + 1).length),
    // quantileExactIf over no rows yields 0 in ClickHouse; finalize turns those into nulls.
    median_ms: deltas.map((d) => quantileExact(d, 0.5) ?? 0),
    p75_ms: deltas.map((d) => quantileExact(d, 0.75) ?? 0),
    convert_median_ms: quantileExact(converted, 0.5) ?? 0,
    convert_p75_ms: quantileExact(converted, 0.75) ?? 0,
    histogram,
  };
}

/** With `trend`, also one raw row per bucket in which units reached stage 1 (their chain's first stage). */
export function funnelRawFromRows(rows: readonly EventRow[], site: SiteRef, p: FunnelParams, trend?: Interval): FunnelRawSegment[] {
  const o = funnelOptions(p);
  const scope = resolveScope(site, p);
  const units = funnelUnits(rows, scope, p.journey, o.stages, o.filters, p.breakdown);
  const n = p.journey.stages.length;
  const out = [aggregate(units, n, 'all', '')];
  // Each unit's trend bucket: that of its chain's stage 1 (none when it never reached it).
  const buckets = units.map((u) => (trend && u.level >= 1 ? bucketLabel(u.chain[0]!, scope.tz, trend) : undefined));
  // Units grouped by (segment, bucket); timed groups leave out the units without a bucket.
  const groups = (kind: FunnelRawSegment['kind'], seg: (u: FunnelUnit) => string, timed: boolean) => {
    const by = new Map<string, { seg: string; bucket: string | undefined; us: FunnelUnit[] }>();
    units.forEach((u, i) => {
      const bucket = timed ? buckets[i] : undefined;
      if (timed && bucket === undefined) return;
      const id = JSON.stringify([seg(u), bucket]);
      const g = by.get(id);
      if (g) g.us.push(u);
      else by.set(id, { seg: seg(u), bucket, us: [u] });
    });
    for (const g of by.values()) out.push(aggregate(g.us, n, kind, g.seg, g.bucket));
  };
  if (p.breakdown) groups('segment', (u) => u.seg, false);
  if (trend) groups('bucket', () => '', true);
  if (trend && p.breakdown) groups('segment_bucket', (u) => u.seg, true);
  return out;
}

export function funnelReference(rows: readonly EventRow[], site: SiteRef, p: FunnelParams): FunnelResult {
  const scope = resolveScope(site, p);
  const interval = funnelInterval(scope, p);
  return finalizeFunnel(p.journey, funnelRawFromRows(rows, site, p, interval), p.breakdown, p.segments, { scope, interval });
}
