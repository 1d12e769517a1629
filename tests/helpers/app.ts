/**
 * The real app (createWaymark: embedded ClickHouse in a temp dir, real WAL and writer),
 * driven through app.request() without listening on a port.
 */
import pino from 'pino';
import { rowLine } from '../../collector/ingest/row-json.js';
import { eventRow } from './store.js';
import { loadConfig } from '../../collector/config.js';
import { createWaymark, type WaymarkParts } from '../../collector/server.js';
import type { EventRow } from '../../collector/schema/event.js';
import { ADMIN_TOKEN, parseNdjson, tempDir } from './server.js';

/** A desktop Chrome UA: real browsers pass the bot filter. */
export const CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export interface TestApp {
  parts: WaymarkParts;
  dataDir: string;
  /** POST /api/event with a browser UA; body is JSON-encoded unless it is a string. */
  send(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Request with the admin token (unless `auth: false`). */
  admin(path: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  createSite(id: string, domains?: string[]): Promise<void>;
  /** Ships the WAL, then reads the site's rows through the export API. */
  rows(site: string): Promise<EventRow[]>;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = env.WAYMARK_DATA_DIR ?? tempDir();
  const config = loadConfig({
    WAYMARK_DATA_DIR: dataDir,
    WAYMARK_ADMIN_TOKEN: ADMIN_TOKEN,
    WAYMARK_TRUST_PROXY: 'true',
    WAYMARK_RATE_LIMIT: '0',
    WAYMARK_FLUSH_INTERVAL_MS: '50',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const parts = await createWaymark(config, pino({ level: 'silent' }));
  const admin: TestApp['admin'] = (path, init = {}) => {
    const { auth = true, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (auth) headers.set('authorization', `Bearer ${ADMIN_TOKEN}`);
    return Promise.resolve(parts.app.request(path, { ...rest, headers }));
  };
  return {
    parts,
    dataDir,
    send: (body, headers = {}) =>
      Promise.resolve(
        parts.app.request('/api/event', {
          method: 'POST',
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA, 'x-forwarded-for': '203.0.113.9', ...headers },
        }),
      ),
    admin,
    async createSite(id, domains = ['shop.example']) {
      const res = await admin('/api/sites', { method: 'POST', body: JSON.stringify({ id, domains }) });
      if (res.status >= 300) throw new Error(`createSite: ${res.status} ${await res.text()}`);
    },
    async rows(site) {
      await parts.writer.drain();
      const res = await admin(`/api/sites/${site}/events`);
      if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
      return parseNdjson(await res.text());
    },
    async close() {
      await parts.close();
    },
  };
}

/** A minimal valid page view on shop.example; override any field. */
export function pageview(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { site: 'shop', type: 'pageview', url: 'https://shop.example/', visitor: 'v1', ...over };
}

/**
 * Log lines ClickHouse refuses as data (an unknown event type), one per (site, visitor id), and
 * last a line that is not JSON: what the writer sets aside in the log's directory.
 */
export function setAsideLines(who: readonly (readonly [string, string])[]): string[] {
  return [...who.map(([site, visitor], i) => rowLine({ ...eventRow(site, i), visitor_id: visitor }).replace('"pageview"', '"click"')), '{"half a line\n'];
}
