/** POST /api/backups (admin): a backup of the embedded store (storage/backup.ts). */
import { Hono } from 'hono';
import { createBackup } from '../../storage/backup.js';
import { storeWork } from '../../storage/log-barrier.js';
import type { Store } from '../../storage/clickhouse.js';
import type { BatchWriter } from '../../storage/writer.js';
import { ApiError } from '../errors.js';

export function backupRoutes(deps: { store: Store; writer: BatchWriter; backupDir: string | null }) {
  const app = new Hono();
  app.post('/api/backups', async (c) => {
    if (!deps.backupDir) {
      throw new ApiError(501, 'not_supported', "with CLICKHOUSE_URL, back up with the server's own BACKUP command: its configuration decides where backups may go");
    }
    const dir = deps.backupDir;
    return c.json(await storeWork('the backup', () => createBackup(deps, dir)), 201);
  });
  return app;
}
