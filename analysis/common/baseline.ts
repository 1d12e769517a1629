/**
 * The period a range is compared with (what changed, the bounce rate's change): `baseline_from` /
 * `baseline_to`, both or neither; by default the period of the same length just before.
 */
import type { z } from 'zod';
import { checkRange, rangePointSchema } from './params.js';
import { previousRange } from './time.js';

export const baselineShape = {
  /** The period compared against (both or neither); default: the period of the same length just before. */
  baseline_from: rangePointSchema.optional(),
  baseline_to: rangePointSchema.optional(),
};

/** zod superRefine: both ends or neither, and a valid range. */
export function checkBaseline(p: { baseline_from?: string | undefined; baseline_to?: string | undefined }, ctx: z.RefinementCtx): void {
  if ((p.baseline_from === undefined) !== (p.baseline_to === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'give both "baseline_from" and "baseline_to", or neither', path: [p.baseline_from === undefined ? 'baseline_from' : 'baseline_to'] });
  } else checkRange(p.baseline_from, p.baseline_to, ctx, ['baseline_from', 'baseline_to']);
}

export interface ComparedPeriods {
  current: { from: string; to: string };
  baseline: { from: string; to: string };
}

export function comparedPeriods(p: { from: string; to: string; baseline_from?: string | undefined; baseline_to?: string | undefined }): ComparedPeriods {
  const baseline = p.baseline_from !== undefined && p.baseline_to !== undefined ? { from: p.baseline_from, to: p.baseline_to } : previousRange(p.from, p.to);
  return { current: { from: p.from, to: p.to }, baseline };
}
