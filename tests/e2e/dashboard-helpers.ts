/**
 * Shared setup for the dashboard's browser tests: one real Waymark (embedded ClickHouse) loaded
 * with a small demo (300 visitors over 14 days), one Chromium per file, and pages that record
 * page errors, console errors and dialogs — the hostile-data test asserts there are none.
 *
 * If the server under test does not mount the dashboard (or the analysis API) yet, the real
 * route modules are mounted in front of it here, exactly as createApp will; `mounted` says which.
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { z } from 'zod';
import { Auth, requireSiteReader } from '../../collector/http/auth.js';
import { ApiError } from '../../collector/http/errors.js';
import { dashboardRoutes } from '../../collector/http/routes/dashboard.js';
import { analysisRoutes } from '../../analysis/api.js';
import { runDemo, type DemoResult } from '../../collector/demo/run.js';
import { ROOT, startTestServer, type TestServer } from '../helpers/server.js';
import { launchChromium } from './chromium.js';

export const DIST = path.join(ROOT, 'dashboard/dist');
export const SHOTS = path.join(ROOT, 'test-results/screenshots');

export interface Dash {
  server: TestServer;
  browser: Browser;
  /** Origin the browser uses (the server itself, or the front mounting the dashboard). */
  url: string;
  demo: DemoResult;
  mounted: { dashboard: boolean; analysis: boolean };
  /** Admin GET of an API path, parsed with the API's own schema. */
  get<S extends z.ZodType>(pathname: string, schema: S): Promise<z.infer<S>>;
  fetch(pathname: string, init?: RequestInit): Promise<Response>;
}

export interface Tab {
  page: Page;
  context: BrowserContext;
  /** Uncaught page errors, console errors and any dialog (alert/confirm) opened. */
  problems: string[];
  /** The next dialog (a confirm() the test triggers on purpose) is accepted, not a problem. */
  acceptNextDialog(): void;
  /** A console error the test provokes on purpose (e.g. the 400 of a refused form) is not a problem. */
  allow(re: RegExp): void;
  close(): Promise<void>;
}

export function useDashboard(opts: { demo?: { visitors: number; days: number } | false; env?: Record<string, string> } = {}): Dash {
  const d = { mounted: { dashboard: true, analysis: true } } as Dash;
  let front: ServerType | undefined;
  beforeAll(async () => {
    [d.server, d.browser] = await Promise.all([startTestServer({ env: opts.env }), launchChromium()]);
    const real = d.server.waymark.app;
    const auth = { authorization: `Bearer ${d.server.adminToken}` };
    const html = await real.request('/overview');
    d.mounted.dashboard = (html.headers.get('content-type') ?? '').includes('text/html');
    const probe = await real.request('/api/sites/none/journeys', { headers: auth });
    d.mounted.analysis = probe.status !== 404 || ((await probe.json()) as { error: { code: string } }).error.code !== 'not_found';
    d.url = d.server.url;
    if (!d.mounted.dashboard || !d.mounted.analysis) {
      front = await startFront(d, !d.mounted.dashboard, !d.mounted.analysis);
      d.url = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
    }
    d.fetch = (pathname, init = {}) =>
      fetch(d.url + pathname, { ...init, headers: { ...auth, 'content-type': 'application/json', ...init.headers } });
    d.get = async (pathname, schema) => {
      const res = await d.fetch(pathname);
      if (res.status !== 200) throw new Error(`GET ${pathname}: ${res.status} ${await res.text()}`);
      return schema.parse(await res.json());
    };
    if (opts.demo !== false) {
      const { visitors, days } = opts.demo ?? { visitors: 300, days: 14 };
      d.demo = await runDemo((p, init) => d.fetch(p, init), { seed: 7, visitors, days, end: Date.now() - 60_000 });
      await d.server.waymark.writer.drain();
    }
  });
  afterAll(async () => {
    await d.browser?.close();
    if (front) await new Promise<void>((r) => front!.close(() => r()));
    await d.server?.stop();
  });
  return d;
}

/** Mounts the real dashboard / analysis route modules in front of an app that lacks them. */
async function startFront(d: Dash, dashboard: boolean, analysis: boolean): Promise<ServerType> {
  const w = d.server.waymark;
  const auth = new Auth(d.server.adminToken, { find: () => undefined, siteOfId: () => undefined });
  const app = new Hono();
  if (analysis) {
    app.use('/api/sites/:site/*', requireSiteReader(auth));
    app.route('/', analysisRoutes({ store: w.store, sites: w.sites }));
  }
  if (dashboard) app.route('/', dashboardRoutes({ distDir: DIST, auth }));
  app.all('*', (c) => w.app.fetch(c.req.raw));
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json({ error: { code: err.code, message: err.message } }, err.status);
    return c.json({ error: { code: 'internal', message: String(err) } }, 500);
  });
  return new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
}

/** A fresh browser context; signed in through the `/?token=` link unless `signedIn: false`. */
/**
 * The tab a test file's tests share: opened before them (after the file's dashboard), and after
 * them it must have seen no problem (page errors, console errors, dialogs) and is closed. Its
 * fields are the open tab's.
 */
export function useTab(d: Dash, opts?: Parameters<typeof openDashboard>[1]): Tab {
  let open: Tab | undefined;
  const tab = (): Tab => {
    if (!open) throw new Error('the tab is opened in beforeAll');
    return open;
  };
  beforeAll(async () => {
    open = await openDashboard(d, opts);
  });
  afterAll(async () => {
    expect(tab().problems).toEqual([]);
    await tab().close();
  });
  return {
    get page() {
      return tab().page;
    },
    get context() {
      return tab().context;
    },
    get problems() {
      return tab().problems;
    },
    acceptNextDialog: () => tab().acceptNextDialog(),
    allow: (re) => tab().allow(re),
    close: () => tab().close(),
  };
}

export async function openDashboard(
  d: Dash,
  opts: { signedIn?: boolean; viewport?: { width: number; height: number }; touch?: boolean; path?: string } = {},
): Promise<Tab> {
  const context = await d.browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 900 }, hasTouch: !!opts.touch, isMobile: !!opts.touch });
  const page = await context.newPage();
  const problems: string[] = [];
  const allowed: RegExp[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && !allowed.some((re) => re.test(m.text())) && problems.push(`console: ${m.text()}`));
  let accept = false;
  page.on('dialog', (dialog) => {
    if (accept) {
      accept = false;
      return void dialog.accept().catch(() => {});
    }
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  if (opts.signedIn !== false) await page.goto(`${d.url}/?token=${encodeURIComponent(d.server.adminToken)}`);
  if (opts.path) await page.goto(d.url + opts.path);
  return {
    page,
    context,
    problems,
    acceptNextDialog: () => void (accept = true),
    allow: (re) => void allowed.push(re),
    close: () => context.close(),
  };
}

/** Waits until the view finished loading (no spinner, no stale overlay). */
export async function settled(page: Page): Promise<void> {
  await page.waitForSelector('.main .view');
  await page.waitForFunction(() => !document.querySelector('.main .loading, .main .stale'), undefined, { timeout: 20_000 });
}

/** Waits until every chart on the page has drawn its current option, animations included. */
export async function chartsDrawn(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.chart:not([data-rendered])'), undefined, { timeout: 20_000 });
}

/** A full-page screenshot once the charts are drawn (not caught mid-animation). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await chartsDrawn(page);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Numbers as the dashboard prints them (en-US grouping). */
export const int = (n: number) => n.toLocaleString('en-US');
export const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)} %`);

/** Whether the server offers GET /api/sites/:site/<name> yet (analyses land one by one). */
export async function hasAnalysis(d: Dash, name: string): Promise<boolean> {
  const res = await d.fetch(`/api/sites/demo/${name}`);
  if (res.status !== 404) return true;
  const body = (await res.json()) as { error?: { code?: string } };
  return body.error?.code !== 'not_found';
}
