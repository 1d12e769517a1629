/**
 * Sources compared: one journey's funnel side by side per channel / source / campaign (the funnel
 * breakdown with its z-tests), each segment's most common path, and first- vs last-touch
 * conversions per segment.
 */
import { z } from 'zod';
import { baseParamsSchema } from '../common/params.js';
import { funnelResultSchema } from '../funnel/schema.js';
import { journeySchema } from '../journeys/schema.js';

export const SOURCE_BYS = ['channel', 'source', 'campaign', 'medium'] as const;

export const sourcesParamsSchema = baseParamsSchema.and(
  z.object({
    journey: journeySchema,
    /** Segment by the unit's entry channel, source (utm_source, else referrer domain), campaign or medium. */
    by: z.enum(SOURCE_BYS).default('channel'),
    /** Segments shown, largest first (z-tests always compare against all other units). */
    segments: z.coerce.number().int().min(1).max(50).default(10),
    /** Steps of each segment's top path. */
    path_depth: z.coerce.number().int().min(1).max(10).default(5),
  }),
);
export type SourcesParams = z.infer<typeof sourcesParamsSchema>;

/**
 * kind 'path': n = units of segment `segment` whose path is `steps` (only each segment's top
 * path); 'first' / 'last': n = converted visitors whose first touch (the visitor's entry event) /
 * last touch (entry event of the session holding the converting event) is `segment`.
 */
export const sourcesRawSchema = z.object({
  kind: z.enum(['path', 'first', 'last']),
  segment: z.string(),
  steps: z.array(z.string()),
  n: z.number().int(),
});
export type SourcesRaw = z.infer<typeof sourcesRawSchema>;

export const sourcesResultSchema = z.object({
  by: z.enum(SOURCE_BYS),
  /** The journey's funnel with `breakdown` = by: segments side by side, each stage z-tested against the rest. */
  funnel: funnelResultSchema,
  /** Per segment shown in funnel.breakdown (same order): its most common path from the unit's first touchpoint. */
  top_paths: z.array(
    z.object({
      segment: z.string(),
      /** Collapsed touchpoint labels, at most path_depth; empty when the segment has no units. */
      steps: z.array(z.string()),
      count: z.number().int(),
      /** Share of the segment's units. */
      share: z.number().nullable(),
    }),
  ),
  /** Converted visitors (always per visitor, whatever the journey's scope) by first vs last touch. */
  touch: z.object({
    conversions: z.number().int(),
    segments: z.array(
      z.object({
        value: z.string(),
        first_touch: z.number().int(),
        last_touch: z.number().int(),
        first_touch_share: z.number().nullable(),
        last_touch_share: z.number().nullable(),
      }),
    ),
  }),
});
export type SourcesResult = z.infer<typeof sourcesResultSchema>;
