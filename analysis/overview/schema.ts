/** Overview params, the raw counts both sides produce, and the result. */
import { z } from 'zod';
import { baseParamsSchema } from '../common/params.js';

export const overviewParamsSchema = baseParamsSchema.and(
  z.object({
    /** Time-series buckets in the site's time zone; default: hour for ranges up to 2 days, else day. */
    interval: z.enum(['hour', 'day']).optional(),
    /** Rows per table. */
    limit: z.coerce.number().int().min(1).max(1000).default(10),
    /** "Now" for the realtime panel, ms since epoch (the API passes the clock; tests pin it). */
    now: z.coerce.number().int().min(0).optional(),
    /** `totals`: the totals alone (a comparison period's figures, at a fraction of the cost); the time series, tables and realtime are empty. */
    only: z.enum(['totals']).optional(),
  }),
);
export type OverviewParams = z.infer<typeof overviewParamsSchema>;

/** Realtime looks back this far from `now` (inclusive at both ends). */
export const REALTIME_MS = 30 * 60_000;

export const GROUP_DIMS = [
  'total',
  'channel',
  'source',
  'medium',
  'campaign',
  'device',
  'browser',
  'os',
  'country',
  'entry_page',
  'exit_page',
  'bucket',
  'page',
] as const;

/**
 * One group of sessions (dim ≠ 'page'): sessions, distinct visitors, their page views, bounces and
 * summed duration. For dim 'page': sessions = page views of that path, visitors = distinct viewers.
 */
export const overviewGroupSchema = z.object({
  dim: z.enum(GROUP_DIMS),
  value: z.string(),
  sessions: z.number().int(),
  visitors: z.number().int(),
  pageviews: z.number().int(),
  bounces: z.number().int(),
  duration_ms: z.number().int(),
});
export type OverviewGroup = z.infer<typeof overviewGroupSchema>;

export const realtimeGroupSchema = z.object({
  kind: z.enum(['total', 'page']),
  value: z.string(),
  visitors: z.number().int(),
  views: z.number().int(),
});
export type RealtimeGroup = z.infer<typeof realtimeGroupSchema>;

export interface OverviewRaw {
  groups: OverviewGroup[];
  realtime: RealtimeGroup[];
}

const rate = z.number().nullable();
const tableRow = z.object({
  value: z.string(),
  visitors: z.number().int(),
  sessions: z.number().int(),
  pageviews: z.number().int(),
  bounce_rate: rate,
});

export const overviewResultSchema = z.object({
  totals: z.object({
    visitors: z.number().int(),
    sessions: z.number().int(),
    pageviews: z.number().int(),
    bounces: z.number().int(),
    bounce_rate: rate,
    avg_session_ms: z.number().int().nullable(),
    views_per_session: rate,
  }),
  interval: z.enum(['hour', 'day']),
  timeseries: z.array(
    z.object({ bucket: z.string(), visitors: z.number().int(), sessions: z.number().int(), pageviews: z.number().int(), bounce_rate: rate }),
  ),
  pages: z.array(
    z.object({
      path: z.string(),
      views: z.number().int(),
      visitors: z.number().int(),
      entries: z.number().int(),
      exits: z.number().int(),
      bounce_rate: rate,
      exit_rate: rate,
    }),
  ),
  channels: z.array(tableRow),
  sources: z.array(tableRow),
  mediums: z.array(tableRow),
  campaigns: z.array(tableRow),
  devices: z.array(tableRow),
  browsers: z.array(tableRow),
  os: z.array(tableRow),
  countries: z.array(tableRow),
  entry_pages: z.array(tableRow),
  realtime: z.object({
    from_ms: z.number().int(),
    to_ms: z.number().int(),
    visitors: z.number().int(),
    pages: z.array(z.object({ path: z.string(), views: z.number().int(), visitors: z.number().int() })),
  }),
});
export type OverviewResult = z.infer<typeof overviewResultSchema>;
