/** The bounce rate's change: the result (schema.ts has the params); apart, so the dashboard bundles no params. */
import { z } from 'zod';
import { differenceShape, effectShape, rate } from '../change/result.js';

/** What a session's entry event says of it, as the overview groups them: the dimensions of `by`. */
export const BOUNCE_DIMS = ['channel', 'source', 'medium', 'campaign', 'device', 'browser', 'os', 'country', 'entry_page'] as const;
export type BounceDim = (typeof BOUNCE_DIMS)[number];

/** One period: its sessions (passing the filters), the bounced ones and the bounce rate. */
const periodSchema = z.object({ from: z.string(), to: z.string(), sessions: z.number().int(), bounces: z.number().int(), rate });

/** Per period: a segment's sessions, bounced ones, bounce rate and share of all sessions. */
const sideSchema = z.object({ sessions: z.number().int(), bounces: z.number().int(), rate, share: z.number() });

export const bounceDriverSchema = z.object({
  by: z.enum(BOUNCE_DIMS),
  value: z.string(),
  current: sideSchema,
  baseline: sideSchema,
  /** As "what changed"'s, in points of the bounce rate. */
  ...effectShape,
});

export const bounceChangeResultSchema = z.object({
  current: periodSchema,
  baseline: periodSchema,
  ...differenceShape,
  by: z.array(z.enum(BOUNCE_DIMS)),
  segments_tested: z.number().int(),
  /** The largest effects of every dimension in `by`, largest first (at most `drivers`). */
  drivers: z.array(bounceDriverSchema),
});
export type BounceChangeResult = z.infer<typeof bounceChangeResultSchema>;
export type BounceDriver = z.infer<typeof bounceDriverSchema>;
