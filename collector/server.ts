/**
 * Composition root: builds every part from a Config, wires them, and listens.
 * Stopping ships what is in the log before closing the store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createApp } from './http/app.js';
import { createMetrics } from './http/metrics.js';
import { Ingestor } from './ingest/ingest.js';
import { openGeo } from './ingest/geo.js';
import { openStore, type Store } from './storage/clickhouse.js';
import { migrate } from './storage/migrator.js';
import { SaltStore } from './storage/salts.js';
import { SiteStore } from './storage/sites.js';
import { WriteAheadLog } from './storage/wal.js';
import { BatchWriter } from './storage/writer.js';

export interface Waymark {
  url: string;
  port: number;
  adminToken: string;
  adminTokenSource: 'env' | 'file' | 'generated';
  store: Store;
  sites: SiteStore;
  writer: BatchWriter;
  log: Logger;
  /** Stop accepting, ship the log, close everything. Returns false if the log could not be shipped. */
  stop(): Promise<boolean>;
}

export async function startWaymark(config: Config, log: Logger = pino({ level: config.logLevel })): Promise<Waymark> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const token = adminToken(config);
  // The log opens first: events are accepted even while the store is still unreachable.
  const wal = await WriteAheadLog.open(config.wal);
  const metrics = createMetrics(() => ({ bytes: wal.backlogBytes(), rows: wal.backlogRows() }));
  const store = await openStore(config.clickhouse);
  const applied = await migrate(store);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const sites = new SiteStore(store);
  await sites.load();
  const writer = new BatchWriter(store, wal, config.writer, metrics, log);
  writer.start();
  const ingestor = new Ingestor({
    sites,
    salts: new SaltStore(store),
    geo: openGeo(),
    wal,
    metrics,
    allowHeadless: config.allowHeadless,
  });

  let draining = false;
  const app = createApp({
    adminToken: token.value,
    store,
    sites,
    ingestor,
    wal,
    writer,
    metrics,
    log,
    rateLimitPerMinute: config.rateLimitPerMinute,
    trustProxy: config.trustProxy,
    draining: () => draining,
  });

  const server = await listen(app.fetch, config.port, config.host);
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  return {
    url: `http://${host}:${port}`,
    port,
    adminToken: token.value,
    adminTokenSource: token.source,
    store,
    sites,
    writer,
    log,
    async stop() {
      draining = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // keep-alive connections would hold close() open
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      const shipped = await writer.stop();
      sites.stop();
      await wal.close();
      await store.close();
      return shipped;
    },
  };
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
    server.once('error', reject);
  });
}

/** WAYMARK_ADMIN_TOKEN, else the token kept in the data dir, else a new one written there (0600). */
function adminToken(config: Config): { value: string; source: Waymark['adminTokenSource'] } {
  if (config.adminToken) return { value: config.adminToken, source: 'env' };
  const file = path.join(config.dataDir, 'admin-token');
  if (fs.existsSync(file)) return { value: fs.readFileSync(file, 'utf8').trim(), source: 'file' };
  const value = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, value + '\n', { mode: 0o600 });
  return { value, source: 'generated' };
}
