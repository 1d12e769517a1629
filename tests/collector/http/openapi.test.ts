/**
 * The OpenAPI document is valid 3.1, covers every API route the app mounts (and nothing it does
 * not), matches real responses, and /api/docs renders in real Chromium from our origin only.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSES } from '../../../analysis/catalog.js';
import { ALL_ROUTES, buildOpenApi, errorSchema, toOpenApiPath } from '../../../collector/http/openapi/document.js';
import { DOCS_CSP, openapiRoutes } from '../../../collector/http/routes/openapi.js';
import { launchChromium } from '../../e2e/chromium.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';

type Operation = { parameters?: { name: string; in: string; schema: { enum?: string[] } }[]; responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> };
type Doc = { paths: Record<string, Record<string, Operation>> };

const doc = buildOpenApi() as unknown as Doc;
const docs = openapiRoutes();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.createSite('shop');
});
afterAll(() => t.close());

/** Method + OpenAPI path of every API route: createApp's, plus openapiRoutes' (mounted by app.ts). */
function mountedApiRoutes(): string[] {
  const routes = [...t.parts.app.routes, ...docs.routes]
    .filter((r) => r.method !== 'ALL') // middleware (auth, CORS)
    .filter((r) => /^\/(api\/|healthz$|readyz$|metrics$|js\/)/.test(r.path)) // not the dashboard's HTML pages
    .filter((r) => !r.path.startsWith('/api/docs/assets/')); // the docs page's own files
  return [...new Set(routes.map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`))].sort();
}
const documented = () => Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)).sort();

describe('the document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(buildOpenApi() as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents exactly the API routes the app mounts', () => {
    expect(documented()).toEqual(mountedApiRoutes());
  });

  it('has every analysis of the catalog with its CSV tables and filters', () => {
    for (const a of ANALYSES) {
      const op = doc.paths[`/api/sites/{site}/${a.name}`]?.get;
      const names = op?.parameters?.map((p) => p.name) ?? [];
      expect(names).toEqual(expect.arrayContaining(['from', 'to', 'channel', 'source', 'country', 'entry_page', 'page', 'event', 'prop', 'format', 'table']));
      expect(op?.parameters?.find((p) => p.name === 'table')?.schema.enum).toEqual(a.tableNames);
      expect(names.includes('journey')).toBe(a.journey !== 'none');
      expect(names).not.toContain('filters');
    }
  });

  it('turned every JSON body and response schema into a real schema (no "any" fallbacks)', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('schema not representable');
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        for (const [status, r] of Object.entries(op.responses)) {
          const s = r.content?.['application/json']?.schema;
          if (s) expect(s.type ?? s.$ref ?? s.anyOf, `${m} ${p} ${status}`).toBeDefined();
        }
      }
    }
  });

  it.each(ALL_ROUTES.filter((r) => r.body?.example !== undefined).map((r) => [r.method, r.path, r]))(
    'the example body of %s %s is valid',
    (_m, _p, r) => {
      expect(r.body!.schema.safeParse(r.body!.example).error).toBeUndefined();
    },
  );

  it('describes the error shape real errors have', async () => {
    const res = await t.admin('/api/sites/shop/overview?from=2026-13-01');
    expect(res.status).toBe(400);
    const body = errorSchema.strict().parse(await res.json());
    expect(body.error.details?.[0]?.path).toBe('from');
  });

  it.each(ANALYSES.filter((a) => a.journey === 'none').flatMap((a) => a.tableNames.map((tb) => [a.name, tb])))(
    'GET %s?format=csv&table=%s answers CSV',
    async (name, table) => {
      const res = await t.admin(`/api/sites/shop/${name}?format=csv&table=${table}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    },
  );
});

describe('serving', () => {
  it('GET /api/openapi.json is public JSON', async () => {
    const res = await docs.request('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('GET /api/docs is a page under a self-only CSP, and only allowlisted assets are served', async () => {
    const res = await docs.request('/api/docs');
    expect(res.headers.get('content-security-policy')).toBe(DOCS_CSP);
    expect(await res.text()).not.toMatch(/https?:\/\//);
    for (const bad of ['index.html', '..%2Fpackage.json', 'swagger-initializer.js']) {
      expect((await docs.request(`/api/docs/assets/${bad}`)).status).toBe(404);
    }
    expect((await docs.request('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });
});

describe('/api/docs in Chromium', () => {
  let server: ServerType;
  let origin = '';
  beforeAll(async () => {
    const app = new Hono().route('/', docs);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('renders every operation without console errors or outside requests', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push(`outside request: ${r.url()}`);
      });
      await page.goto(`${origin}/api/docs`);
      const operations = documented().length;
      await page.waitForFunction((n) => document.querySelectorAll('.opblock').length === n, operations, { timeout: 20_000 });
      expect(await page.locator('.info .title').innerText()).toContain('Waymark API');
      // Open one analysis operation: its parameters (filters included) render from the schema.
      await page.locator('#operations-analyses-getApiSitesSiteFunnel .opblock-summary').click();
      await page.locator('#operations-analyses-getApiSitesSiteFunnel tr[data-param-name="prop"]').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
