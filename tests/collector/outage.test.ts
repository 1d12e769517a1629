/**
 * Store outage: with CLICKHOUSE_URL pointing at a closed port the collector keeps accepting into
 * its log, answers 503 + Retry-After once the log's cap is reached, and everything acknowledged
 * is stored once a store is back (here: restart on the embedded store with the same data dir).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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

/** Sends events one by one until one is refused (or `max` were sent): the acknowledged ids, and the refusal. */
async function sendUntilRefused(url: string, max: number): Promise<{ acked: string[]; refused: Response | undefined }> {
  const acked: string[] = [];
  for (let i = 0; i < max; i++) {
    const id = randomUUID();
    // every 10th event is cookieless: the salt must not need the store either
    const res = await send(url, id, i % 10 === 0 ? undefined : `v${i}`);
    if (res.status !== 202) return { acked, refused: res };
    acked.push(id);
  }
  return { acked, refused: undefined };
}

async function expectImportRefused(url: string): Promise<void> {
  const body = JSON.stringify([{ site: 'shop', type: 'pageview', url: 'https://shop.example/old', visitor: 'imported', ts: Date.UTC(2026, 0, 5) }]);
  const res = await fetch(url + '/api/import', { method: 'POST', headers: adminHeaders, body });
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await res.json()).toMatchObject({ error: { code: 'store_unavailable' } });
}

async function readiness(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url + '/readyz');
  return { status: res.status, body: await res.json() };
}

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
    // Store down, log accepting: /healthz says degraded, /readyz keeps it in a load balancer's rotation.
    expect((await health(server.url)).status).toBe(503);
    expect(await readiness(server.url)).toEqual({ status: 200, body: { status: 'accepting' } });
    // An import must ask the store which of its events are there already: it waits for the store.
    await expectImportRefused(server.url);
    expect((await health(server.url)).backlogRows).toBe(0);
    // So does erasing someone, even with nothing in the log: a 503 in ClickHouse's words, not a 500.
    const erasure = await fetch(server.url + '/api/sites/shop/visitors/someone', { method: 'DELETE', headers: adminHeaders });
    expect(erasure.status).toBe(503);
    expect(await erasure.json()).toMatchObject({ error: { code: 'store_unavailable' } });
    expect((await fetch(server.url + '/api/backups', { method: 'POST', headers: adminHeaders })).status).toBe(501); // the server's own BACKUP
    const { acked, refused } = await sendUntilRefused(server.url, 500);
    expect(acked.length).toBeGreaterThan(10);
    expect(refused?.status).toBe(503);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused?.json()).toMatchObject({ error: { code: 'log_full' } });
    expect(await health(server.url)).toMatchObject({ status: 503, backlogRows: acked.length });
    expect(await readiness(server.url)).toEqual({ status: 503, body: { status: 'not_accepting', reason: 'log_full' } });
    await expectImportRefused(server.url); // now with rows in the log that cannot be shipped
    // Deleting the site needs its logged rows in the store first: refused, and the site stays.
    const deletion = await fetch(server.url + '/api/sites/shop', { method: 'DELETE', headers: adminHeaders });
    expect(deletion.status).toBe(503);
    expect(await deletion.json()).toMatchObject({ error: { code: 'store_unavailable', message: expect.stringContaining('nothing was deleted') } });
    expect((await fetch(server.url + '/api/sites/shop', { headers: adminHeaders })).status).toBe(200);
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

/** Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN: this machine and its CI). */
function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = tempDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The disk under the log fills up (here a 256 KiB tmpfs mounted on the log's directory, with the
 * store unreachable so nothing is shipped and removed): 503 disk_full + Retry-After, as for a full
 * log, never a 500; the server stays up; what was acknowledged is stored later, once.
 * Only where a tmpfs can be mounted, as on this kind of machine and its CI.
 */
describe.runIf(canMount())('disk full', () => {
  it('refuses with 503 disk_full while the disk is full, and stores every acknowledged event later', async () => {
    const dir = tempDir();
    const wal = path.join(dir, 'wal');
    fs.mkdirSync(wal, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', wal]);
    try {
      const env = { WAYMARK_WAL_SEGMENT_BYTES: '65536' };
      let server = await spawnWaymark(dir, env);
      running.push(server);
      const created = await fetch(server.url + '/api/sites', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ id: 'shop', domains: ['shop.example'] }) });
      expect(created.status).toBe(201);
      server.proc.kill('SIGTERM');
      expect(await server.exited).toBe(0);

      server = await spawnWaymark(dir, { ...env, CLICKHOUSE_URL: `http://127.0.0.1:${await freePort()}` });
      running.push(server);
      const { acked, refused } = await sendUntilRefused(server.url, 5000);
      expect(acked.length).toBeGreaterThan(10);
      expect(refused?.status).toBe(503);
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused?.json()).toMatchObject({ error: { code: 'disk_full' } });
      expect((await send(server.url, randomUUID())).status).toBe(503); // still full, still a clear refusal
      expect(await readiness(server.url)).toEqual({ status: 503, body: { status: 'not_accepting', reason: 'disk_full' } });
      expect(await health(server.url)).toMatchObject({ backlogRows: acked.length });
      server.proc.kill('SIGTERM');
      expect(await server.exited).toBe(0);

      server = await spawnWaymark(dir, env);
      running.push(server);
      const rows = await storedRows(server.url, 'shop');
      expect(rows.map((r) => r.event_id).sort()).toEqual([...acked].sort());
      server.proc.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      execFileSync('umount', ['--lazy', wal]);
    }
  });
});
