/** GET /healthz (store reachable, log backlog) and GET /metrics (Prometheus text). */
import { Hono } from 'hono';
import type { Store } from '../../storage/clickhouse.js';
import type { WriteAheadLog } from '../../storage/wal.js';
import type { BatchWriter } from '../../storage/writer.js';
import type { Metrics } from '../metrics.js';

export function healthRoutes(deps: { store: Store; wal: WriteAheadLog; writer: BatchWriter; metrics: Metrics }) {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    const ping = await deps.store.ping().catch((err: unknown) => ({ success: false as const, error: err }));
    // A reachable store can still refuse inserts (too many parts, read-only, a table changed by
    // hand): the log then grows as if the store were down, and monitoring should hear of it first.
    const ok = ping.success && deps.writer.lastError === null;
    const body = {
      status: ok ? 'ok' : 'degraded',
      store: ping.success ? 'reachable' : 'unreachable',
      wal: { backlog_bytes: deps.wal.backlogBytes(), backlog_rows: deps.wal.backlogRows() },
      last_insert_error: deps.writer.lastError,
    };
    // Still accepting events meanwhile (they wait in the log), but say so.
    return c.json(body, ok ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    c.header('Content-Type', deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
  return app;
}
