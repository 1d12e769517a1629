/** Per-site read-only API keys (admin): create (the key is shown once), list, revoke. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ApiKeyStore } from '../../storage/api-keys.js';
import type { SiteStore } from '../../storage/sites.js';
import { ApiError, invalid } from '../errors.js';
import { readJson } from '../read-json.js';

// A lone surrogate (half of a UTF-16 pair) is not text: ClickHouse refuses the row it is in.
const createSchema = z
  .object({ name: z.string().min(1).max(100).refine((s) => s.isWellFormed(), 'must be valid Unicode text (no lone surrogate)') })
  .strict();

export function keyRoutes(deps: { keys: ApiKeyStore; sites: SiteStore }) {
  const app = new Hono();
  const site = (id: string) => {
    if (!deps.sites.get(id)) throw new ApiError(404, 'unknown_site', `no site with id "${id}"`);
    return id;
  };
  app.get('/api/sites/:site/keys', (c) => c.json({ keys: deps.keys.list(site(c.req.param('site'))) }));
  app.post('/api/sites/:site/keys', async (c) => {
    const s = site(c.req.param('site'));
    const parsed = createSchema.safeParse(await readJson(c));
    if (!parsed.success) throw invalid(parsed.error, 'key');
    return c.json(await deps.keys.create(s, parsed.data.name), 201);
  });
  app.delete('/api/sites/:site/keys/:id', async (c) => {
    const s = site(c.req.param('site'));
    if (!(await deps.keys.revoke(s, c.req.param('id')))) throw new ApiError(404, 'unknown_key', 'no such key for this site');
    return c.body(null, 204);
  });
  return app;
}
