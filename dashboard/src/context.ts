/** What the shell hands every view: the chosen site, range, filters and the site's journeys. */
import { z } from 'zod';
import type { Filters } from '../../analysis/common/filters.js';
import { storedJourneySchema, type StoredJourney } from '../../analysis/journeys/schema.js';
import { siteSchema, type Site } from '../../collector/schema/site.js';
import type { DateRange } from './dates.js';

export const sitesResponse = z.object({ sites: z.array(siteSchema) });
export const journeysResponse = z.object({ journeys: z.array(storedJourneySchema) });
/** Who is signed in: the admin, or a reader of one site (signed in with its API key). */
export const sessionResponse = z.object({
  authenticated: z.boolean(),
  role: z.enum(['admin', 'reader']).optional(),
  site: z.string().optional(),
  /** The admin's own address, as ingestion sees it (to exclude its own visits). */
  address: z.string().optional(),
});

export interface Ctx {
  site: Site;
  sites: Site[];
  /**
   * The admin may change things (sites, journeys, keys, erasure); a reader signed in with a site's
   * API key only reads, so the dashboard leaves out what the API would refuse them.
   */
  admin: boolean;
  /** The admin's own address as ingestion sees it (/api/session), to exclude its own visits. */
  address?: string;
  range: DateRange;
  filters: Filters;
  /** The current query string (view-specific keys too). */
  q: URLSearchParams;
  /** Path parameters of the view (e.g. journey id). */
  params: Record<string, string>;
  /** undefined while loading. */
  journeys: StoredJourney[] | undefined;
  journeysError: Error | undefined;
  reloadSites(): void;
  reloadJourneys(): void;
}

/** The journey a view shows: `?journey=` if it exists, else the site's first. */
export function pickJourney(ctx: Ctx, id = ctx.q.get('journey')): StoredJourney | undefined {
  const list = ctx.journeys ?? [];
  return list.find((j) => j.id === id) ?? list[0];
}
