/**
 * Backups as an owner makes and uses them: `waymark backup` against the running server (events
 * still in the log are in it), then `waymark restore` into the empty data dir of a new machine,
 * which then starts with the same sites, journeys, keys and events.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKOUT_JOURNEY } from '../../collector/demo/shop.js';
import { CHROME_UA } from '../helpers/app.js';
import { adminHeaders, health, runCli, spawnWaymark, storedRows, type ServerProcess } from '../helpers/process.js';
import { ADMIN_TOKEN, tempDir } from '../helpers/server.js';

const running: ServerProcess[] = [];
afterAll(() => running.forEach((s) => s.proc.kill('SIGKILL')));

const history = Array.from({ length: 200 }, (_, i) => ({
  site: 'shop',
  type: 'pageview',
  url: `https://shop.example/p/${i % 9}`,
  visitor: `v${i % 25}`,
  ts: Date.UTC(2026, 5, 1) + i * 60_000,
}));

describe('backup and restore', () => {
  it('backs up a running server, log included, and restores it into a new data dir that starts with everything', async () => {
    const dir = tempDir();
    // The writer would wait a minute: every event is only in the log when the backup starts.
    const env = { WAYMARK_FLUSH_INTERVAL_MS: '60000', WAYMARK_BATCH_MIN_ROWS: '100000', WAYMARK_BATCH_MAX_ROWS: '100000' };
    const server = await spawnWaymark(dir, env);
    running.push(server);
    const api = (p: string, init: RequestInit = {}) => fetch(server.url + p, { ...init, headers: adminHeaders });
    expect((await api('/api/sites', { method: 'POST', body: JSON.stringify({ id: 'shop', domains: ['shop.example'] }) })).status).toBe(201);
    expect((await api(`/api/sites/shop/journeys/${CHECKOUT_JOURNEY.id}`, { method: 'PUT', body: JSON.stringify(CHECKOUT_JOURNEY.journey) })).status).toBe(201);
    const key = ((await (await api('/api/sites/shop/keys', { method: 'POST', body: JSON.stringify({ name: 'report' }) })).json()) as { key: string }).key;
    expect(await (await api('/api/import', { method: 'POST', body: JSON.stringify(history) })).json()).toMatchObject({ accepted: 200 });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(server.url + '/api/event', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA },
        body: JSON.stringify({ site: 'shop', type: 'pageview', url: 'https://shop.example/live', visitor: `live${i}` }),
      });
      expect(res.status).toBe(202);
    }
    expect((await health(server.url)).backlogRows).toBe(203); // the import and the live events

    // Through the running server (it holds the data dir).
    const backup = await runCli(['backup'], { WAYMARK_DATA_DIR: dir, PORT: new URL(server.url).port, WAYMARK_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const made = /backup written to (.+?) \(/.exec(backup.stdout)?.[1];
    expect(made).toBeDefined();
    expect(path.dirname(made!)).toBe(path.join(dir, 'backups'));
    expect(fs.existsSync(made!)).toBe(true);
    const before = (await storedRows(server.url, 'shop')).map((r) => r.event_id).sort();
    expect(before).toHaveLength(203);

    // Another machine: an empty data dir, the backup copied over.
    const elsewhere = tempDir();
    const copy = path.join(tempDir(), 'copied-backup');
    fs.cpSync(made!, copy, { recursive: true });
    // The next night's backup, keeping one: the first is removed.
    const nightly = await runCli(['backup', '--keep', '1'], { WAYMARK_DATA_DIR: dir, PORT: new URL(server.url).port, WAYMARK_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(nightly.code).toBe(0);
    expect(nightly.stdout).toContain(`removed 1 older backup: ${path.basename(made!)}`);
    expect(fs.readdirSync(path.join(dir, 'backups'))).toHaveLength(1);
    const restore = await runCli(['restore', copy], { WAYMARK_DATA_DIR: path.join(elsewhere, 'data'), PORT: '1' });
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain('203 events');

    const restored = await spawnWaymark(path.join(elsewhere, 'data'));
    running.push(restored);
    expect((await storedRows(restored.url, 'shop')).map((r) => r.event_id).sort()).toEqual(before);
    const journeys = (await (await fetch(restored.url + '/api/sites/shop/journeys', { headers: adminHeaders })).json()) as { journeys: { id: string }[] };
    expect(journeys.journeys.map((j) => j.id)).toEqual([CHECKOUT_JOURNEY.id]);
    expect((await fetch(restored.url + '/api/sites/shop/overview?from=2026-06-01&to=2026-06-02', { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    // It takes events for the restored site.
    const live = await fetch(restored.url + '/api/event', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA },
      body: JSON.stringify({ site: 'shop', type: 'pageview', url: 'https://shop.example/after' }),
    });
    expect(live.status).toBe(202);

    // Restoring over data is refused: a restore is for an empty data dir.
    restored.proc.kill('SIGTERM');
    expect(await restored.exited).toBe(0);
    const again = await runCli(['restore', copy], { WAYMARK_DATA_DIR: path.join(elsewhere, 'data'), PORT: '1' });
    expect(again.code).toBe(2);
    expect(again.stderr.trim()).toMatch(/^restore: .*data dir .* already holds events/);
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('says what is wrong with a path that is not a backup', async () => {
    const r = await runCli(['restore', tempDir()], { WAYMARK_DATA_DIR: path.join(tempDir(), 'data'), PORT: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^restore: .* is not a Waymark backup/);
  });
});
