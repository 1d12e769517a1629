/**
 * One person's journey: what a support agent or a shop owner looks up when a customer asks "why
 * did my order not go through?", and what a right-of-access request (GDPR article 15) asks for.
 * The person is a canonical visitor (common/identity.ts), as every analysis counts them: a user id
 * with every visitor id whose first `identify` named it (each device, the visits before sign-in),
 * or a visitor id that never identified. Their events in the range, in sessions, newest first.
 */
import { z } from 'zod';
import { LIMITS } from '../../collector/schema/event.js';
import { journeySchema } from '../journeys/schema.js';
import { baseParamsSchema } from '../common/params.js';

export const VISITOR_EVENT_LIMIT = { default: 2000, max: 20_000 } as const;

export const visitorParamsSchema = baseParamsSchema
  .and(
    z.object({
      /** A visitor id, or a user id given to `identify`. */
      id: z.string().min(1).max(LIMITS.maxId),
      /** Events shown at most: the newest ones when the person has more in the range. */
      limit: z.coerce.number().int().min(1).max(VISITOR_EVENT_LIMIT.max).default(VISITOR_EVENT_LIMIT.default),
      /** Optional: marks each touchpoint with the stages of this journey it matches. */
      journey: journeySchema.optional(),
    }),
  )
  .superRefine((p, ctx) => {
    // One person is not a population: a filter would only hide some of their sessions.
    if (p.filters && Object.keys(p.filters).length > 0) {
      ctx.addIssue({ code: 'custom', message: 'filters do not apply to one person', path: ['filters'] });
    }
  });
export type VisitorParams = z.infer<typeof visitorParamsSchema>;

export const visitorEventSchema = z.object({
  ms: z.number().int(),
  /** Identify events (signing in) sit in the session in progress, like engagement events. */
  type: z.enum(['pageview', 'event', 'engagement', 'identify']),
  /** Custom event name ('' otherwise). */
  name: z.string(),
  /** The user id an identify event names ('' otherwise). */
  user_id: z.string(),
  path: z.string(),
  title: z.string(),
  /** Which of the person's visitor ids (device) sent it. */
  visitor_id: z.string(),
  revenue: z.number().nullable(),
  engaged_ms: z.number().int(),
  load_ms: z.number().int(),
  props: z.record(z.string(), z.string()),
  /** Journey stages (1-based) this touchpoint matches; empty without `journey`. */
  stages: z.array(z.number().int()),
});
export type VisitorEvent = z.infer<typeof visitorEventSchema>;

export const visitorSessionSchema = z.object({
  /** Session number within the shown events, 1 = the earliest. */
  n: z.number().int(),
  start_ms: z.number().int(),
  /** The last touchpoint's time. */
  end_ms: z.number().int(),
  /**
   * From the session's entry event (its first page view, else its first touchpoint), as the
   * analyses' dimensions read them (common/dimensions.ts: source is utm_source or the referring
   * domain; empty is "(none)").
   */
  entry_page: z.string(),
  /** Its last page view's path (its last touchpoint's label without one). */
  exit_page: z.string(),
  channel: z.string(),
  source: z.string(),
  medium: z.string(),
  campaign: z.string(),
  device: z.string(),
  browser: z.string(),
  os: z.string(),
  country: z.string(),
  pageviews: z.number().int(),
  /** Custom events. */
  events: z.number().int(),
  engaged_ms: z.number().int(),
  revenue: z.number(),
  bounced: z.boolean(),
  /** Journey stages any of its touchpoints matched, ascending. */
  stages: z.array(z.number().int()),
  /** Its events in order, engagement and identify events included. */
  timeline: z.array(visitorEventSchema),
});
export type VisitorSession = z.infer<typeof visitorSessionSchema>;

export const visitorResultSchema = z.object({
  /** The id asked for. */
  id: z.string(),
  /** The person as the analyses count them: the user id when identified, else the visitor id. */
  person: z.string(),
  /** Whether `person` is a user id (someone identified). */
  identified: z.boolean(),
  /** Every visitor id of the person, sorted. */
  visitor_ids: z.array(z.string()),
  /**
   * Which of their visitor ids identified as which user id, at any time (not only in the range):
   * first and last time and how often (a site may identify on every page view), by first time.
   */
  identifies: z.array(z.object({ visitor_id: z.string(), user_id: z.string(), first_ms: z.number().int(), last_ms: z.number().int(), count: z.number().int() })),
  /** Over the sessions shown. */
  totals: z.object({
    sessions: z.number().int(),
    pageviews: z.number().int(),
    events: z.number().int(),
    revenue: z.number(),
    engaged_ms: z.number().int(),
    first_ms: z.number().int().nullable(),
    last_ms: z.number().int().nullable(),
  }),
  /** Events of the person in the range (identify events too). */
  events_in_range: z.number().int(),
  /**
   * How many of them (the newest) `sessions` was built from; fewer than `events_in_range` when
   * there are more than `limit`. A timeline leaves out a sign-in repeating one earlier in its
   * session, and engagement reports before the first touchpoint read.
   */
  shown: z.number().int(),
  /** Newest first. */
  sessions: z.array(visitorSessionSchema),
});
export type VisitorResult = z.infer<typeof visitorResultSchema>;
export type Identified = VisitorResult['identifies'][number];
