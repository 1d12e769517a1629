/** GET /healthz (store reachable, log backlog), GET /readyz (accepting events now) and GET /metrics (Prometheus text). */
import { Hono } from 'hono';
import type { Store } from '../../storage/clickhouse.js';
import { REFUSED_RETRY_AFTER_S, type WriteAheadLog } from '../../storage/wal.js';
import type { BatchWriter } from '../../storage/writer.js';
import type { Metrics } from '../metrics.js';
import type { EventDeps } from '../event-handler.js';

/** "Log full" once not even a page view would fit (a log row is ~0.5 KiB). */
const TYPICAL_EVENT_BYTES = 1024;

export function healthRoutes(deps: { store: Store; wal: WriteAheadLog; writer: BatchWriter; metrics: Metrics; events: Pick<EventDeps, 'draining'> }) {
  const app = new Hono();
  // For a load balancer: whether events are accepted now. /healthz reports the store, and a
  // collector whose store is down still accepts events into its log: it must stay in rotation.
  // Not tied to traffic, so a collector taken out of rotation comes back on its own.
  app.get('/readyz', (c) => {
    const reason = deps.events.draining?.()
      ? 'shutting_down'
      : !deps.wal.hasRoomFor(TYPICAL_EVENT_BYTES)
        ? 'log_full'
        : Date.now() - deps.wal.diskFullAt < REFUSED_RETRY_AFTER_S * 1000 // as long as the refused were told to wait
          ? 'disk_full'
          : null;
    if (!reason) return c.json({ status: 'accepting' });
    c.header('Retry-After', reason === 'shutting_down' ? '5' : String(REFUSED_RETRY_AFTER_S));
    return c.json({ status: 'not_accepting', reason }, 503);
  });
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
