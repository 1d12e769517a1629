/**
 * Paths params, the raw rows both sides produce, and the result (top paths + a Sankey graph).
 * A unit's path is its touchpoint labels (page path, or "event:<name>") in event order with
 * consecutive duplicates collapsed, cut at the anchor: from the unit's first touchpoint (no
 * anchor), from the first occurrence of `start`, or up to the first occurrence of `end`.
 */
import { z } from 'zod';
import { baseParamsSchema } from '../common/params.js';

export const MAX_DEPTH = 10;
/** Sankey node of the paths that stopped before `depth` steps (forward modes). */
export const END_NODE = '(end)';
/** Sankey node of the paths that began before reaching `end` in fewer than `depth` steps. */
export const START_NODE = '(start)';
/** Sankey node that groups a step's small nodes. */
export const OTHER_NODE = '(other)';

const label = z.string().min(1).max(600);

export const pathsParamsSchema = baseParamsSchema
  .and(
    z.object({
      /** Anchor: paths start at the first occurrence of this touchpoint label ("/cart", "event:signup"). */
      start: label.optional(),
      /** Anchor: paths end at the first occurrence of this touchpoint label. */
      end: label.optional(),
      /** Steps per path, anchor included. */
      depth: z.coerce.number().int().min(1).max(MAX_DEPTH).default(5),
      /** session: each session is a path; visitor: all of a visitor's touchpoints in the range. */
      scope: z.enum(['session', 'visitor']).default('session'),
      /** Top paths listed. */
      limit: z.coerce.number().int().min(1).max(100).default(10),
      /** Sankey: at most this many named nodes per step; the rest become "(other)". */
      nodes: z.coerce.number().int().min(1).max(50).default(8),
      /** Sankey: nodes with fewer than this share of all paths become "(other)" (0..1). */
      min_share: z.coerce.number().min(0).max(1).default(0.01),
    }),
  )
  .refine((p) => p.start === undefined || p.end === undefined, { message: 'give "start" or "end", not both', path: ['end'] });
export type PathsParams = z.infer<typeof pathsParamsSchema>;

/**
 * kind 'total': n = units with a path (a = '', b = '', steps = []); 'node': n = paths with label
 * `a` at `step`; 'link': n = paths going from `a` at `step` to `b` at step + 1; 'path': n = units
 * with exactly these `steps` (only the top `limit`, ranked by n then steps).
 */
export const pathsRawSchema = z.object({
  kind: z.enum(['total', 'node', 'link', 'path']),
  step: z.number().int(),
  a: z.string(),
  b: z.string(),
  steps: z.array(z.string()),
  n: z.number().int(),
});
export type PathsRaw = z.infer<typeof pathsRawSchema>;

export const pathsResultSchema = z.object({
  unit: z.enum(['session', 'visitor']),
  anchor: z.object({ kind: z.enum(['entry', 'start', 'end']), label: z.string().nullable() }),
  depth: z.number().int(),
  /** Units (sessions or visitors) with a path; with an anchor, those that reached it. */
  units: z.number().int(),
  /** Most frequent paths, biggest first (ties: label order). */
  paths: z.array(z.object({ steps: z.array(z.string()), count: z.number().int(), share: z.number().nullable() })),
  /**
   * Sankey graph. Steps run 1..depth left to right; the anchor is step 1 (entry/start) or step
   * `depth` (end). Per step, nodes beyond `nodes` or under `min_share` are merged into "(other)";
   * "(end)" / "(start)" mark paths that stopped / began there. Node ids are "<step>:<label>".
   */
  sankey: z.object({
    nodes: z.array(z.object({ id: z.string(), step: z.number().int(), label: z.string(), count: z.number().int() })),
    links: z.array(z.object({ source: z.string(), target: z.string(), count: z.number().int() })),
  }),
});
export type PathsResult = z.infer<typeof pathsResultSchema>;
