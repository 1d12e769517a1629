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
    // The one kept, and the erasures journal (erasure-journal.ts) beside it.
    expect(fs.readdirSync(path.join(dir, 'backups')).sort()).toEqual([expect.stringMatching(/^2\d{3}-/), 'erasures.ndjson']);
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

  it('erases again on restore who was erased after the backup (a person by user id, a visitor id, a site), and nothing erased before a later backup', async () => {
    const dir = tempDir();
    const server = await spawnWaymark(dir);
    running.push(server);
    const port = new URL(server.url).port;
    const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { WAYMARK_DATA_DIR: dir, PORT: port, WAYMARK_ADMIN_TOKEN: ADMIN_TOKEN, ...env });
    const api = (p: string, init: RequestInit = {}) => fetch(server.url + p, { ...init, headers: adminHeaders });
    for (const id of ['shop', 'gone']) expect((await api('/api/sites', { method: 'POST', body: JSON.stringify({ id, domains: ['shop.example'] }) })).status).toBe(201);
    const anna = { site: 'shop', type: 'identify', url: 'https://shop.example/signup', visitor: 'v1', user: 'anna@example.com', ts: Date.UTC(2026, 5, 2) };
    const events = [...history, ...history.map((e) => ({ ...e, site: 'gone' })), anna];
    expect(await (await api('/api/import', { method: 'POST', body: JSON.stringify(events) })).json()).toMatchObject({ accepted: 401 });
    const backupPath = async () => /backup written to (.+?) \(/.exec((await cli(['backup'])).stdout)?.[1];
    const first = await backupPath();
    expect(first).toBeDefined();

    // After the backup: anna (by her user id: her visitor id v1), visitor v2 and the site "gone".
    expect(await (await api('/api/sites/shop/visitors/anna%40example.com', { method: 'DELETE' })).json()).toMatchObject({ visitors: ['v1'], events: 9 });
    expect(await (await api('/api/sites/shop/visitors/v2', { method: 'DELETE' })).json()).toMatchObject({ events: 8 });
    expect((await api('/api/sites/gone', { method: 'DELETE' })).status).toBe(200);
    // The journal beside the backups holds hashes, not who they were.
    const journal = fs.readFileSync(path.join(dir, 'backups', 'erasures.ndjson'), 'utf8');
    expect(journal).not.toMatch(/anna|"v[12]"/);
    // v2 comes back (a new visit, after the erasure), and a second backup holds that.
    expect(await (await api('/api/import', { method: 'POST', body: JSON.stringify([{ ...history[2], ts: Date.UTC(2026, 5, 3) }]) })).json()).toMatchObject({ accepted: 1 });
    const second = await backupPath();
    const live = (await storedRows(server.url, 'shop')).map((r) => r.event_id).sort();
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    // The first backup, restored: the three erasures are made again.
    const a = path.join(tempDir(), 'data');
    const restored = await runCli(['restore', first!], { WAYMARK_DATA_DIR: a, PORT: '1' });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('restored 401 events of 2 sites');
    expect(restored.stdout).toContain('applied 3 erasures after this backup: 2 people (17 events) and 1 site erased again');
    const one = await spawnWaymark(a);
    running.push(one);
    const rows = await storedRows(one.url, 'shop');
    expect(rows.filter((r) => r.visitor_id === 'v1' || r.visitor_id === 'v2')).toEqual([]);
    expect(rows).toHaveLength(200 + 1 - 9 - 8);
    expect((await fetch(one.url + '/api/sites/gone', { headers: adminHeaders })).status).toBe(404);
    expect((await fetch(one.url + '/api/sites/gone/events', { headers: adminHeaders })).status).toBe(404);
    // The journal went on beside the new data dir's backups.
    expect(fs.readFileSync(path.join(a, 'backups', 'erasures.ndjson'), 'utf8')).toContain(journal.trim());
    one.proc.kill('SIGTERM');
    expect(await one.exited).toBe(0);

    // The second backup, restored: it was made after the erasures, and v2's new visit stays.
    const b = path.join(tempDir(), 'data');
    const again = await runCli(['restore', second!], { WAYMARK_DATA_DIR: b, PORT: '1' });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('none after this backup');
    const two = await spawnWaymark(b);
    running.push(two);
    expect((await storedRows(two.url, 'shop')).map((r) => r.event_id).sort()).toEqual(live);
    two.proc.kill('SIGTERM');
    expect(await two.exited).toBe(0);

    // A copy without the journal beside it says so; naming the journal erases again.
    const copy = path.join(tempDir(), 'copied');
    fs.cpSync(first!, copy, { recursive: true });
    const bare = await runCli(['restore', copy], { WAYMARK_DATA_DIR: path.join(tempDir(), 'data'), PORT: '1' });
    expect(bare.code).toBe(0);
    expect(bare.stdout).toContain('no erasures journal');
    const named = await runCli(['restore', copy, '--erasures', path.join(dir, 'backups', 'erasures.ndjson')], { WAYMARK_DATA_DIR: path.join(tempDir(), 'data'), PORT: '1' });
    expect(named.code).toBe(0);
    expect(named.stdout).toContain('2 people (17 events) and 1 site erased again');
  });

  it('says what is wrong with a path that is not a backup', async () => {
    const r = await runCli(['restore', tempDir()], { WAYMARK_DATA_DIR: path.join(tempDir(), 'data'), PORT: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^restore: .* is not a Waymark backup/);
  });
});
