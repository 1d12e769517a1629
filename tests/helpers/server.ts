/**
 * Starts the real Waymark (embedded ClickHouse in a fresh temp data dir) in this test process,
 * plus a "website" server for browser tests that serves tests/e2e/fixtures/ and, like a site
 * owner's first-party proxy, forwards /api/ and /js/ to the collector.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { z } from 'zod';
import { loadConfig } from '../../collector/config.js';
import { startWaymark, type Waymark } from '../../collector/server.js';
import { eventRowSchema, type EventRow } from '../../collector/schema/event.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'tests/e2e/fixtures');
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestServer {
  /** The collector's own origin. */
  url: string;
  /** The fixture website's origin (same host, other port), proxying /api and /js to the collector. */
  siteUrl: string;
  adminToken: string;
  dataDir: string;
  waymark: Waymark;
  /** Authenticated fetch against the collector. */
  api(pathname: string, init?: RequestInit): Promise<Response>;
  createSite(id: string, domains?: string[]): Promise<void>;
  /** Ships the WAL to ClickHouse, then returns the site's stored rows (through the export API). */
  events(site: string): Promise<EventRow[]>;
  stop(): Promise<void>;
}

/** A new directory under the run's temporary root (tests/global-temp.ts), removed when the run ends. */
export function tempDir(prefix = 'waymark-test-'): string {
  return fs.mkdtempSync(path.join(process.env.WAYMARK_TEST_TMP ?? os.tmpdir(), prefix));
}

export async function startTestServer(opts: { env?: Record<string, string>; dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    WAYMARK_DATA_DIR: dataDir,
    WAYMARK_ADMIN_TOKEN: ADMIN_TOKEN,
    WAYMARK_ALLOW_HEADLESS: 'true',
    WAYMARK_RATE_LIMIT: '0',
    WAYMARK_FLUSH_INTERVAL_MS: '100',
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const waymark = await startWaymark(config, pino({ level: config.logLevel }));
  const url = waymark.url;
  const site = await startFixtureSite(url);

  const api = (pathname: string, init: RequestInit = {}) =>
    fetch(url + pathname, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers },
    });

  return {
    url,
    siteUrl: site.url,
    adminToken: ADMIN_TOKEN,
    dataDir,
    waymark,
    api,
    async createSite(id, domains = ['localhost', '127.0.0.1']) {
      const res = await api('/api/sites', { method: 'POST', body: JSON.stringify({ id, domains }) });
      if (res.status >= 300) throw new Error(`createSite ${id}: ${res.status} ${await res.text()}`);
    },
    async events(siteId) {
      await waymark.writer.drain();
      const res = await api(`/api/sites/${siteId}/events?format=ndjson`);
      if (res.status !== 200) throw new Error(`export ${siteId}: ${res.status} ${await res.text()}`);
      return parseNdjson(await res.text());
    },
    async stop() {
      await new Promise<void>((r) => site.server.close(() => r()));
      await waymark.stop();
    },
  };
}

export function parseNdjson(text: string): EventRow[] {
  const lines = text.split('\n').filter(Boolean);
  return z.array(eventRowSchema).parse(lines.map((l) => JSON.parse(l)));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
};

async function startFixtureSite(collector: string): Promise<{ url: string; server: http.Server }> {
  const target = new URL(collector);
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname.startsWith('/api/') || u.pathname.startsWith('/js/')) {
      const proxied = http.request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      proxied.on('error', () => res.writeHead(502).end());
      req.pipe(proxied);
      return;
    }
    // Static fixture files; a directory serves its index.html.
    let file = path.join(FIXTURES, path.normalize(decodeURIComponent(u.pathname)).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(FIXTURES)) return void res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
