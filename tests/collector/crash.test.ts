/**
 * Durability: a real server under steady load is killed with SIGKILL and restarted; every event
 * that got a 202 is stored exactly once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROME_UA } from '../helpers/app.js';
import { adminHeaders, health, sleep, spawnWaymark, storedRows, type ServerProcess } from '../helpers/process.js';
import { tempDir } from '../helpers/server.js';

const running: ServerProcess[] = [];
afterAll(() => running.forEach((s) => s.proc.kill('SIGKILL')));

/** Concurrent senders posting single events and batches until `stop()`; returns acknowledged ids. */
function load(url: string, senders = 12) {
  const acked = new Set<string>();
  let stopping = false;
  let n = 0;
  const loops = Array.from({ length: senders }, async (_, s) => {
    while (!stopping) {
      const size = s % 3 === 0 ? 5 : 1;
      const events = Array.from({ length: size }, () => ({
        site: 'shop',
        type: 'pageview',
        url: `https://shop.example/p/${n++}`,
        visitor: `v${s}`,
        id: randomUUID(),
      }));
      try {
        const res = await fetch(url + '/api/event', {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA },
          body: JSON.stringify(size === 1 ? events[0] : events),
        });
        if (res.status === 202) for (const e of events) acked.add(e.id);
      } catch {
        await sleep(5); // the server is down: nothing was acknowledged
      }
    }
  });
  return { acked, stop: async () => ((stopping = true), await Promise.all(loops)) };
}

describe('crash safety', () => {
  it('stores every acknowledged event exactly once after kill -9 and restart', async () => {
    const dir = tempDir();
    let server = await spawnWaymark(dir);
    running.push(server);
    await fetch(server.url + '/api/sites', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ id: 'shop', domains: ['shop.example'] }) });

    const acked = new Set<string>();
    for (let round = 0; round < 3; round++) {
      const l = load(server.url);
      await sleep(1500 + round * 300);
      server.proc.kill('SIGKILL'); // mid-load: some requests are in flight, a batch may be mid-insert
      expect(await server.exited).toBe('SIGKILL');
      await l.stop();
      l.acked.forEach((id) => acked.add(id));
      server = await spawnWaymark(dir);
      running.push(server);
    }

    expect(acked.size).toBeGreaterThan(500);
    const rows = await storedRows(server.url, 'shop');
    const stored = rows.map((r) => r.event_id);
    const storedSet = new Set(stored);
    expect(storedSet.size).toBe(stored.length); // no duplicates
    const missing = [...acked].filter((id) => !storedSet.has(id));
    console.log(`crash test: ${acked.size} acknowledged, ${stored.length} stored, ${missing.length} missing`);
    expect(missing).toEqual([]);
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('an import sent again after kill -9, while its first copy was still only in the log, is stored once', async () => {
    const dir = tempDir();
    // The writer would wait a minute before shipping on its own, and 900 rows are too few for a
    // burst it ships at once (also after the restart): the first copy is in the log alone.
    const env = { WAYMARK_FLUSH_INTERVAL_MS: '60000', WAYMARK_BATCH_MIN_ROWS: '100000', WAYMARK_BATCH_MAX_ROWS: '100000', WAYMARK_DEMO: 'false' };
    let server = await spawnWaymark(dir, env);
    running.push(server);
    await fetch(server.url + '/api/sites', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ id: 'shop', domains: ['shop.example'] }) });
    const t0 = Date.UTC(2026, 2, 1, 9, 0, 0);
    const history = Array.from({ length: 900 }, (_, i) => ({
      site: 'shop',
      type: 'pageview',
      url: `https://shop.example/p/${i % 40}`,
      visitor: `h${i % 300}`,
      ts: t0 + i * 1000,
    }));
    const post = async () => {
      const res = await fetch(server.url + '/api/import', { method: 'POST', headers: adminHeaders, body: JSON.stringify(history) });
      expect(res.status).toBe(202);
      return res.json();
    };
    expect(await post()).toEqual({ accepted: 900, ignored: 0, duplicates: 0 });
    expect((await health(server.url)).backlogRows).toBe(900);
    server.proc.kill('SIGKILL');
    expect(await server.exited).toBe('SIGKILL');
    server = await spawnWaymark(dir, env);
    running.push(server);
    // The owner's script saw the crash and sends its file again from the start.
    expect(await post()).toEqual({ accepted: 0, ignored: 900, duplicates: 900 });
    const rows = await storedRows(server.url, 'shop');
    expect(rows).toHaveLength(900);
    expect(new Set(rows.map((r) => `${r.visitor_id} ${r.ts}`)).size).toBe(900);
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('on SIGTERM stops accepting, ships the log and exits 0', async () => {
    const dir = tempDir();
    // The writer would wait a minute before shipping on its own.
    const env = { WAYMARK_FLUSH_INTERVAL_MS: '60000', WAYMARK_BATCH_MIN_ROWS: '100000', WAYMARK_BATCH_MAX_ROWS: '100000' };
    let server = await spawnWaymark(dir, env);
    running.push(server);
    await fetch(server.url + '/api/sites', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ id: 'shop', domains: ['shop.example'] }) });
    const l = load(server.url, 4);
    await sleep(500);
    await l.stop();
    expect((await health(server.url)).backlogRows).toBe(l.acked.size);
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    server = await spawnWaymark(dir, env);
    running.push(server);
    expect((await health(server.url)).backlogRows).toBe(0); // shipped before exit, nothing to replay
    const rows = await storedRows(server.url, 'shop');
    expect(rows.map((r) => r.event_id).sort()).toEqual([...l.acked].sort());
    server.proc.kill('SIGTERM');
    await server.exited;
  });
});
