/** The two periods a change compares (common/baseline.ts), and one period's funnel params (its scope for the SQL; per dimension for the reference). */
import { comparedPeriods } from '../common/baseline.js';
import type { Breakdown, FunnelParams } from '../funnel/schema.js';
import type { ChangeParams } from './schema.js';

export const changePeriods = (p: ChangeParams) => comparedPeriods(p);

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
