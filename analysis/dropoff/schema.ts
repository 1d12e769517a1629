/** Drop-off ("where did they go?") params, raw counts and result. */
import { z } from 'zod';
import { baseParamsSchema } from '../common/params.js';
import { journeySchema } from '../journeys/schema.js';

export const dropoffParamsSchema = baseParamsSchema
  .and(
    z.object({
      journey: journeySchema,
      /** Stage k (1-based): units that reached k but not k+1. */
      stage: z.coerce.number().int().min(1),
      limit: z.coerce.number().int().min(1).max(1000).default(20),
    }),
  )
  .refine((p) => p.stage < (p.journey?.stages?.length ?? Infinity), { message: 'must be below the last stage', path: ['stage'] });
export type DropoffParams = z.infer<typeof dropoffParamsSchema>;

/**
 * kind 'total': n = units that reached the stage; 'next' / 'exit': n = dropped units whose next
 * touchpoint / exit page is `label`. dropped and came_back count dropped units of the group.
 */
export const dropoffRawSchema = z.object({
  kind: z.enum(['total', 'next', 'exit']),
  label: z.string(),
  n: z.number().int(),
  dropped: z.number().int(),
  came_back: z.number().int(),
});
export type DropoffRaw = z.infer<typeof dropoffRawSchema>;

const ranked = z.array(z.object({ label: z.string(), count: z.number().int(), share: z.number().nullable() }));

export const dropoffResultSchema = z.object({
  unit: z.enum(['visitor', 'session']),
  stage: z.object({ index: z.number().int(), name: z.string() }),
  next_stage: z.object({ index: z.number().int(), name: z.string() }),
  reached: z.number().int(),
  dropped: z.number().int(),
  dropoff_rate: z.number().nullable(),
  /** Dropped units whose visitor started another session within the window (from the stage-1 event). */
  came_back: z.number().int(),
  came_back_rate: z.number().nullable(),
  /** First touchpoint after the stage event in the same session, or "(left the site)". */
  next_touchpoints: ranked,
  /** Last page view of the session in which the stage was reached. */
  exit_pages: ranked,
});
export type DropoffResult = z.infer<typeof dropoffResultSchema>;
