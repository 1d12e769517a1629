/** The bounce rate's change: the result (schema.ts has the params); apart, so the dashboard bundles no params. */
import { z } from 'zod';

const rate = z.number().nullable();
const BY = z.enum(['channel', 'source', 'medium', 'campaign', 'device', 'browser', 'os', 'country', 'entry_page']);

/** One period: its sessions (passing the filters), the bounced ones and the bounce rate. */
const periodSchema = z.object({ from: z.string(), to: z.string(), sessions: z.number().int(), bounces: z.number().int(), rate });

/** current − baseline, with the z-test of the two proportions. */
const differenceShape = { change: rate, z: z.number().nullable(), p_value: z.number().nullable(), significant: z.boolean() };

export const bounceDriverSchema = z.object({
  by: BY,
  value: z.string(),
  /** Per period: the segment's sessions, bounced ones, bounce rate and share of all sessions. */
  current: z.object({ sessions: z.number().int(), bounces: z.number().int(), rate, share: z.number() }),
  baseline: z.object({ sessions: z.number().int(), bounces: z.number().int(), rate, share: z.number() }),
  /** It bounces differently: w₁·(r₁ − r₀), in points of the bounce rate. */
  rate_effect: z.number(),
  /** Its share of the sessions moved, weighed by how far its bounce rate is from the average: (r₀ − R₀)·(w₁ − w₀). */
  mix_effect: z.number(),
  /** rate_effect + mix_effect; a dimension's effects add up to the bounce rate's change. */
  effect: z.number(),
  /** The segment's own bounce rate, current against baseline; significant when q_value (Benjamini–Hochberg over `segments_tested`) < 0.05. */
  ...differenceShape,
  q_value: z.number().nullable(),
});

export const bounceChangeResultSchema = z.object({
  current: periodSchema,
  baseline: periodSchema,
  ...differenceShape,
  by: z.array(BY),
  segments_tested: z.number().int(),
  /** The largest effects of every dimension in `by`, largest first (at most `drivers`). */
  drivers: z.array(bounceDriverSchema),
});
export type BounceChangeResult = z.infer<typeof bounceChangeResultSchema>;
export type BounceDriver = z.infer<typeof bounceDriverSchema>;
