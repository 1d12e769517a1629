/** First start on an empty data dir loads the demo shop; later starts leave the data alone, a deleted demo too. */
import { afterAll, describe, expect, it } from 'vitest';
import { adminHeaders, sleep, spawnWaymark, storedRows, type ServerProcess } from '../../helpers/process.js';
import { tempDir } from '../../helpers/server.js';

const running: ServerProcess[] = [];
afterAll(() => running.forEach((s) => s.proc.kill('SIGKILL')));

async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(250);
  }
}

/** Stops the server and starts it again on the same data dir: not a first start, no demo loaded. */
async function restartedWithoutDemo(server: ServerProcess, dir: string): Promise<ServerProcess> {
  server.proc.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  const again = await spawnWaymark(dir, { WAYMARK_DEMO: '1' });
  running.push(again);
  await sleep(1000);
  expect(again.output()).not.toContain('First start');
  return again;
}

describe('first start', () => {
  it('creates the demo site, its checkout journey and traffic, and prints a sign-in link', async () => {
    const dir = tempDir();
    let server = await spawnWaymark(dir, { WAYMARK_DEMO: '1' });
    running.push(server);
    await waitFor(async () => (server.output().includes('Demo loaded') ? true : undefined));
    expect(server.output()).toMatch(/Sign in: +http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const journey = await fetch(`${server.url}/api/sites/demo/journeys/checkout`, { headers: adminHeaders });
    expect(journey.status).toBe(200);
    const rows = await storedRows(server.url, 'demo');
    expect(rows.length).toBeGreaterThan(10_000);
    expect(new Set(rows.map((r) => r.channel)).size).toBeGreaterThanOrEqual(8);
    // The journey map finds every kind of pain point the demo's shop is built to have.
    const from = new Date(Date.now() - 31 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const map = await fetch(`${server.url}/api/sites/demo/map?journey=checkout&from=${from}&to=${to}&pain_points=100`, { headers: adminHeaders });
    expect(map.status).toBe(200);
    const pains = ((await map.json()) as { pain_points: { kind: string; title: string }[] }).pain_points;
    expect(new Set(pains.map((p) => p.kind))).toEqual(new Set(['dropoff', 'segment', 'slow_page', 'loop']));
    expect(pains.find((p) => p.kind === 'slow_page')?.title).toContain('/blog/packing-list-für-wanderungen');

    server = await restartedWithoutDemo(server, dir);
    expect((await storedRows(server.url, 'demo')).length).toBe(rows.length);

    // The owner deletes the demo (their only site): it stays deleted at the next start.
    expect((await fetch(`${server.url}/api/sites/demo`, { method: 'DELETE', headers: adminHeaders })).status).toBe(200);
    server = await restartedWithoutDemo(server, dir);
    expect(((await (await fetch(`${server.url}/api/sites`, { headers: adminHeaders })).json()) as { sites: unknown[] }).sites).toEqual([]);
    server.proc.kill('SIGTERM');
    await server.exited;
  });
});
