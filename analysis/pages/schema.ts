/** Pages and bounce: params, the raw groups both sides produce, and the result. */
import { z } from 'zod';
import { baseParamsSchema } from '../common/params.js';

export const pagesParamsSchema = baseParamsSchema.and(
  z.object({
    /** Rows per table (pages ranked by views, segments by sessions). */
    limit: z.coerce.number().int().min(1).max(1000).default(20),
  }),
);
export type PagesParams = z.infer<typeof pagesParamsSchema>;

/** Entry page load-time buckets: lower edges in ms; bucket i = [EDGES[i-1], EDGES[i]). */
export const LOAD_EDGES_MS = [1000, 2000, 4000, 8000] as const;
export const LOAD_LABELS = ['<1s', '1–2s', '2–4s', '4–8s', '≥8s'] as const;
/** Sessions whose entry event is not a page view with a load time (load_ms = 0). */
export const LOAD_UNKNOWN = '(unknown)';

export const PAGE_DIMS = ['total', 'page', 'entry', 'exit', 'channel', 'device', 'load', 'stage'] as const;

/**
 * One group. dim 'page': n = page views of path `value`, timed = those with load_ms > 0,
 * p50/p75 = their load time (0 when none). Other dims: n = sessions (entry page, exit page, entry
 * channel / device, entry load bucket; 'stage': sessions with a touchpoint matching stage `value`
 * (1-based), only when stages are given), bounces among them.
 */
export const pagesRawSchema = z.object({
  dim: z.enum(PAGE_DIMS),
  value: z.string(),
  n: z.number().int(),
  bounces: z.number().int(),
  timed: z.number().int(),
  p50: z.number().int(),
  p75: z.number().int(),
});
export type PagesRaw = z.infer<typeof pagesRawSchema>;

const rate = z.number().nullable();
const segment = z.object({ value: z.string(), sessions: z.number().int(), bounces: z.number().int(), bounce_rate: rate });

export const pageRowSchema = z.object({
  path: z.string(),
  views: z.number().int(),
  /** Sessions that entered on this page. */
  entries: z.number().int(),
  /** Bounce rate of the sessions that entered on it (null without entries). */
  bounce_rate: rate,
  /** Sessions whose last page view was this page. */
  exits: z.number().int(),
  /** exits / views. */
  exit_rate: rate,
  /** Views with a measured load time (load_ms > 0). */
  timed_views: z.number().int(),
  /** quantileExact of load_ms over timed views; null without any. */
  load_p50_ms: z.number().int().nullable(),
  load_p75_ms: z.number().int().nullable(),
});
export type PageRow = z.infer<typeof pageRowSchema>;

export const pagesResultSchema = z.object({
  totals: z.object({ sessions: z.number().int(), bounces: z.number().int(), bounce_rate: rate }),
  pages: z.array(pageRowSchema),
  /** Bounce rate of sessions by their entry page / entry channel / entry device (top by sessions). */
  bounce_by_entry_page: z.array(segment),
  bounce_by_channel: z.array(segment),
  bounce_by_device: z.array(segment),
  /** Bounce rate by the load time of the entry page view: do slow pages lose people? Fixed buckets, then "(unknown)". */
  bounce_by_load: z.array(
    z.object({
      bucket: z.string(),
      min_ms: z.number().int().nullable(),
      max_ms: z.number().int().nullable(),
      sessions: z.number().int(),
      bounces: z.number().int(),
      bounce_rate: rate,
    }),
  ),
});
export type PagesResult = z.infer<typeof pagesResultSchema>;
