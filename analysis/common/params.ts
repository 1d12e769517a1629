/**
 * What every analysis takes: a site, a date range in the site's time zone, the session gap and
 * filters. `resolveScope` turns dates into UTC milliseconds once, so SQL and reference see the
 * same half-open interval [fromMs, toMs).
 */
import { z } from 'zod';
import { siteIdSchema } from '../../collector/schema/event.js';
import { filtersSchema, type Filters } from './filters.js';
import { DEFAULT_SESSION_GAP_MS } from './sessions.js';
import { addDays, zonedDayStart } from './time.js';

export const MAX_RANGE_DAYS = 400;

const date = z.iso.date();
const isDate = (s: unknown): s is string => date.safeParse(s).success;

export const rangeSchema = z.object({
  /** First day, inclusive, in the site's time zone. */
  from: date,
  /** Last day, inclusive. */
  to: date,
  /** Inactivity that ends a session, minutes. */
  session_gap_minutes: z.coerce.number().int().min(1).max(24 * 60).optional(),
});

/** Range + filters; analyses extend it. */
export const baseParamsSchema = rangeSchema
  .extend({ filters: filtersSchema.default({}) })
  // zod runs refinements even when a field already failed: check the shape before using it.
  .refine((p) => !isDate(p.from) || !isDate(p.to) || p.from <= p.to, { message: '"from" must not be after "to"', path: ['from'] })
  .refine((p) => !isDate(p.from) || !isDate(p.to) || p.to <= addDays(p.from, MAX_RANGE_DAYS - 1), {
    message: `at most ${MAX_RANGE_DAYS} days`,
    path: ['to'],
  });
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
    fromMs: zonedDayStart(p.from, site.timezone),
    toMs: zonedDayStart(addDays(p.to, 1), site.timezone),
    gapMs: (p.session_gap_minutes ?? DEFAULT_SESSION_GAP_MS / 60_000) * 60_000,
    filters: p.filters,
  };
}

/** The {name:Type} parameters every analysis query uses. */
export function scopeParams(s: Scope): Record<string, string | number> {
  return { site: s.site, tz: s.tz, from: s.fromMs, to: s.toMs, gap: s.gapMs };
}
