/**
 * The people seen in a range, most recently seen first: where a person's journey (visitor/) is
 * picked from. A person is a canonical visitor (common/identity.ts), counted over their page views
 * and custom events in the range.
 */
import { z } from 'zod';
import { baseParamsSchema } from '../common/params.js';

export const visitorsParamsSchema = baseParamsSchema
  .and(
    z.object({
      limit: z.coerce.number().int().min(1).max(1000).default(50),
    }),
  )
  .superRefine((p, ctx) => {
    if (p.filters && Object.keys(p.filters).length > 0) {
      ctx.addIssue({ code: 'custom', message: 'the list of people takes no filters', path: ['filters'] });
    }
  });
export type VisitorsParams = z.infer<typeof visitorsParamsSchema>;

export const personRowSchema = z.object({
  /** The user id when identified, else the visitor id. */
  person: z.string(),
  identified: z.boolean(),
  /** Visitor ids (devices) seen in the range. */
  visitor_ids: z.number().int(),
  first_ms: z.number().int(),
  last_ms: z.number().int(),
  pageviews: z.number().int(),
  events: z.number().int(),
  revenue: z.number(),
  /** Of their first touchpoint in the range. */
  first_channel: z.string(),
  /** Their latest touchpoint's label (a path, or "event:<name>"), device and country. */
  last_touchpoint: z.string(),
  device: z.string(),
  country: z.string(),
});
export type PersonRow = z.infer<typeof personRowSchema>;

export const visitorsResultSchema = z.object({
  /** People with a touchpoint in the range. */
  total: z.number().int(),
  /** The `limit` most recently seen (latest touchpoint first; ties by person id). */
  people: z.array(personRowSchema),
});
export type VisitorsResult = z.infer<typeof visitorsResultSchema>;
