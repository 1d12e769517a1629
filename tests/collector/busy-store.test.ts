/**
 * Ingestion never queues behind an analysis: the embedded engine runs one statement at a time per
 * connection, so the writer and /healthz use their own connection (server.ts), and today's salt
 * was fetched at start (parameterized queries run one at a time in the whole process).
 * Proven by order, not by timing: while a query holds the analyses' connection, an event is
 * acknowledged, salted, stored and reported by /metrics, and /healthz answers, all before it ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_UA } from '../helpers/app.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await server.createSite('shop');
});
afterAll(async () => server?.stop());

const storedTotal = async () => {
  const text = await (await server.api('/metrics')).text();
  return Number(/^waymark_events_stored_total (\d+)/m.exec(text)?.[1] ?? 0);
};

describe('while an analysis holds its connection', () => {
  it('events are salted and stored and /healthz answers before it ends', async () => {
    const order: string[] = [];
    // Stands in for a long analysis on the analyses' connection: parameterized, as analyses are
    // (sleep is capped at 3 s).
    const analysis = server.waymark.store.query({ query: 'SELECT sleep({s:Float64}) AS s', query_params: { s: 2.5 }, format: 'JSONEachRow' }).then(async (rs) => {
      await rs.json();
      order.push('analysis');
    });
    await new Promise((r) => setTimeout(r, 200)); // let it start
    const before = await storedTotal();
    const res = await fetch(server.url + '/api/event', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA },
      body: JSON.stringify({ site: 'shop', type: 'pageview', url: 'http://localhost/during-analysis' }), // cookieless: needs today's salt
    });
    expect(res.status).toBe(202);
    const health = await server.api('/healthz');
    order.push(`healthz ${health.status}`);
    while ((await storedTotal()) === before) await new Promise((r) => setTimeout(r, 50));
    order.push('stored');
    await analysis;
    expect(order).toEqual(['healthz 200', 'stored', 'analysis']);
  });
});
