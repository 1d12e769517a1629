/** What changed: the result (schema.ts has the params and the decomposition); apart, so the dashboard bundles only this. */
import { z } from 'zod';
import { BREAKDOWNS } from '../funnel/schema.js';

export const rate = z.number().nullable();

/** One period's side of a stage: units that reached the previous stage (all units at stage 1), those that reached this one. */
const sideSchema = z.object({ from_previous: z.number().int(), reached: z.number().int(), rate });

const periodSchema = z.object({ from: z.string(), to: z.string(), units: z.number().int() });

/** current − baseline, with the z-test of the two proportions (p < 0.05 is significant). */
export const differenceShape = {
  change: rate,
  z: z.number().nullable(),
  p_value: z.number().nullable(),
  significant: z.boolean(),
};

/** A driver's split of the change (decompose.ts), in points of the rate (0.05 = 5 points), and its own change's test. */
export const effectShape = {
  /** Its own rate changed: w₁·(r₁ − r₀). */
  rate_effect: z.number(),
  /** Its share of the units changed, weighed by how far its rate is from the average: (r₀ − R₀)·(w₁ − w₀); all of a segment seen in one period only. */
  mix_effect: z.number(),
  /** rate_effect + mix_effect; a dimension's effects add up to the change. */
  effect: z.number(),
  /** The segment's own rate, current against baseline. */
  ...differenceShape,
  /**
   * p_value adjusted (Benjamini–Hochberg) for the `segments_tested` comparisons; `significant`
   * means q_value < 0.05, so among flagged drivers at most 5 % are expected by chance.
   */
  q_value: z.number().nullable(),
};

export const changeStageSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  current: sideSchema,
  baseline: sideSchema,
  ...differenceShape,
  /**
   * What the change came to in units: those that would have reached this stage from the previous
   * one at the baseline's conversion (current.from_previous × baseline.rate), less those that did;
   * positive: fewer reached it than the baseline's rate would have brought. Null without a baseline rate.
   */
  shortfall: z.number().nullable(),
  /** Segments of all dimensions whose conversion at this stage was z-tested: the drivers' significance is adjusted for this many comparisons. */
  segments_tested: z.number().int(),
});

export const changeDriverSchema = z.object({
  /** The stage (1-based) whose conversion from the previous stage this segment moved. */
  stage: z.number().int(),
  by: z.enum(BREAKDOWNS),
  value: z.string(),
  /** Per period: the segment's units at the previous stage, those that reached this one, its conversion and its share of the previous stage's units. */
  current: sideSchema.extend({ share: z.number() }),
  baseline: sideSchema.extend({ share: z.number() }),
  ...effectShape,
});

export const changeResultSchema = z.object({
  unit: z.enum(['visitor', 'session']),
  current: periodSchema,
  baseline: periodSchema,
  by: z.array(z.enum(BREAKDOWNS)),
  stages: z.array(changeStageSchema),
  /** Completion: the last stage reached over the first stage reached. */
  completion: z.object({ current: rate, baseline: rate, ...differenceShape }),
  /** Per stage, the largest effects of every dimension in `by`, largest first (at most `drivers` per stage). */
  drivers: z.array(changeDriverSchema),
});
export type ChangeResult = z.infer<typeof changeResultSchema>;
export type ChangeDriver = z.infer<typeof changeDriverSchema>;
