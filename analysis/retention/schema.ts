/** Retention: params, the raw groups both sides produce, and the result. */
import { z } from 'zod';
import { LIMITS } from '../../collector/schema/event.js';
import { DIMENSION_NAMES } from '../common/dimensions.js';
import { baseParamsSchema } from '../common/params.js';
import { DAY_MS, rangePoint } from '../common/time.js';

/** Day cohorts over longer ranges would be a grid of thousands of cells nobody can read. */
export const MAX_DAY_COHORTS = 92;
/** Up to this many days the default period is a day, beyond it a week. */
export const DAY_PERIODS_UP_TO = 31;

/** Whether a range (its `from` and `to` points) may be cut into day cohorts; a range that is no range is left to the range checks. */
export function dayCohortsAllowed(from: string, to: string): boolean {
  const a = rangePoint(from);
  const b = rangePoint(to);
  return !a || !b || b.end - a.start <= MAX_DAY_COHORTS * DAY_MS;
}

export const retentionParamsSchema = baseParamsSchema
  .and(
    z.object({
      /** Cohorts and periods: local days or weeks (Monday to Sunday). */
      interval: z.enum(['day', 'week']).optional(),
      /** Count as back only those who sent this custom event (e.g. a second purchase); default any visit. */
      return_event: z.string().min(1).max(LIMITS.maxName).optional(),
      /** Compare segments by their first visit's entry attribute (its channel, source, device…). */
      breakdown: z.enum(DIMENSION_NAMES).optional(),
      /** Segments shown in a breakdown (most new visitors first); the z-tests compare each with all the rest. */
      segments: z.coerce.number().int().min(1).max(50).default(8),
      /** "Now", ms since epoch: periods not begun by then are not listed (the API passes the clock; tests pin it). */
      now: z.coerce.number().int().min(0).optional(),
    }),
  )
  .superRefine((p, ctx) => {
    if (p.interval === 'day' && typeof p.from === 'string' && typeof p.to === 'string' && !dayCohortsAllowed(p.from, p.to)) {
      ctx.addIssue({ code: 'custom', message: `day cohorts cover at most ${MAX_DAY_COHORTS} days; use interval=week`, path: ['interval'] });
    }
  });
export type RetentionParams = z.infer<typeof retentionParamsSchema>;

/**
 * One group of new people whose first session passes the filters (with a breakdown: of one
 * segment), by the period (its first day's number, periods.ts) of their first touchpoint:
 * `period` 0 counts them all, N ≥ 1 those with a return touchpoint N periods later, −1 those with
 * one in any later period.
 */
export const retentionRawSchema = z.object({
  /** '' for everyone; else the breakdown value of the people counted (never '': it reads "(none)"). */
  segment: z.string(),
  bucket: z.number().int(),
  period: z.number().int(),
  visitors: z.number().int(),
});
export type RetentionRaw = z.infer<typeof retentionRawSchema>;

const rate = z.number().nullable();

const averageSchema = z.object({ period: z.number().int(), cohorts: z.number().int(), visitors: z.number().int(), returned: z.number().int(), rate });

export const retentionResultSchema = z.object({
  interval: z.enum(['day', 'week']),
  return_event: z.string().nullable(),
  /** New people in the range (first touchpoint ever inside it, first session passing the filters). */
  totals: z.object({ visitors: z.number().int(), returned: z.number().int(), rate }),
  cohorts: z.array(
    z.object({
      /** The cohort's period: its first day (a Monday for weeks), site time zone. */
      bucket: z.string(),
      visitors: z.number().int(),
      /** Back in any later period of the range. */
      returned: z.number().int(),
      rate,
      /** False while the cohort's own period is still open (it ends after the range or now). */
      complete: z.boolean(),
      /** Period 1, 2, … after the cohort's, each up to the last one that has begun. */
      periods: z.array(z.object({ period: z.number().int(), returned: z.number().int(), rate, complete: z.boolean() })),
    }),
  ),
  /** Per period N, over the cohorts with people whose period N is complete: the average retention (weighted by size). */
  periods: z.array(averageSchema),
  /** With `breakdown`: per segment (by its people's first visit) the same totals and averages, each period z-tested against the rest. */
  breakdown: z
    .object({
      dimension: z.enum(DIMENSION_NAMES),
      segments: z.array(
        z.object({
          value: z.string(),
          visitors: z.number().int(),
          returned: z.number().int(),
          rate,
          periods: z.array(averageSchema.extend({ z: z.number().nullable(), p_value: z.number().nullable(), significant: z.boolean() })),
        }),
      ),
    })
    .nullable(),
});
export type RetentionResult = z.infer<typeof retentionResultSchema>;
