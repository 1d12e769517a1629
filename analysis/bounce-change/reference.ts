/** The bounce rate's change in plain TypeScript: the overview reference's session groups, once per period. */
import type { EventRow } from '../../collector/schema/event.js';
import { comparedPeriods } from '../common/baseline.js';
import type { SiteRef } from '../common/params.js';
import { overviewRawFromRows } from '../overview/reference.js';
import { finalizeBounceChange } from './finalize.js';
import type { BounceChangeParams, BounceChangeResult } from './schema.js';

export function bounceChangeReference(rows: readonly EventRow[], site: SiteRef, p: BounceChangeParams): BounceChangeResult {
  const periods = comparedPeriods(p);
  // The period's overview, with the range's filters (and session gap); realtime and tables unused.
  const groups = (period: { from: string; to: string }) => overviewRawFromRows(rows, site, { ...p, ...period, limit: 1 }).groups;
  return finalizeBounceChange(periods, p.by, groups(periods.current), groups(periods.baseline), p.drivers);
}
