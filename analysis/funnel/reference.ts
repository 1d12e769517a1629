/** Funnel reference: the same counts and exact quantiles as sql.ts, in plain TypeScript. */
import type { EventRow } from '../../collector/schema/event.js';
import { quantileExact } from '../common/order.js';
import { resolveScope, type SiteRef } from '../common/params.js';
import { funnelUnits, type FunnelUnit } from './core.js';
import { finalizeFunnel } from './finalize.js';
import { CONVERT_EDGES_MS, CONVERT_LABELS, type FunnelParams, type FunnelRawSegment, type FunnelResult } from './schema.js';
import { funnelOptions } from './sql.js';

function aggregate(units: readonly FunnelUnit[], n: number, segment: string, all: boolean): FunnelRawSegment {
  const ks = Array.from({ length: n }, (_, k) => k);
  const deltas = ks.map((k) => units.filter((u) => k > 0 && u.level >= k + 1).map((u) => u.chain[k]! - u.chain[k - 1]!));
  const converted = units.filter((u) => u.level === n).map((u) => u.chain[n - 1]! - u.chain[0]!);
  const histogram = CONVERT_LABELS.map(() => 0);
  for (const d of converted) histogram[CONVERT_EDGES_MS.filter((edge) => d >= edge).length]! += 1;
  return {
    segment,
    all,
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

export function funnelRawFromRows(rows: readonly EventRow[], site: SiteRef, p: FunnelParams): FunnelRawSegment[] {
  const o = funnelOptions(p);
  const units = funnelUnits(rows, resolveScope(site, p), p.journey, o.stages, o.filters, p.breakdown);
  const n = p.journey.stages.length;
  const out = [aggregate(units, n, '', true)];
  if (p.breakdown) {
    const bySeg = new Map<string, FunnelUnit[]>();
    for (const u of units) bySeg.set(u.seg, [...(bySeg.get(u.seg) ?? []), u]);
    for (const [seg, us] of bySeg) out.push(aggregate(us, n, seg, false));
  }
  return out;
}

export function funnelReference(rows: readonly EventRow[], site: SiteRef, p: FunnelParams): FunnelResult {
  return finalizeFunnel(p.journey, funnelRawFromRows(rows, site, p), p.breakdown, p.segments);
}
