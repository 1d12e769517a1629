/**
 * Store outage: with CLICKHOUSE_URL pointing at a closed port the collector keeps accepting into
 * its log, answers 503 + Retry-After once the log's cap is reached, and everything acknowledged
 * is stored once a store is back (here: restart on the embedded store with the same data dir).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROME_UA } from '../helpers/app.js';
import { adminHeaders, freePort, health, spawnWaymark, storedRows, type ServerProcess } from '../helpers/process.js';
import { tempDir } from '../helpers/server.js';

const running: ServerProcess[] = [];
afterAll(() => running.forEach((s) => s.proc.kill('SIGKILL')));

const send = (url: string, id: string, visitor?: string) =>
  fetch(url + '/api/event', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA },
    body: JSON.stringify({ site: 'shop', type: 'pageview', url: 'https://shop.example/outage', id, ...(visitor ? { visitor } : {}) }),
  });

describe('store outage', () => {
  it('accepts into the log, refuses at the cap with 503, and ships everything later', async () => {
    const dir = tempDir();
    // 1. The site is created while the store is up (and mirrored into the data dir).
    let server = await spawnWaymark(dir);
    running.push(server);
    const created = await fetch(server.url + '/api/sites', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ id: 'shop', domains: ['shop.example'] }) });
    expect(created.status).toBe(201);
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    // 2. The store is unreachable: events go to the log until its cap.
    const closedPort = await freePort();
    server = await spawnWaymark(dir, { CLICKHOUSE_URL: `http://127.0.0.1:${closedPort}`, WAYMARK_WAL_MAX_BYTES: '20000' });
    running.push(server);
    const acked: string[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 500 && !refused; i++) {
      const id = randomUUID();
      // every 10th event is cookieless: the salt must not need the store either
      const res = await send(server.url, id, i % 10 === 0 ? undefined : `v${i}`);
      if (res.status === 202) acked.push(id);
      else refused = res;
    }
    expect(acked.length).toBeGreaterThan(10);
    expect(refused?.status).toBe(503);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused?.json()).toMatchObject({ error: { code: 'log_full' } });
    expect(await health(server.url)).toMatchObject({ status: 503, backlogRows: acked.length });
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0); // nothing shipped, nothing lost: the log stays on disk

    // 3. A store is back: the log is replayed, each acknowledged event stored exactly once.
    server = await spawnWaymark(dir);
    running.push(server);
    const rows = await storedRows(server.url, 'shop');
    expect(rows.map((r) => r.event_id).sort()).toEqual([...acked].sort());
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
