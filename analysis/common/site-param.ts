/** The site named in a route's `:site`, or 404: shared by the analysis and alert routes. */
import type { Context } from 'hono';
import { ApiError } from '../../collector/http/errors.js';
import type { SiteRef } from './params.js';

export function siteParam(sites: { get(id: string): SiteRef | undefined }, c: Context): SiteRef {
  const id = c.req.param('site') ?? '';
  const s = sites.get(id);
  if (!s) throw new ApiError(404, 'unknown_site', `no site with id "${id}"`);
  return { id: s.id, timezone: s.timezone };
}
