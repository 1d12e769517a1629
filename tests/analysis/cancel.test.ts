/**
 * An analysis request whose client goes away cancels its queries still waiting for the engine
 * (analysis/common/query.ts cancelledBy): the embedded engine runs parameterized queries one at a
 * time per process, so they would otherwise run, for nobody, in front of the next view's. Counted
 * with the engine's own SelectQuery counter while another parameterized query holds the engine.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../collector/storage/clickhouse.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { at, ev, insertRows } from './helpers.js';

let server: TestServer;
let side: Store;
beforeAll(async () => {
  server = await startTestServer();
  await server.createSite('shop');
  await insertRows(server.waymark.store, [ev({ site_id: 'shop', ms: at(0), path: '/' }), ev({ site_id: 'shop', ms: at(1), path: '/cart' })]);
  side = await openStore({ kind: 'embedded', path: path.join(server.dataDir, 'clickhouse') }); // same engine
});
afterAll(async () => {
  await side?.close();
  await server?.stop();
});

/** SELECT queries the engine has started, this one included. */
const selects = async () => {
  const rs = await side.query({ query: "SELECT value AS n FROM system.events WHERE event = 'SelectQuery'", format: 'JSONEachRow' });
  return Number(((await rs.json()) as { n: number }[])[0]?.n ?? 0);
};
const OVERVIEW = '/api/sites/shop/overview?from=2026-01-05&to=2026-01-05';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a cancelled analysis request', () => {
  it('runs none of its queries that were still waiting', async () => {
    let before = await selects();
    expect((await server.api(OVERVIEW)).status).toBe(200);
    const answered = (await selects()) - before - 1;
    expect(answered).toBeGreaterThan(0);

    before = await selects();
    const blocker = side.query({ query: 'SELECT sleep({s:Float64}) AS s', query_params: { s: 2.5 }, format: 'JSONEachRow' }).then((rs) => rs.json());
    await sleep(200);
    const ctl = new AbortController();
    const request = server.api(OVERVIEW, { signal: ctl.signal }).catch((e: unknown) => e);
    await sleep(300); // the request's queries now wait behind the blocker
    ctl.abort();
    expect(await request).toBeInstanceOf(Error);
    await blocker;
    await sleep(300);
    expect((await selects()) - before - 1 - 1).toBe(0); // minus this count and the blocker
    expect((await server.api(OVERVIEW)).status).toBe(200); // and the next request is answered
  });
});
