/**
 * What every analysis takes: a site, a range of days or hours in the site's time zone, the session
 * gap and filters. `resolveScope` turns the range into UTC milliseconds once, so SQL and reference
 * see the same half-open interval [fromMs, toMs).
 */
import { z } from 'zod';
import { siteIdSchema } from '../../collector/schema/event.js';
import { filtersSchema, type Filters } from './filters.js';
import { DEFAULT_SESSION_GAP_MS } from './sessions.js';
import { DAY_MS, rangePoint, zonedStart } from './time.js';

export const MAX_RANGE_DAYS = 400;

/** A local day "YYYY-MM-DD" or hour "YYYY-MM-DDTHH" in the site's time zone (time.ts rangePoint). */
export const rangePointSchema = z.string().refine((s) => rangePoint(s) !== null, { message: 'expected a local date YYYY-MM-DD or hour YYYY-MM-DDTHH' });

/** A local day "YYYY-MM-DD" of the site. */
export const daySchema = z.string().refine((s) => s.length === 10 && rangePoint(s) !== null, { message: 'expected a date YYYY-MM-DD' });

/** Adds an issue at `fields` when the range from–to is backwards or too long (zod superRefine). */
export function checkRange(from: unknown, to: unknown, ctx: z.RefinementCtx, fields: readonly [string, string] = ['from', 'to']): void {
  // zod runs refinements even when a field already failed: check the shape before using it.
  const a = typeof from === 'string' ? rangePoint(from) : null;
  const b = typeof to === 'string' ? rangePoint(to) : null;
  if (!a || !b) return;
  if (a.start >= b.end) ctx.addIssue({ code: 'custom', message: `"${fields[0]}" must not be after "${fields[1]}"`, path: [fields[0]] });
  else if (b.end - a.start > MAX_RANGE_DAYS * DAY_MS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_RANGE_DAYS} days`, path: [fields[1]] });
}

export const rangeSchema = z.object({
  /** First day or hour, inclusive, in the site's time zone. */
  from: rangePointSchema,
  /** Last day or hour, inclusive. */
  to: rangePointSchema,
  /** Inactivity that ends a session, minutes. */
  session_gap_minutes: z.coerce.number().int().min(1).max(24 * 60).optional(),
});

/** Range + filters; analyses extend it. */
export const baseParamsSchema = rangeSchema
  .extend({ filters: filtersSchema.default({}) })
  .superRefine((p, ctx) => checkRange(p.from, p.to, ctx));
export type BaseParams = z.infer<typeof baseParamsSchema>;

export interface Scope {
  site: string;
  tz: string;
  fromMs: number;
  toMs: number;
  gapMs: number;
  filters: Filters;
}

/** The site an analysis runs for; the API gets it from the site store. */
export interface SiteRef {
  id: string;
  timezone: string;
}

export function resolveScope(site: SiteRef, p: BaseParams): Scope {
  return {
    site: siteIdSchema.parse(site.id),
    tz: site.timezone,
    fromMs: zonedStart(rangePoint(p.from)!.start, site.timezone),
    toMs: zonedStart(rangePoint(p.to)!.end, site.timezone),
    gapMs: (p.session_gap_minutes ?? DEFAULT_SESSION_GAP_MS / 60_000) * 60_000,
    filters: p.filters,
  };
}

/** The {name:Type} parameters every analysis query uses. */
export function scopeParams(s: Scope): Record<string, string | number> {
  return { site: s.site, tz: s.tz, from: s.fromMs, to: s.toMs, gap: s.gapMs };
}
