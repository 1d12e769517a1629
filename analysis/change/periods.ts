/** The two periods a change compares, and one period's funnel params (its scope for the SQL; per dimension for the reference). */
import { previousRange } from '../common/time.js';
import type { Breakdown, FunnelParams } from '../funnel/schema.js';
import type { ChangePeriods } from './finalize.js';
import type { ChangeParams } from './schema.js';

export function changePeriods(p: ChangeParams): ChangePeriods {
  const baseline = p.baseline_from !== undefined && p.baseline_to !== undefined ? { from: p.baseline_from, to: p.baseline_to } : previousRange(p.from, p.to);
  return { current: { from: p.from, to: p.to }, baseline };
}

/** The funnel params of one period, optionally broken down by one dimension (the reference's way; `segments` only trims a funnel's display). */
export function periodFunnel(p: ChangeParams, period: { from: string; to: string }, by?: Breakdown): FunnelParams {
  return {
    from: period.from,
    to: period.to,
    ...(p.session_gap_minutes === undefined ? {} : { session_gap_minutes: p.session_gap_minutes }),
    filters: p.filters,
    journey: p.journey,
    ...(by === undefined ? {} : { breakdown: by }),
    segments: 50,
  };
}
