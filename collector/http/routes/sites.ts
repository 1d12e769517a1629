/** Site administration (admin token). */
import { Hono } from 'hono';
import { siteInputSchema } from '../../schema/site.js';
import { storeWork } from '../../storage/log-barrier.js';
import { deleteSite, type SiteDeletionDeps } from '../../storage/site-deletion.js';
import type { SiteStore } from '../../storage/sites.js';
import { ApiError, invalid } from '../errors.js';
import { readJson } from '../read-json.js';

export function siteRoutes(deps: { sites: SiteStore } & SiteDeletionDeps) {
  const app = new Hono();
  app.get('/api/sites', (c) => {
    const p = c.get('principal');
    return c.json({ sites: deps.sites.list().filter((s) => p.kind === 'admin' || s.id === p.site) });
  });
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
  // Admin only (app.ts).
  app.delete('/api/sites/:site', async (c) => {
    const id = c.req.param('site');
    const done = await storeWork(`deleting site "${id}"`, () => deleteSite(deps, id));
    if (!done) throw new ApiError(404, 'unknown_site', `no site with id "${id}"`);
    return c.json(done);
  });
  return app;
}
