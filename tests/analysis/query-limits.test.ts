/**
 * Analysis queries run bounded (collector/storage/clickhouse.ts QueryLimits): past the memory or
 * time limit the API answers 503 with what to change, and the server keeps taking events; past
 * the spill bound, analyses move their GROUP BY / sort data to the data dir and answer exactly
 * as without spilling (which the case suite and randomized runs hold to the references).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../analysis/common/query.js';
import { ApiError } from '../../collector/http/errors.js';
import { openStore, type Store } from '../../collector/storage/clickhouse.js';
import { migrate } from '../../collector/storage/migrator.js';
import { CHROME_UA } from '../helpers/app.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { z } from 'zod';
import { GENERATE, JOURNEY } from '../bench/lib/shop-data.js';
import { runSql } from './harness.js';
import { at, ev, insertRows } from './helpers.js';

describe('a query past its memory limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { WAYMARK_QUERY_MEMORY_MB: '1' } });
    await server.createSite('shop');
    const visits = Array.from({ length: 300 }, (_, i) => [
      ev({ site_id: 'shop', ms: at(i), visitor_id: `v${i}`, path: `/product/${i % 40}` }),
      ev({ site_id: 'shop', ms: at(i + 1), visitor_id: `v${i}`, path: '/cart' }),
    ]).flat();
    await insertRows(server.waymark.store, visits);
  });
  afterAll(async () => server?.stop());

  it('is a 503 that names the limit, and the server keeps answering and taking events', async () => {
    const res = await server.api('/api/sites/shop/overview?from=2026-01-05&to=2026-01-05');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('analysis_too_large');
    expect(body.error.message).toContain('1 MB');
    expect(body.error.message).toContain('WAYMARK_QUERY_MEMORY_MB');
    expect(JSON.stringify(body)).not.toMatch(/DB::|Exception|at \//);
    expect((await server.api('/healthz')).status).toBe(200);
    const event = await fetch(server.url + '/api/event', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA },
      body: JSON.stringify({ site: 'shop', type: 'pageview', url: 'http://localhost/after' }),
    });
    expect(event.status).toBe(202);
  });
});

describe('analysis queries', () => {
  const dir = tempDir('waymark-limits-');
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ kind: 'embedded', path: dir }, { memoryBytes: 0, spillBytes: 0, timeoutS: 1 });
  });
  afterAll(async () => store?.close());

  it('stop past the time limit with a 503 that names it', async () => {
    const err = await queryRows(store, 'SELECT count() AS n FROM numbers(100000000000)', {}, z.object({ n: z.number() })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(503);
    expect((err as ApiError).code).toBe('analysis_timeout');
    expect((err as ApiError).message).toContain('the 1 s one query may run');
  });

  it('carry the limits and, in the embedded engine, a lower priority than requests', async () => {
    const bounded = await openStore({ kind: 'embedded', path: dir }, { memoryBytes: 64 * 1024 ** 2, spillBytes: 32 * 1024 ** 2, timeoutS: 30 });
    const names = ['max_memory_usage', 'max_bytes_before_external_group_by', 'max_bytes_before_external_sort', 'max_execution_time', 'os_threads_nice_value_query'];
    const sql = `SELECT [${names.map((n) => `toString(getSetting('${n}'))`).join(', ')}] AS s`;
    const [row] = await queryRows(bounded, sql, {}, z.object({ s: z.array(z.string()) }));
    expect(row?.s).toEqual(['67108864', '33554432', '33554432', '30', '10']);
    await bounded.close();
  });

  it('leaves other errors alone', async () => {
    const err = await queryRows(store, 'SELECT nosuchfunction(1) AS n', {}, z.object({ n: z.number() })).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ApiError);
  });
});

describe('analyses past the spill bound', () => {
  // ClickHouse spills a GROUP BY only once it is two-level (≥ 100 k keys in a thread): 250 k
  // visitors, two events each, generated as the analysis benchmark does.
  const dir = tempDir('waymark-spill-');
  const site = { id: 'bench', timezone: 'UTC' };
  const start = Date.UTC(2026, 9, 2);
  const input = { from: '2026-10-02', to: '2026-10-31', journey: JOURNEY };
  let plain: Store;
  let spilling: Store;
  beforeAll(async () => {
    plain = await openStore({ kind: 'embedded', path: dir });
    await migrate(plain);
    await plain.command({ query: GENERATE, query_params: { visitors: 250_000, events: 500_000, start, days: 30 } });
    // A second client on the same engine and data, spilling past 1 byte.
    spilling = await openStore({ kind: 'embedded', path: dir }, { memoryBytes: 0, spillBytes: 1, timeoutS: 0 });
  }, 120_000);
  afterAll(async () => {
    await spilling?.close();
    await plain?.close();
  });

  const spilled = async () => {
    const rs = await plain.query({
      query: "SELECT sum(value) AS n FROM system.events WHERE event IN ('ExternalAggregationWritePart', 'ExternalSortWritePart')",
      format: 'JSONEachRow',
    });
    return Number(((await rs.json()) as { n: number }[])[0]?.n ?? 0);
  };

  it('write to the data dir', async () => {
    const rs = await plain.query({ query: "SELECT value FROM system.server_settings WHERE name = 'tmp_path'", format: 'JSONEachRow' });
    expect(((await rs.json()) as { value: string }[])[0]?.value).toBe(path.join(dir, 'tmp') + '/');
  });

  it.each([
    ['overview', {}],
    ['funnel', { breakdown: 'channel' }],
    ['dropoff', { stage: 2 }],
    ['paths', {}],
    ['pages', {}],
    ['sources', {}],
    ['attribution', {}],
    ['map', {}],
  ] as const)('%s answers as without spilling', async (analysis, extra) => {
    const params = { ...input, ...extra };
    const expected = await runSql(plain, site, analysis, params);
    const before = await spilled();
    expect(await runSql(spilling, site, analysis, params)).toEqual(expected);
    expect(await spilled()).toBeGreaterThan(before);
  }, 60_000);
});
