/**
 * The export streams in steps (collector/http/routes/export.ts): whole days while they fit, a big
 * day by hours, the limit across steps. Whatever the steps, the bytes equal a one-step export.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRoutes, exportSteps } from '../../../collector/http/routes/export.js';
import type { Store } from '../../../collector/storage/clickhouse.js';
import { ev, insertRows, openAnalysisStore } from '../../analysis/helpers.js';

const H = 3_600_000;
const D = 24 * H;

describe('export steps', () => {
  const day = (d: number, ...ns: [number, number][]) => ns.map(([hour, n]) => ({ h: d * 24 + hour, n }));
  it('join whole days while they fit, and cut a bigger day into hours', () => {
    const hours = [...day(100, [1, 2], [5, 3]), ...day(101, [0, 4]), ...day(102, [3, 6], [4, 6], [9, 1]), ...day(103, [2, 1])];
    expect(exportSteps(hours, 0, 1e15, 1000, 10)).toEqual([
      { from: 100 * D, to: 102 * D, rows: 9 },
      { from: 102 * D + 3 * H, to: 102 * D + 4 * H, rows: 6 },
      { from: 102 * D + 4 * H, to: 104 * D, rows: 8 },
    ]);
  });
  it('stop at the limit, cutting the last step', () => {
    expect(exportSteps(day(100, [1, 5], [2, 5]), 0, 1e15, 7, 3)).toEqual([
      { from: 100 * D + H, to: 100 * D + 2 * H, rows: 5 },
      { from: 100 * D + 2 * H, to: 100 * D + 3 * H, rows: 2 },
    ]);
  });
  it('stay within the range asked for', () => {
    const from = 100 * D + 90 * 60_000;
    expect(exportSteps(day(100, [1, 2], [3, 2]), from, 100 * D + 4 * H, 10, 10)).toEqual([{ from, to: 100 * D + 4 * H, rows: 4 }]);
  });
  it('are one empty step when nothing matches (a CSV still gets its header)', () => {
    expect(exportSteps([], 5, 9, 10, 10)).toEqual([{ from: 5, to: 9, rows: 0 }]);
  });
});

describe('a stepped export', () => {
  let store: Store;
  const T0 = Date.UTC(2026, 0, 5, 22, 0, 0);
  beforeAll(async () => {
    store = await openAnalysisStore();
    // Over 3 days: 4 rows every 72 minutes, two of them in the same ms (ordered by event id).
    const rows = Array.from({ length: 120 }, (_, i) =>
      ev({ site_id: 'shop', ms: T0 + Math.floor(i / 4) * 72 * 60_000 + Math.min(i % 4, 2) * 1000, visitor_id: `v${i % 7}`, path: `/p/${i}`, title: i % 5 === 0 ? 'a "quoted", title\nwith a newline' : '' }),
    );
    await insertRows(store, rows);
  });
  afterAll(async () => store?.close());

  const get = async (chunkRows: number, query: string) => {
    const execs: string[] = [];
    const counting = new Proxy(store, {
      get: (target, key) => (key === 'exec' ? (a: Parameters<Store['exec']>[0]) => (execs.push(a.query), target.exec(a)) : Reflect.get(target, key, target)),
    });
    const app = new Hono().route('/', exportRoutes({ store: counting, sites: { get: () => ({ id: 'shop' }) as never }, chunkRows }));
    const res = await app.request(`/api/sites/shop/events?${query}`);
    expect(res.status).toBe(200);
    return { text: await res.text(), steps: execs.length };
  };

  it('gives the same NDJSON and CSV as one step', async () => {
    for (const format of ['ndjson', 'csv']) {
      const one = await get(1_000_000, `format=${format}`);
      expect(one.steps).toBe(1);
      const hours = await get(7, `format=${format}`); // every day too big: runs of hours
      expect(hours.steps).toBeGreaterThan(10);
      expect(hours.text).toBe(one.text);
      const days = await get(50, `format=${format}`); // small days whole, the big one by hours
      expect(days.steps).toBeGreaterThan(1);
      expect(days.steps).toBeLessThan(hours.steps);
      expect(days.text).toBe(one.text);
    }
    expect((await get(7, 'format=ndjson')).text.trim().split('\n')).toHaveLength(120);
  });

  it('stops part-way when a step fails, and logs why', async () => {
    let calls = 0;
    const failing = new Proxy(store, {
      get: (target, key) =>
        key === 'exec'
          ? (a: Parameters<Store['exec']>[0]) => (++calls === 3 ? Promise.reject(new Error('store went away')) : target.exec(a))
          : Reflect.get(target, key, target),
    });
    const logged: unknown[] = [];
    const log = { error: (...args: unknown[]) => void logged.push(args) } as never;
    const app = new Hono().route('/', exportRoutes({ store: failing, sites: { get: () => ({ id: 'shop' }) as never }, log, chunkRows: 7 }));
    const res = await app.request('/api/sites/shop/events?format=ndjson');
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(JSON.stringify(logged)).toContain('store went away');
  });

  it('defuses text a spreadsheet would run as a formula in CSV (a visitor picks their own title, UTM tags and props), not in NDJSON', async () => {
    const hostile = { visitor_id: '=v', name: '@SUM(1)', title: '=HYPERLINK("http://evil.example","x")', referrer: '-2+3', utm_campaign: '+cmd', utm_term: '\tx' };
    await insertRows(store, [ev({ site_id: 'formula', ms: T0, path: '/a', revenue: -5, ...hostile })]);
    const app = new Hono().route('/', exportRoutes({ store, sites: { get: () => ({ id: 'formula' }) as never } }));
    const csv = await (await app.request('/api/sites/formula/events?format=csv')).text();
    const [header, line] = csv.trim().split('\n');
    const cells = Object.fromEntries(header!.split(',').map((h, i) => [JSON.parse(h) as string, line!.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)[i]!]));
    expect(cells).toMatchObject({
      visitor_id: `"'=v"`,
      name: `"'@SUM(1)"`,
      title: `"'=HYPERLINK(""http://evil.example"",""x"")"`,
      referrer: `"'-2+3"`,
      utm_campaign: `"'+cmd"`,
      utm_term: `"'\tx"`,
      path: '"/a"',
      revenue: '-5', // a number, not text
    });
    const ndjson = JSON.parse(await (await app.request('/api/sites/formula/events?format=ndjson')).text()) as Record<string, unknown>;
    expect(ndjson).toMatchObject(hostile);
  });

  it('keeps the limit and the range across steps', async () => {
    const all = (await get(1_000_000, 'format=ndjson')).text.trim().split('\n');
    expect((await get(7, 'format=ndjson&limit=33')).text.trim().split('\n')).toEqual(all.slice(0, 33));
    const ts = (l: string) => Date.parse((JSON.parse(l) as { ts: string }).ts + 'Z');
    const from = T0 + 3 * H;
    const inRange = all.filter((l) => ts(l) >= from && ts(l) < from + 20 * H);
    const part = await get(5, `format=ndjson&from=${new Date(from).toISOString()}&to=${new Date(from + 20 * H).toISOString()}`);
    expect(part.text.trim().split('\n')).toEqual(inRange);
  });
});
