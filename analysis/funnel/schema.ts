/** Funnel params and result. Derived numbers are computed in finalize.ts from counts. */
import { z } from 'zod';
import { DIMENSION_NAMES } from '../common/dimensions.js';
import { baseParamsSchema } from '../common/params.js';
import { journeySchema } from '../journeys/schema.js';

export const BREAKDOWNS = [...DIMENSION_NAMES, 'visitor_type'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const funnelParamsSchema = baseParamsSchema.and(
  z.object({
    journey: journeySchema,
    breakdown: z.enum(BREAKDOWNS).optional(),
    /** Segments shown in a breakdown (largest first); the z-tests always compare against all the rest. */
    segments: z.coerce.number().int().min(1).max(50).default(10),
    /** Trend buckets in the site's time zone; default: hour for ranges up to 2 days, else day. */
    interval: z.enum(['hour', 'day']).optional(),
  }),
);
export type FunnelParams = z.infer<typeof funnelParamsSchema>;

/** Time-to-convert histogram bucket lower edges, ms; bucket i = [EDGES[i-1], EDGES[i]). */
export const CONVERT_EDGES_MS = [60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000, 259_200_000, 604_800_000] as const;
export const CONVERT_LABELS = ['<1m', '1m–5m', '5m–15m', '15m–1h', '1h–6h', '6h–1d', '1d–3d', '3d–7d', '≥7d'] as const;

/** What SQL and reference both produce: integer counts and exact quantiles per segment. */
export const funnelRawSegmentSchema = z.object({
  /**
   * all: the whole population; segment: one value of the breakdown; bucket: the units that reached
   * stage 1 in one time bucket (the trend), by when they did; segment_bucket: those of one segment.
   */
  kind: z.enum(['all', 'segment', 'bucket', 'segment_bucket']),
  /** The breakdown value; '' for all and bucket. */
  segment: z.string(),
  /** The trend bucket's label, for bucket and segment_bucket. */
  bucket: z.string().optional(),
  units: z.number().int(),
  reached: z.array(z.number().int()),
  /** Index k: median / p75 ms from stage k to k+1 (k = 0 is a placeholder: stage 1 has no previous). */
  median_ms: z.array(z.number().int()),
  p75_ms: z.array(z.number().int()),
  convert_median_ms: z.number().int(),
  convert_p75_ms: z.number().int(),
  histogram: z.array(z.number().int()),
});
export type FunnelRawSegment = z.infer<typeof funnelRawSegmentSchema>;

const nullableRate = z.number().nullable();

export const funnelStageSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  owner: z.string().nullable(),
  reached: z.number().int(),
  conversion_from_previous: nullableRate,
  conversion_from_first: nullableRate,
  /** Reached this stage, not the next (null at the last stage). */
  dropped: z.number().int().nullable(),
  dropoff_rate: nullableRate,
  median_ms_from_previous: z.number().int().nullable(),
  p75_ms_from_previous: z.number().int().nullable(),
  target_rate: nullableRate,
  /** conversion_from_previous − target_rate. */
  target_gap: nullableRate,
});

export const segmentStageSchema = z.object({
  reached: z.number().int(),
  conversion_from_previous: nullableRate,
  z: z.number().nullable(),
  p_value: z.number().nullable(),
  significant: z.boolean(),
});

/**
 * Conversion over time: the units that reached stage 1 in each bucket of the range (by when they
 * did), and how far they got. `complete` is false while the conversion window of a unit that
 * entered in the bucket can reach past the range end: such a unit may still convert, so the
 * bucket's rate can still rise.
 */
export const funnelTrendSchema = z.object({
  interval: z.enum(['hour', 'day']),
  buckets: z.array(
    z.object({
      bucket: z.string(),
      /** Per stage: units that entered in this bucket and reached it; [0] is those that entered. */
      reached: z.array(z.number().int()),
      /** Reached the last stage / entered. */
      conversion_rate: nullableRate,
      complete: z.boolean(),
    }),
  ),
  /**
   * With a breakdown: the same per segment shown in the breakdown (the same order), so a change
   * can be traced to one (did mobile stop converting on Tuesday?); null without one.
   */
  segments: z
    .array(z.object({ value: z.string(), buckets: z.array(z.object({ reached: z.array(z.number().int()), conversion_rate: nullableRate })) }))
    .nullable(),
});
export type FunnelTrend = z.infer<typeof funnelTrendSchema>;

export const funnelResultSchema = z.object({
  unit: z.enum(['visitor', 'session']),
  units: z.number().int(),
  stages: z.array(funnelStageSchema),
  time_to_convert: z.object({
    conversions: z.number().int(),
    median_ms: z.number().int().nullable(),
    p75_ms: z.number().int().nullable(),
    histogram: z.array(z.object({ label: z.string(), min_ms: z.number().int(), max_ms: z.number().int().nullable(), count: z.number().int() })),
  }),
  breakdown: z
    .object({
      by: z.enum(BREAKDOWNS),
      segments: z.array(z.object({ value: z.string(), units: z.number().int(), stages: z.array(segmentStageSchema) })),
    })
    .nullable(),
  /** Null where a funnel is part of another analysis (journey map, sources). */
  trend: funnelTrendSchema.nullable(),
});
export type FunnelResult = z.infer<typeof funnelResultSchema>;
