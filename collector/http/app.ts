/**
 * createApp(deps): the whole HTTP surface as a Hono app. It never listens (server.ts does),
 * so tests drive it with app.request() against real storage.
 */
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { ApiError, errorBody } from './errors.js';
import { Auth, requireAdmin, requireSignedIn, requireSiteReader } from './auth.js';
import type { Metrics } from './metrics.js';
import { eventRoutes } from './routes/event.js';
import type { EventDeps } from './event-handler.js';
import { siteRoutes } from './routes/sites.js';
import { visitorRoutes } from './routes/visitors.js';
import { exportRoutes } from './routes/export.js';
import { healthRoutes } from './routes/health.js';
import { scriptRoutes } from './routes/script.js';
import { importRoutes } from './routes/import.js';
import { keyRoutes } from './routes/keys.js';
import { sessionRoutes } from './routes/session.js';
import { openapiRoutes } from './routes/openapi.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { backupRoutes } from './routes/backups.js';
import type { ApiKeyStore } from '../storage/api-keys.js';
import { analysisRoutes } from '../../analysis/api.js';
import { alertRoutes } from '../../analysis/alerts/routes.js';
import type { Ingestor } from '../ingest/ingest.js';
import type { Store } from '../storage/clickhouse.js';
import type { SiteStore } from '../storage/sites.js';
import type { WriteAheadLog } from '../storage/wal.js';
import type { BatchWriter } from '../storage/writer.js';

export interface AppDeps {
  adminToken: string;
  store: Store;
  /** The connection of ingestion's own storage work (server.ts); /healthz pings through it. */
  ingestStore: Store;
  sites: SiteStore;
  keys: ApiKeyStore;
  ingestor: Ingestor;
  wal: WriteAheadLog;
  writer: BatchWriter;
  /** Where backups go (embedded store); null with a ClickHouse server. */
  backupDir: string | null;
  metrics: Metrics;
  log: Logger;
  trustedProxies: number;
  /** Where the built snippet lives, and the optional neutral alias path it is also served at. */
  snippet: { distDir: string; aliasPath?: string };
  dashboard: { distDir: string };
  /** The dashboard's public address, for links in alert messages (WAYMARK_PUBLIC_URL). */
  publicUrl?: string | undefined;
  /** What POST /api/event needs; shared with the server's native fast path (server.ts). */
  events: EventDeps;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const auth = new Auth(deps.adminToken, deps.keys, { trustedProxies: deps.trustedProxies });
  const admin = requireAdmin(auth);
  const reader = requireSiteReader(auth);
  const signedIn = requireSignedIn(auth);

  // Public: ingestion (write-only), the script, health, sign-in.
  app.route('/', eventRoutes({ ...deps.events, trustedProxies: deps.trustedProxies }));
  app.route('/', scriptRoutes(deps.snippet));
  app.route('/', sessionRoutes({ auth, trustedProxies: deps.trustedProxies }));
  app.route('/', openapiRoutes());

  // Admin only.
  app.use('/metrics', admin);
  app.use('/api/import', admin);
  app.use('/api/backups', admin);
  // Listing answers each caller with the sites they may read (a key: its own); the rest is admin's.
  app.use('/api/sites', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? signedIn(c, next) : admin(c, next)));
  app.on('DELETE', '/api/sites/:site', admin); // deleting a site and its data: never a site's key
  app.on('DELETE', '/api/sites/:site/visitors/:id', admin);
  app.use('/api/sites/:site/keys', admin);
  app.use('/api/sites/:site/keys/*', admin);
  // Alerts name their webhooks, often secrets (Slack's URL is its key): never a site's key.
  app.use('/api/sites/:site/alerts', admin);
  app.use('/api/sites/:site/alerts/*', admin);
  app.use('/api/sites/:site/tracking-alert', admin);
  app.use('/api/sites/:site/tracking-alert/*', admin);
  app.use('/api/sites/:site/summary', admin);
  app.use('/api/sites/:site/summary/*', admin);
  app.use('/api/sites/:site/bounce-alert', admin);
  app.use('/api/sites/:site/bounce-alert/*', admin);
  // A site's data: admin, or that site's read-only API key.
  app.use('/api/sites/:site', reader);
  app.use('/api/sites/:site/*', reader);

  app.route('/', healthRoutes({ ...deps, store: deps.ingestStore }));
  app.route('/', importRoutes(deps));
  app.route('/', backupRoutes(deps));
  app.route('/', keyRoutes(deps));
  app.route('/', siteRoutes(deps));
  app.route('/', visitorRoutes(deps));
  app.route('/', exportRoutes(deps));
  app.route('/', analysisRoutes(deps));
  app.route('/', alertRoutes(deps));
  // Dashboard HTML, its assets and the demo shop (its own sign-in handling for HTML pages).
  app.route('/', dashboardRoutes({ distDir: deps.dashboard.distDir, auth }));

  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'no such endpoint' } }, 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return c.json(errorBody(err), err.status);
    }
    deps.log.error({ err, path: c.req.path }, 'unhandled error');
    return c.json(errorBody(null), 500);
  });
  return app;
}
