/**
 * Journeys are configuration (DESIGN: "stages are configuration, not code"): a name, ordered
 * stages, a conversion window, strict order on/off and a scope. A stage matches touchpoints by
 * page path glob or custom event name, each optionally narrowed by property equality.
 */
import { z } from 'zod';
import { siteIdSchema } from '../../collector/schema/event.js';

export const journeyIdSchema = siteIdSchema;

export const DEFAULT_WINDOW_MS = 7 * 86_400_000;
/** windowFunnel takes at most 32 conditions; 20 stages is plenty for a journey map. */
export const MAX_STAGES = 20;

const propsEq = z
  .record(z.string().min(1).max(64), z.string().max(512))
  .refine((p) => Object.keys(p).length <= 5, { message: 'at most 5 props' });

/**
 * Path glob: "*" matches within one path segment, "**" across segments; everything else is
 * literal. "/product/*" matches "/product/shoe" but not "/product/shoe/reviews".
 */
export const pathGlobSchema = z.string().min(1).max(512).regex(/^\//, 'a path glob starts with "/"');

export const matcherSchema = z.union([
  z.object({ path: pathGlobSchema, props: propsEq.optional() }).strict(),
  z.object({ event: z.string().min(1).max(128), props: propsEq.optional() }).strict(),
]);
export type Matcher = z.infer<typeof matcherSchema>;

export const stageSchema = z
  .object({
    name: z.string().min(1).max(128),
    matchers: z.array(matcherSchema).min(1).max(10),
    /** The team that owns the stage (marketing, sales, support…). */
    owner: z.string().min(1).max(128).optional(),
    /** Target conversion from the previous stage (stage 1: from all units), 0..1. */
    target_rate: z.number().min(0).max(1).optional(),
  })
  .strict();
export type Stage = z.infer<typeof stageSchema>;

export const journeySchema = z
  .object({
    name: z.string().min(1).max(128),
    stages: z.array(stageSchema).min(1).max(MAX_STAGES),
    /** Conversion window from the stage-1 event, ms (windowFunnel's window; inclusive). */
    window_ms: z.number().int().min(1).max(365 * 86_400_000).default(DEFAULT_WINDOW_MS),
    /** windowFunnel 'strict_order': another touchpoint between stages stops the journey. */
    strict_order: z.boolean().default(false),
    /** visitor: journeys span sessions (default); session: each session is judged on its own. */
    scope: z.enum(['visitor', 'session']).default('visitor'),
  })
  .strict();
export type Journey = z.infer<typeof journeySchema>;
export type JourneyInput = z.input<typeof journeySchema>;

export const storedJourneySchema = journeySchema.extend({
  id: journeyIdSchema,
  site: siteIdSchema,
  updated_at: z.string(),
});
export type StoredJourney = z.infer<typeof storedJourneySchema>;

/** A stored journey's definition, without where and when it was stored. */
export const definitionOf = ({ id: _id, site: _site, updated_at: _u, ...definition }: StoredJourney): Journey => definition;
