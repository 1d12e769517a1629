/**
 * What changed, in plain TypeScript: per period the funnel reference's raw counts, broken down by
 * each dimension of `by` in turn, then finalize.ts.
 */
import type { EventRow } from '../../collector/schema/event.js';
import type { SiteRef } from '../common/params.js';
import { funnelRawFromRows } from '../funnel/reference.js';
import { finalizeChange, type PeriodCounts } from './finalize.js';
import { changePeriods, periodFunnel } from './periods.js';
import type { ChangeParams, ChangeResult } from './schema.js';

export function changeReference(rows: readonly EventRow[], site: SiteRef, p: ChangeParams): ChangeResult {
  const periods = changePeriods(p);
  const run = (period: { from: string; to: string }): PeriodCounts => {
    const all = funnelRawFromRows(rows, site, periodFunnel(p, period)).find((r) => r.kind === 'all')!;
    const segments = p.by.flatMap((by) =>
      funnelRawFromRows(rows, site, periodFunnel(p, period, by))
        .filter((r) => r.kind === 'segment')
        .map((r) => ({ by, value: r.segment, units: r.units, reached: r.reached })),
    );
    return { all, segments };
  };
  return finalizeChange(p.journey, p.journey.scope, periods, p.by, { current: run(periods.current), baseline: run(periods.baseline) }, p.drivers);
}
