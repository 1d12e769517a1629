/**
 * Journey map: per stage the funnel numbers plus what happens around the stage (touchpoints on
 * the way, channels, loops, skips, bounce, feedback, owner, target gap), and ranked pain points.
 */
import { z } from 'zod';
import { baseParamsSchema } from '../common/params.js';
import { journeySchema } from '../journeys/schema.js';

export const mapParamsSchema = baseParamsSchema.and(
  z.object({
    journey: journeySchema,
    /** Rows in each stage's top touchpoints / channels. */
    limit: z.coerce.number().int().min(1).max(50).default(5),
    /** Pain points listed. */
    pain_points: z.coerce.number().int().min(1).max(100).default(10),
    /** A page needs this many entering sessions to be judged as a slow page with high bounce. */
    min_entries: z.coerce.number().int().min(1).default(10),
    /** A page is slow when its p75 load time is at least this (ms). */
    slow_ms: z.coerce.number().int().min(1).default(3000),
  }),
);
export type MapParams = z.infer<typeof mapParamsSchema>;

/** Dimensions whose segments are z-tested for pain points. */
export const SEGMENT_DIMS = ['channel', 'device', 'country'] as const;
export type SegmentDim = (typeof SEGMENT_DIMS)[number];

/**
 * One group of units (n = units, s = a sum):
 *  - 'seg' (k, dim, label): units whose entry `dim` is `label` and reached stage k (k = 0: all units);
 *  - 'between' (k, label): units that reached stage k with touchpoint `label` strictly between the
 *    stage k−1 and stage k events (k = 1: before the stage-1 event);
 *  - 'loop' (k): units that reached k+1 and matched stage k again after their stage-(k+1) event;
 *  - 'skip' (k): units that did not reach k but matched a later stage;
 *  - 'fb' (k): feedback events sent while the unit was at stage k (0 = before stage 1); s = sum of
 *    scores in millionths.
 */
export const mapRawSchema = z.object({
  kind: z.enum(['seg', 'between', 'loop', 'skip', 'fb']),
  k: z.number().int(),
  dim: z.string(),
  label: z.string(),
  n: z.number().int(),
  s: z.number().int(),
});
export type MapRaw = z.infer<typeof mapRawSchema>;

const rate = z.number().nullable();
const ranked = z.array(z.object({ label: z.string(), units: z.number().int(), share: rate }));

/** Where the dashboard explains a pain point: a view and the query to add to the current journey, range and filters. */
export const linkSchema = z.object({
  view: z.enum(['funnel', 'dropoff', 'pages', 'paths', 'sources']),
  params: z.record(z.string(), z.string()),
});

export const PAIN_KINDS = ['dropoff', 'segment', 'slow_page', 'loop'] as const;

export const painPointSchema = z.object({
  kind: z.enum(PAIN_KINDS),
  /**
   * Ranking score, in units (visitors or sessions) affected: dropoff = units lost at the step;
   * segment = units the segment would have kept at the rest's rate; slow_page = bounces above the
   * site's bounce rate among sessions entering on it; loop = units that looped back.
   */
  score: z.number(),
  title: z.string(),
  figures: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  link: linkSchema,
});
export type PainPoint = z.infer<typeof painPointSchema>;

export const mapStageSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  owner: z.string().nullable(),
  reached: z.number().int(),
  conversion_from_previous: rate,
  conversion_from_first: rate,
  dropped: z.number().int().nullable(),
  dropoff_rate: rate,
  median_ms_from_previous: z.number().int().nullable(),
  target_rate: rate,
  /** conversion_from_previous − target_rate. */
  target_gap: rate,
  /** Touchpoints between the previous stage's event and this one's (units having each; share of reached). */
  top_touchpoints: ranked,
  /** Entry channels of the units that reached the stage (share of reached). */
  top_channels: ranked,
  /** Units that reached a later stage and then matched this one again; rate = of those that reached the next stage. */
  loops: z.number().int(),
  loop_rate: rate,
  /** Units that matched a later stage without reaching this one. */
  skips: z.number().int(),
  /** Sessions with a touchpoint matching this stage, and their bounce rate. */
  sessions: z.number().int(),
  bounce_rate: rate,
  /** Feedback events (numeric `score`) sent while at this stage. */
  feedback_count: z.number().int(),
  feedback_avg: z.number().nullable(),
});

export const mapResultSchema = z.object({
  unit: z.enum(['visitor', 'session']),
  units: z.number().int(),
  stages: z.array(mapStageSchema),
  /** Feedback sent before reaching stage 1. */
  feedback_before: z.object({ count: z.number().int(), avg: z.number().nullable() }),
  /** Ranked by score (then kind, title). */
  pain_points: z.array(painPointSchema),
});
export type MapResult = z.infer<typeof mapResultSchema>;
