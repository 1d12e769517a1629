/**
 * What changed: a journey's funnel in a period against a baseline period (by default the one of
 * the same length just before), stage by stage with a two-proportion z-test, and the segments that
 * explain each stage's change. Per dimension, a stage's change in conversion (from the previous
 * stage) splits exactly into one term per segment s:
 *
 *   R₁ − R₀ = Σₛ w₁ₛ·(r₁ₛ − r₀ₛ)  +  Σₛ (r₀ₛ − R₀)·(w₁ₛ − w₀ₛ)
 *             └── rate effect ──┘     └────── mix effect ──────┘
 *
 * where wₛ is the segment's share of the units that reached the previous stage, rₛ its conversion
 * and R the stage's overall conversion (1 = current, 0 = baseline). The rate effect is "this
 * segment converts worse than it did"; the mix effect is "more (or fewer) units come from a segment
 * that converts better (or worse) than average" — a segment that converts at the average moves
 * nothing by growing (Σₛ (w₁ₛ − w₀ₛ) = 0, so centring on R₀ keeps the sum). A segment seen in one
 * period only is all mix. So "Payment fell 12 points" comes with "9 of them: mobile converts at
 * 38 % instead of 65 %".
 */
import { z } from 'zod';
import { baseParamsSchema } from '../common/params.js';
import { baselineShape, checkBaseline } from '../common/baseline.js';
import { journeySchema } from '../journeys/schema.js';
import { BREAKDOWNS, type Breakdown } from '../funnel/schema.js';
import { dimensionListSchema } from '../common/dimension-list.js';

/** Dimensions searched for drivers when `by` is not given (all of them cost one pass: sql.ts). */
export const DEFAULT_CHANGE_BY: readonly Breakdown[] = ['channel', 'device', 'browser', 'os', 'country', 'entry_page', 'visitor_type'];

/** `by=channel,device`: a funnel's breakdowns (the unit's entry attributes, new vs returning). */
const byList = dimensionListSchema(BREAKDOWNS, DEFAULT_CHANGE_BY);

export const changeParamsSchema = baseParamsSchema
  .and(
    z.object({
      journey: journeySchema,
      ...baselineShape,
      by: byList,
      /** Drivers listed per stage, largest effect first. */
      drivers: z.coerce.number().int().min(1).max(100).default(10),
    }),
  )
  .superRefine(checkBaseline);
export type ChangeParams = z.infer<typeof changeParamsSchema>;

export { changeResultSchema, changeDriverSchema, changeStageSchema, type ChangeResult, type ChangeDriver } from './result.js';
