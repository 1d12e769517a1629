/** POST /api/backups (admin): a backup of the embedded store (storage/backup.ts). */
import { Hono } from 'hono';
import { z } from 'zod';
import { createBackup } from '../../storage/backup.js';
import { storeWork } from '../../storage/log-barrier.js';
import type { Store } from '../../storage/clickhouse.js';
import type { BatchWriter } from '../../storage/writer.js';
import { ApiError, invalid } from '../errors.js';

const querySchema = z.object({ keep: z.coerce.number().int().min(1).max(100_000).optional() }).strict();

export function backupRoutes(deps: { store: Store; writer: BatchWriter; backupDir: string | null }) {
  const app = new Hono();
  app.post('/api/backups', async (c) => {
    if (!deps.backupDir) {
      throw new ApiError(501, 'not_supported', "with CLICKHOUSE_URL, back up with the server's own BACKUP command: its configuration decides where backups may go");
    }
    const q = querySchema.safeParse(c.req.query());
    if (!q.success) throw invalid(q.error, 'query');
    const dir = deps.backupDir;
    return c.json(await storeWork('the backup', () => createBackup(deps, dir, q.data.keep)), 201);
  });
  return app;
}
