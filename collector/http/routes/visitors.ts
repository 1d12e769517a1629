/** DELETE /api/sites/:site/visitors/:id (admin): erase one person's events (storage/visitor-erasure.ts). */
import { Hono } from 'hono';
import { LIMITS } from '../../schema/event.js';
import type { Store } from '../../storage/clickhouse.js';
import type { SiteStore } from '../../storage/sites.js';
import { storeWork } from '../../storage/log-barrier.js';
import { eraseVisitor } from '../../storage/visitor-erasure.js';
import type { BatchWriter } from '../../storage/writer.js';
import type { WriteAheadLog } from '../../storage/wal.js';
import { ApiError } from '../errors.js';

export function visitorRoutes(deps: { sites: SiteStore; store: Store; writer: BatchWriter; wal: WriteAheadLog; backupDir: string | null }) {
  const app = new Hono();
  app.delete('/api/sites/:site/visitors/:id', async (c) => {
    const site = c.req.param('site');
    if (!deps.sites.get(site)) throw new ApiError(404, 'unknown_site', `no site with id "${site}"`);
    const id = c.req.param('id');
    if (id.length === 0 || id.length > LIMITS.maxId) throw new ApiError(400, 'invalid_id', `a visitor or user id has 1 to ${LIMITS.maxId} characters`);
    return c.json(await storeWork(`erasing "${id}"`, () => eraseVisitor(deps, site, id)));
  });
  return app;
}
