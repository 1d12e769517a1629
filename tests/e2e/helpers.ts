/**
 * Shared setup for the snippet's browser tests: one real Waymark (embedded ClickHouse) and one
 * Chromium per test file, a fresh browser context (fresh storage = new visitor) per page, the
 * /api/event requests each page sends, and the rows that reached ClickHouse.
 *
 * Waiting is always for something observable (a request, a row), never a blind sleep. A negative
 * check ("nothing was sent") issues a sentinel request from the page after the actions under
 * test: the snippet sends synchronously, so anything it sent is seen before the sentinel.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import type { EventRow, WireEvent } from '../../collector/schema/event.js';
import { ROOT, startTestServer, type TestServer } from '../helpers/server.js';
import { launchChromium } from './chromium.js';

export interface E2E {
  server: TestServer;
  browser: Browser;
}

/** Starts the collector (sites "e2e" and "shop" on localhost/127.0.0.1) and Chromium for this file. */
export function useE2E(serverEnv: Record<string, string> = {}): E2E {
  const env = {} as E2E;
  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'snippet/dist/waymark.js'))) {
      throw new Error('snippet/dist/waymark.js is missing: run `npm run build:snippet` before the browser tests');
    }
    [env.server, env.browser] = await Promise.all([startTestServer({ env: serverEnv }), launchChromium()]);
    await env.server.createSite('e2e', ['localhost', '127.0.0.1']);
    await env.server.createSite('shop', ['localhost', '127.0.0.1']);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

export interface Sent {
  /** The events of every /api/event request so far, flattened, in send order. */
  events: WireEvent[];
  requests: Request[];
  /** Resolves with the first event (from index `from` on) that matches `partial` (toMatchObject semantics). */
  waitFor(partial: object, opts?: { from?: number; timeout?: number }): Promise<WireEvent>;
  /** Asserts that nothing matching `partial` was sent after index `from`, once the page has settled. */
  expectNone(partial?: object, from?: number): Promise<void>;
  /** Round-trips a sentinel request from the page: whatever the page did before has been observed. */
  settle(): Promise<void>;
}

export interface Tab extends Sent {
  page: Page;
  context: BrowserContext;
  errors: Error[];
  goto(path: string): Promise<void>;
  close(): Promise<void>;
}

const matches = (e: unknown, partial: object) => {
  try {
    expect(e).toMatchObject(partial);
    return true;
  } catch {
    return false;
  }
};

/** Opens a page in a fresh context and records what the snippet sends and what the page throws. */
export async function openTab(
  env: E2E,
  opts: { init?: (page: Page) => Promise<unknown> } = {},
): Promise<Tab> {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await opts.init?.(page);
  const events: WireEvent[] = [];
  const requests: Request[] = [];
  const errors: Error[] = [];
  let wake: () => void = () => {};
  page.on('pageerror', (err) => errors.push(err));
  page.on('request', (req) => {
    if (!req.url().endsWith('/api/event') || req.method() !== 'POST') return;
    requests.push(req);
    const body: WireEvent | WireEvent[] = JSON.parse(req.postData() ?? 'null');
    events.push(...(Array.isArray(body) ? body : [body]));
    wake();
  });
  const site = env.server.siteUrl;

  const waitFor: Sent['waitFor'] = async (partial, { from = 0, timeout = 10_000 } = {}) => {
    const deadline = Date.now() + timeout;
    for (;;) {
      const hit = events.slice(from).find((e) => matches(e, partial));
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no event matching ${JSON.stringify(partial)} within ${timeout} ms; sent: ${JSON.stringify(events, null, 1)}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        wake = () => (clearTimeout(t), resolve());
      });
    }
  };

  const settle = async () => {
    const sentinel = page.waitForRequest((r) => r.url().endsWith('/__sentinel'));
    await page.evaluate(() => void fetch('/__sentinel').catch(() => {}));
    await sentinel;
  };

  const expectNone: Sent['expectNone'] = async (partial = {}, from = 0) => {
    await settle();
    expect(events.slice(from).filter((e) => matches(e, partial))).toEqual([]);
  };

  return {
    page,
    context,
    errors,
    events,
    requests,
    waitFor,
    expectNone,
    settle,
    async goto(path) {
      await page.goto(site + path);
    },
    close: () => context.close(),
  };
}

/** Polls the export API until `pick` returns a value (not undefined/false), then returns it. */
export async function waitForRows<T>(
  env: E2E,
  site: string,
  pick: (rows: EventRow[]) => T | undefined | false,
  timeout = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let rows: EventRow[] = [];
  for (;;) {
    rows = await env.server.events(site);
    const got = pick(rows);
    if (got !== undefined && got !== false) return got;
    if (Date.now() > deadline) throw new Error(`rows never matched; last ${rows.length} rows: ${JSON.stringify(rows.slice(-10), null, 1)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The stored rows of the given events (matched by the client event id the snippet sent). */
export function rowsOf(env: E2E, site: string, sent: WireEvent[]): Promise<EventRow[]> {
  const ids = new Set(sent.map((e) => e.id));
  return waitForRows(env, site, (rows) => {
    const mine = rows.filter((r) => ids.has(r.event_id));
    return mine.length >= ids.size && mine;
  });
}

/** Row order for a visitor's path: server time (strictly increasing inside one request; tests wait between requests). */
export const byTime = (a: EventRow, b: EventRow) => a.ts.localeCompare(b.ts);
