/**
 * Composition root: builds every part from a Config, wires them, and listens.
 * Stopping ships what is in the log before closing the store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import http from 'node:http';
import { getRequestListener } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { ConfigError, type Config } from './config.js';
import { createApp } from './http/app.js';
import type { EventDeps } from './http/event-handler.js';
import { isEventPost, serveEvent } from './http/native-event.js';
import { isPrivatePeer } from './http/client-ip.js';
import { RateLimiter } from './http/rate-limit.js';
import { capConnectionsPerClient } from './http/connection-cap.js';
import { createMetrics } from './http/metrics.js';
import { Ingestor } from './ingest/ingest.js';
import { openGeo } from './ingest/geo.js';
import { ensureDatabase, openStore, type Store } from './storage/clickhouse.js';
import { migrate } from './storage/migrator.js';
import { applyRetention } from './storage/retention.js';
import { SaltStore } from './storage/salts.js';
import { SiteStore } from './storage/sites.js';
import { ApiKeyStore } from './storage/api-keys.js';
import { WriteAheadLog } from './storage/wal.js';
import { lockDataDir } from './storage/data-dir-lock.js';
import { BatchWriter } from './storage/writer.js';
import { StoredIds } from './storage/stored-ids.js';
import { startAlerts, type AlertTick } from '../analysis/alerts/scheduler.js';

/** Every part, built and wired, not listening yet. */
export interface WaymarkParts {
  app: Hono;
  /** POST /api/event's dependencies, for the native fast path. */
  events: EventDeps;
  adminToken: string;
  adminTokenSource: 'env' | 'file' | 'generated';
  store: Store;
  sites: SiteStore;
  writer: BatchWriter;
  wal: WriteAheadLog;
  log: Logger;
  /** Run the alert checks now, as a tick of their schedule does (nothing before the store is ready). */
  checkAlerts(): Promise<AlertTick>;
  /**
   * Stop accepting events (503), let `stopIntake` finish (e.g. close the listener), ship the log,
   * close everything. Returns false if the log could not be shipped (it is kept for next start).
   */
  close(stopIntake?: () => Promise<void>): Promise<boolean>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SNIPPET_DIST = path.join(ROOT, 'snippet/dist');
const DASHBOARD_DIST = path.join(ROOT, 'dashboard/dist');

export interface Waymark extends WaymarkParts {
  url: string;
  port: number;
  /** Stop listening, then close(). */
  stop(): Promise<boolean>;
}

export async function createWaymark(config: Config, log: Logger = pino({ level: config.logLevel })): Promise<WaymarkParts> {
  const unlock = useDataDir(config.dataDir);
  try {
    return await openParts(config, log, unlock);
  } catch (err) {
    unlock();
    throw err;
  }
}

/**
 * Creates the data dir if need be and locks it (before anything in it is read or written). A new
 * data dir is for this user only (0700, as PostgreSQL insists on): it holds visitors' paths, ids
 * and user ids. An existing one keeps the permissions its owner gave it.
 */
export function useDataDir(dir: string): () => void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { mode: 0o700 });
    if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(`WAYMARK_DATA_DIR: cannot use ${path.resolve(dir)} (${why}): it must be a directory this user may write to`);
  }
  return lockDataDir(dir);
}

async function openParts(config: Config, log: Logger, unlock: () => void): Promise<WaymarkParts> {
  const token = adminToken(config);
  // Opening the embedded engine takes its own lock on its directory, so it comes before the log.
  // A server store is only a client here (nothing is sent yet): events are accepted into the log
  // even while the server is unreachable.
  const store = await openStore(config.clickhouse, config.queryLimits);
  const wal = await WriteAheadLog.open(config.wal);
  const metrics = createMetrics(() => ({ bytes: wal.backlogBytes(), rows: wal.backlogRows() }));
  // The embedded engine runs one statement at a time per connection, and an analysis holds its
  // connection for seconds (the journey map ~7 s at 10 M events). The writer's inserts and the
  // health check get a second connection to the same engine, so they never wait behind a
  // dashboard. Parameterized queries run one at a time in the whole process (chdb guards its
  // parameter state so): the salt store fetches tomorrow's salt ahead for that reason. A server's
  // HTTP client already sends requests side by side.
  const ingestStore = config.clickhouse.kind === 'embedded' ? await openStore(config.clickhouse) : store;
  const sites = new SiteStore(store, path.join(config.dataDir, 'sites.json'));
  const keys = new ApiKeyStore(store);
  const writer = new BatchWriter(ingestStore, wal, config.writer, metrics, log);
  const salts = new SaltStore(ingestStore, path.join(config.dataDir, 'salt.json'));
  const abort = new AbortController();
  let ready = false;
  let alerts: ReturnType<typeof startAlerts> | undefined;
  const storeReady = prepareStore(config, store, log, abort.signal).then(async () => {
    if (abort.signal.aborted) return;
    await sites.load();
    await keys.load();
    await salts.keepAhead();
    writer.start();
    ready = true;
    alerts = startAlerts({ store, sites, log, publicUrl: config.publicUrl, counted: (outcome) => metrics.alertChecks.inc({ outcome }) }, config.alertIntervalMs);
  });
  // Embedded ClickHouse is always there: wait for it. A server may be down; start anyway.
  if (config.clickhouse.kind === 'embedded') await storeReady;
  else storeReady.catch((err: unknown) => log.error({ err: String(err) }, 'could not prepare ClickHouse'));
  const ingestor = new Ingestor({
    sites,
    salts,
    geo: openGeo(),
    wal,
    metrics,
    allowHeadless: config.allowHeadless,
    retentionDays: config.retentionDays,
    storedIds: new StoredIds(ingestStore, writer),
  });

  let draining = false;
  const events: EventDeps = {
    ingestor,
    limiter: new RateLimiter(config.rateLimitPerMinute),
    metrics,
    log,
    draining: () => draining, // while shutting down new events get 503, so senders retry elsewhere
  };
  const app = createApp({
    events,
    adminToken: token.value,
    store,
    ingestStore,
    sites,
    keys,
    ingestor,
    wal,
    writer,
    backupDir: config.clickhouse.kind === 'embedded' ? (config.clickhouse.backupDir ?? null) : null,
    metrics,
    log,
    trustedProxies: config.trustedProxies,
    snippet: { distDir: SNIPPET_DIST, aliasPath: config.scriptAlias },
    dashboard: { distDir: DASHBOARD_DIST },
    publicUrl: config.publicUrl,
  });

  return {
    app,
    events,
    adminToken: token.value,
    adminTokenSource: token.source,
    store,
    sites,
    writer,
    wal,
    log,
    checkAlerts: async () => (alerts ? alerts.tick() : { journeys: [], tracking: [], summaries: [], bounce: [] }),
    async close(stopIntake) {
      draining = true;
      await stopIntake?.();
      abort.abort();
      alerts?.stop();
      // Never connected: nothing can be shipped now; the log is replayed on the next start.
      const shipped = ready ? await writer.stop() : wal.backlogRows() === 0;
      sites.stop();
      keys.stop();
      salts.stop();
      await wal.close();
      if (ingestStore !== store) await ingestStore.close();
      await store.close();
      unlock();
      return shipped;
    },
  };
}

export async function startWaymark(config: Config, log?: Logger): Promise<Waymark> {
  const parts = await createWaymark(config, log);
  const server = await listen(parts, config).catch(async (err: NodeJS.ErrnoException) => {
    await parts.close(); // the engine's work ends before the process does
    const where = `${config.host}:${config.port}`;
    if (err.code === 'EADDRINUSE') throw new ConfigError(`${where} is already in use: stop what listens there, or set PORT to a free port`);
    if (err.code === 'EACCES') throw new ConfigError(`not allowed to listen on ${where}: ports below 1024 need privileges; set PORT to 1024 or above`);
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    ...parts,
    url: `http://${host}:${port}`,
    port,
    stop() {
      // In-flight requests finish (and are acknowledged) before the log is shipped.
      return parts.close(
        () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          }),
      );
    },
  };
}

/**
 * Creates the database and applies migrations, retrying while the store is unreachable
 * (events keep landing in the log meanwhile).
 */
async function prepareStore(config: Config, store: Store, log: Logger, signal: AbortSignal): Promise<void> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      await ensureDatabase(config.clickhouse);
      const applied = await migrate(store);
      if (applied.length) log.info({ applied }, 'migrations applied');
      await applyRetention(store, config.retentionDays, log);
      return;
    } catch (err) {
      if (config.clickhouse.kind === 'embedded') throw err;
      if (attempt === 0) log.warn({ err: String(err) }, 'ClickHouse unreachable; accepting events into the log and retrying');
      await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5))).unref());
    }
  }
}

/**
 * How long a client may take to send its request. Node's defaults (60 s for the headers, checked
 * every 30 s; 300 s in all) let a client that trickles a header hold its connection for up to a
 * minute and a half; every connection held counts against its cap (connection-cap.ts) and the
 * process's descriptors. A browser sends its headers at once; the largest body (a 4 MB import)
 * takes seconds even on a slow uplink. Past them Node answers 408 and closes.
 */
export const REQUEST_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 120_000, connectionsCheckingInterval: 2_000 } as const;

/** node:http in front: the ingestion hot path is served natively, everything else by Hono. */
function listen(parts: WaymarkParts, config: Config): Promise<http.Server> {
  const hono = getRequestListener(parts.app.fetch);
  let proxyUnnamed = config.trustedProxies === 0; // until said once
  const server = http.createServer(REQUEST_TIMEOUTS, (req, res) => {
    if (proxyUnnamed && req.headers['x-forwarded-for'] !== undefined && isPrivatePeer(req.socket.remoteAddress)) {
      proxyUnnamed = false;
      parts.log.warn(
        `requests from a proxy at ${req.socket.remoteAddress} carry X-Forwarded-For headers that are ignored: if Waymark runs behind your own proxy, ` +
          'set WAYMARK_TRUST_PROXY (README: "Behind a reverse proxy"), or every visitor has the proxy\'s address: one rate limit and one connection cap for all, ' +
          'and cookieless visitors with the same browser counted as one',
      );
    }
    if (isEventPost(req)) void serveEvent(parts.events, config.trustedProxies, req, res);
    else void hono(req, res);
  });
  capConnectionsPerClient(server, config.maxConnectionsPerClient, () => parts.events.metrics.rejected.inc({ reason: 'too_many_connections' }));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve(server));
  });
}

/** The admin token a server with this config uses, if one is known yet. */
export function readAdminToken(config: Config): string | undefined {
  if (config.adminToken) return config.adminToken;
  const file = path.join(config.dataDir, 'admin-token');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : undefined;
}

/** WAYMARK_ADMIN_TOKEN, else the token kept in the data dir, else a new one written there (0600). */
function adminToken(config: Config): { value: string; source: WaymarkParts['adminTokenSource'] } {
  const known = readAdminToken(config);
  if (known) return { value: known, source: config.adminToken ? 'env' : 'file' };
  const value = randomBytes(24).toString('base64url');
  fs.writeFileSync(path.join(config.dataDir, 'admin-token'), value + '\n', { mode: 0o600 });
  return { value, source: 'generated' };
}
