/**
 * The bounce rate's change: the range against a baseline (default: the period of the same length
 * just before), and the segments of each dimension of `by` behind it — the same split as "what
 * changed" (change/decompose.ts): a segment that bounces more than it did (rate effect), or that
 * brings more of the sessions and bounces above average (mix effect). Sessions, bounces and their
 * segments are the overview's own counts (overview/), so the figures match the overview's.
 */
import { z } from 'zod';
import { baselineShape, checkBaseline } from '../common/baseline.js';
import { dimensionListSchema } from '../common/dimension-list.js';
import { baseParamsSchema } from '../common/params.js';
import { BOUNCE_DIMS, type BounceDim } from './result.js';

export const DEFAULT_BOUNCE_BY: readonly BounceDim[] = ['channel', 'device', 'browser', 'os', 'country', 'entry_page'];

export const bounceChangeParamsSchema = baseParamsSchema
  .and(
    z.object({
      ...baselineShape,
      by: dimensionListSchema(BOUNCE_DIMS, DEFAULT_BOUNCE_BY),
      /** Drivers listed, largest effect first. */
      drivers: z.coerce.number().int().min(1).max(100).default(10),
    }),
  )
  .superRefine(checkBaseline);
export type BounceChangeParams = z.infer<typeof bounceChangeParamsSchema>;

export { BOUNCE_DIMS, bounceChangeResultSchema, type BounceChangeResult, type BounceDim, type BounceDriver } from './result.js';
