/** What changed, in plain TypeScript: the funnel reference's raw counts per period and dimension, then finalize.ts. */
import type { EventRow } from '../../collector/schema/event.js';
import type { SiteRef } from '../common/params.js';
import { funnelRawFromRows } from '../funnel/reference.js';
import { finalizeChange } from './finalize.js';
import { changePeriods, periodFunnel } from './periods.js';
import type { ChangeParams, ChangeResult } from './schema.js';

export function changeReference(rows: readonly EventRow[], site: SiteRef, p: ChangeParams): ChangeResult {
  const periods = changePeriods(p);
  const run = (period: { from: string; to: string }) => p.by.map((by) => funnelRawFromRows(rows, site, periodFunnel(p, period, by)));
  return finalizeChange(p.journey, p.journey.scope, periods, p.by, { current: run(periods.current), baseline: run(periods.baseline) }, p.drivers);
}
