/**
 * The people seen in a range, most recently seen first: where a person's journey (visitor/) is
 * picked from. A person is a canonical visitor (common/identity.ts), counted over their page views
 * and custom events in the range. With a journey and a stage, only the people behind one number
 * of its funnel: those whose unit (visitor, or one of their sessions at session scope) reached
 * that stage and not the next — who dropped off there, or at the last stage, who converted —
 * with the funnel's filters. Without a journey, filters keep the people with a session that passes
 * them (as sessions pass in every analysis): who sent a custom event, who came by email…
 */
import { z } from 'zod';
import { LIMITS } from '../../collector/schema/event.js';
import { MAX_RANGE_DAYS, baseParamsSchema, daySchema } from '../common/params.js';
import { MAX_STAGES, journeySchema } from '../journeys/schema.js';

export const visitorsParamsSchema = baseParamsSchema
  .and(
    z.object({
      limit: z.coerce.number().int().min(1).max(1000).default(50),
      journey: journeySchema.optional(),
      /** With `journey`: the funnel level, 1 … its number of stages. */
      stage: z.coerce.number().int().min(1).max(MAX_STAGES).optional(),
      /** A retention cohort (retention/): the new people first seen in the day or week that begins this date. */
      cohort: daySchema.optional(),
      /** With `cohort`: 0 for all of them, N for those back N periods later. */
      period: z.coerce.number().int().min(0).max(MAX_RANGE_DAYS).default(0),
      /** With `cohort`: those not back in any later period of the range (yet): whom to win back. */
      lost: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .or(z.boolean())
        .default(false),
      /** With `cohort`: its periods, as in retention. */
      interval: z.enum(['day', 'week']).optional(),
      /** With `cohort`: back means sending this custom event, as in retention. */
      return_event: z.string().min(1).max(LIMITS.maxName).optional(),
    }),
  )
  .superRefine((p, ctx) => {
    if (p.cohort !== undefined && p.journey !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'a cohort or a journey\'s stage, not both', path: ['cohort'] });
    } else if (p.cohort === undefined && (p.period !== 0 || p.lost || p.interval !== undefined || p.return_event !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'period, lost, interval and return_event go with a cohort', path: ['cohort'] });
    } else if (p.lost && p.period !== 0) {
      ctx.addIssue({ code: 'custom', message: 'lost is the cohort\'s people back in no later period: it takes no period', path: ['lost'] });
    }
    if ((p.journey === undefined) !== (p.stage === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a journey and a stage go together: the people who reached that stage and not the next', path: ['stage'] });
    } else if (p.journey && p.stage !== undefined && p.stage > p.journey.stages.length) {
      ctx.addIssue({ code: 'custom', message: `the journey has ${p.journey.stages.length} stages`, path: ['stage'] });
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
