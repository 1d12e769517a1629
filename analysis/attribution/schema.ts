/**
 * Attribution: each conversion (a visitor reaching the journey's last stage) and its revenue,
 * credited to the channels of the visitor's sessions in the lookback window before it, by five
 * models. Credits are fractions; each (conversion, session) credit is rounded to millionths on
 * both sides before summing, so SQL and reference agree exactly.
 */
import { z } from 'zod';
import { baseParamsSchema } from '../common/params.js';
import { journeySchema } from '../journeys/schema.js';

export const MODELS = ['first_touch', 'last_non_direct', 'linear', 'position_based', 'time_decay'] as const;
export type Model = (typeof MODELS)[number];
/** Time-decay half-life: a session 7 days before the conversion gets half the weight of one at it. */
export const HALF_LIFE_MS = 7 * 86_400_000;
/** Credits and revenue are summed as integers in these units (millionths). */

export const attributionParamsSchema = baseParamsSchema.and(
  z.object({
    journey: journeySchema,
    /** Sessions that started at most this many days before the conversion take part. */
    lookback_days: z.coerce.number().int().min(1).max(365).default(30),
    /** Channels listed (by linear credit). */
    limit: z.coerce.number().int().min(1).max(100).default(20),
  }),
);
export type AttributionParams = z.infer<typeof attributionParamsSchema>;

/**
 * kind 'total' (channel ''): conversions / revenue summed with weight 1 (so every entry is the
 * total, in millionths); kind 'channel': per model (MODELS order) the credited conversions and
 * revenue of that channel, in millionths.
 */
export const attributionRawSchema = z.object({
  kind: z.enum(['total', 'channel']),
  channel: z.string(),
  conversions: z.array(z.number().int()),
  revenue: z.array(z.number().int()),
});
export type AttributionRaw = z.infer<typeof attributionRawSchema>;

const credit = z.object({
  /** Credited conversions (fractional, 6 decimals). */
  conversions: z.number(),
  /** Credited revenue (6 decimals). */
  revenue: z.number(),
});

export const attributionResultSchema = z.object({
  unit: z.literal('visitor'),
  lookback_days: z.number().int(),
  models: z.array(z.enum(MODELS)),
  /** Visitors who reached the last stage, and the revenue on their converting events. */
  conversions: z.number().int(),
  revenue: z.number(),
  /** Channels ranked by linear credit (then name); each model's column sums to the totals (± rounding). */
  channels: z.array(
    z.object({
      channel: z.string(),
      first_touch: credit,
      last_non_direct: credit,
      linear: credit,
      position_based: credit,
      time_decay: credit,
    }),
  ),
});
export type AttributionResult = z.infer<typeof attributionResultSchema>;
