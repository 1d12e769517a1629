/** Attribution reference over EventRow[]: the same integer sums as sql.ts. */
import type { EventRow } from '../../collector/schema/event.js';
import { dimensionValue } from '../common/dimensions.js';
import { resolveScope, type SiteRef } from '../common/params.js';
import { KIND } from '../common/sessions.js';
import { funnelUnits } from '../funnel/core.js';
import { finalizeAttribution } from './finalize.js';
import { MICRO, roundHalfUp, toMicro } from '../common/money.js';
import { MODELS, type AttributionParams, type AttributionRaw, type AttributionResult } from './schema.js';
import { attributionOptions } from './sql.js';
import { modelWeights } from './weights.js';

export function attributionRawFromRows(rows: readonly EventRow[], site: SiteRef, p: AttributionParams): AttributionRaw[] {
  const o = attributionOptions(p);
  const n = p.journey.stages.length;
  const lookback = p.lookback_days * 86_400_000;
  const acc = new Map<string, AttributionRaw>();
  const add = (kind: AttributionRaw['kind'], channel: string, ws: readonly number[], rev: number) => {
    const key = `${kind}\u0000${channel}`;
    const r = acc.get(key) ?? { kind, channel, conversions: MODELS.map(() => 0), revenue: MODELS.map(() => 0) };
    ws.forEach((w, i) => {
      r.conversions[i]! += roundHalfUp(w * MICRO);
      r.revenue[i]! += roundHalfUp(w * rev);
    });
    acc.set(key, r);
  };
  for (const fu of funnelUnits(rows, resolveScope(site, p), o.journey, o.stages, o.filters)) {
    if (fu.level < n) continue;
    const { evs, sess, starts } = fu.unit;
    const t = fu.chain[n - 1]!;
    const ci = evs.findIndex((e) => e.ms === t && (o.stages.mask(e.row) & (2 ** (n - 1))) !== 0);
    const rev = toMicro(evs[ci]!.row.revenue);
    const cs = sess[ci]!;
    const lo0 = starts.findIndex((s) => s >= t - lookback) + 1;
    const lo = lo0 > 0 && lo0 < cs ? lo0 : cs;
    const channels: string[] = [];
    const ages: number[] = [];
    for (let s = lo; s <= cs; s++) {
      const pv = evs.findIndex((e, i) => sess[i] === s && e.kind === KIND.pageview);
      const entry = pv >= 0 ? pv : evs.findIndex((e, i) => sess[i] === s && e.kind === KIND.event);
      channels.push(dimensionValue('channel', evs[entry]!.row));
      ages.push(t - starts[s - 1]!);
    }
    add('total', '', MODELS.map(() => 1), rev);
    modelWeights(channels, ages).forEach((ws, j) => add('channel', channels[j]!, ws, rev));
  }
  return [...acc.values()];
}

export function attributionReference(rows: readonly EventRow[], site: SiteRef, p: AttributionParams): AttributionResult {
  return finalizeAttribution(attributionRawFromRows(rows, site, p), p);
}
