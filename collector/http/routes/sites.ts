/** Site administration (admin token). */
import { Hono } from 'hono';
import { siteInputSchema } from '../../schema/site.js';
import type { SiteStore } from '../../storage/sites.js';
import { ApiError, invalid } from '../errors.js';
import { readJson } from '../read-json.js';

export function siteRoutes(deps: { sites: SiteStore }) {
  const app = new Hono();
  app.get('/api/sites', (c) => c.json({ sites: deps.sites.list() }));
  app.get('/api/sites/:site', (c) => {
    const site = deps.sites.get(c.req.param('site'));
    if (!site) throw new ApiError(404, 'unknown_site', `no site with id "${c.req.param('site')}"`);
    return c.json(site);
  });
  app.post('/api/sites', async (c) => {
    const parsed = siteInputSchema.safeParse(await readJson(c));
    if (!parsed.success) throw invalid(parsed.error, 'site');
    const existed = deps.sites.get(parsed.data.id) !== undefined;
    const site = await deps.sites.put(parsed.data);
    return c.json(site, existed ? 200 : 201);
  });
  return app;
}
