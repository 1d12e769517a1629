/** Custom events: params, the raw groups both sides produce, and the result. */
import { z } from 'zod';
import { LIMITS } from '../../collector/schema/event.js';
import { baseParamsSchema } from '../common/params.js';

export const customEventsParamsSchema = baseParamsSchema.and(
  z.object({
    /** One event's name: its property values are listed too. */
    name: z.string().min(1).max(LIMITS.maxName).optional(),
    /** Rows per table (events ranked by count, property values by count). */
    limit: z.coerce.number().int().min(1).max(1000).default(20),
    /** With `name`: that event over time, per hour or day (default: hours for ranges up to 2 days, else days). */
    interval: z.enum(['hour', 'day']).optional(),
  }),
);
export type CustomEventsParams = z.infer<typeof customEventsParamsSchema>;

/**
 * One group of custom events in the sessions that pass the filters. kind 'total': every such
 * session's canonical visitor (visitors) and all their custom events (events, revenue); 'name':
 * the events named `name`; 'prop': the events named params.name whose property `key` is `value`;
 * 'bucket': the events named params.name in the hour or day `key` (its label, site time zone).
 */
export const customEventsRawSchema = z.object({
  kind: z.enum(['total', 'name', 'prop', 'bucket']),
  name: z.string(),
  key: z.string(),
  value: z.string(),
  events: z.number().int(),
  visitors: z.number().int(),
  /** Revenue in millionths (common/money.ts). */
  revenue_micro: z.number().int(),
});
export type CustomEventsRaw = z.infer<typeof customEventsRawSchema>;

const rate = z.number().nullable();

export const customEventsResultSchema = z.object({
  /** Visitors with a session in the range (passing the filters), and their custom events. */
  totals: z.object({ visitors: z.number().int(), events: z.number().int(), revenue: z.number() }),
  events: z.array(
    z.object({
      name: z.string(),
      events: z.number().int(),
      visitors: z.number().int(),
      /** Visitors who sent it / all visitors: the event as a goal. */
      conversion_rate: rate,
      revenue: z.number(),
    }),
  ),
  /** With `name`: that event per hour or day of the range (every bucket, empty ones too); else null. */
  series: z
    .object({
      interval: z.enum(['hour', 'day']),
      buckets: z.array(z.object({ bucket: z.string(), events: z.number().int(), visitors: z.number().int(), revenue: z.number() })),
    })
    .nullable(),
  /** With `name`: that event's property values, most frequent first; else empty. */
  props: z.array(
    z.object({ key: z.string(), value: z.string(), events: z.number().int(), visitors: z.number().int(), share: rate, revenue: z.number() }),
  ),
});
export type CustomEventsResult = z.infer<typeof customEventsResultSchema>;
