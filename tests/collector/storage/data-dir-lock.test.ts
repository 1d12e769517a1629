/**
 * One Waymark per data dir: a second process is refused before it touches the write-ahead log the
 * first is appending to; a lock left by a dead process (or a reused pid) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../collector/config.js';
import { LOCK_FILE, lockDataDir } from '../../../collector/storage/data-dir-lock.js';
import { tempDir } from '../../helpers/server.js';
import { CHROME_UA } from '../../helpers/app.js';
import { adminHeaders, freePort, runCli, spawnWaymark, storedRows } from '../../helpers/process.js';

const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

/** Runs the CLI to its end; its output, both streams. */
async function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const r = await runCli(args, { WAYMARK_DEMO: '0', ...env });
  return { code: r.code, out: r.stdout + r.stderr };
}

/** Names, sizes and contents of the files under a directory. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) files[name] = fs.readFileSync(file).toString('base64');
  }
  return files;
}

describe('in one process', () => {
  it('refuses a second holder, naming the process, until the first lets go', () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(ConfigError);
    expect(() => lockDataDir(dir)).toThrow(`in use by another Waymark process (pid ${process.pid})`);
    release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir)();
  });

  it('takes over a lock whose holder is gone: a dead pid, a reused pid, another boot, or a torn file', () => {
    const stale = [
      { pid: 2 ** 22 + 1, boot: bootId, start: '1' }, // above the kernel's pid limit: no such process
      { pid: process.pid, boot: bootId, start: '1' }, // our pid, but not our start time: a container restarted
      { pid: process.pid, boot: 'another-boot', start: '1' },
    ];
    for (const holder of stale) {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(holder));
      const release = lockDataDir(dir);
      expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
      release();
    }
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, LOCK_FILE), '{"pid":');
    lockDataDir(dir)();
  });

  it('a release does not remove a lock someone else has taken since', () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    const other = { pid: 1, boot: bootId, start: '1' };
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(other));
    release();
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toEqual(other);
  });
});

describe('across processes', () => {
  it('a second server or report on a running server\'s data dir stops with a message and leaves its log alone', async () => {
    const dir = tempDir();
    const first = await spawnWaymark(dir);
    try {
      const site = await fetch(first.url + '/api/sites', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ id: 'shop', domains: ['shop.example'] }) });
      expect(site.status).toBe(201);
      const ids = Array.from({ length: 20 }, () => crypto.randomUUID());
      for (const id of ids) {
        const res = await fetch(first.url + '/api/event', { method: 'POST', headers: { 'user-agent': CHROME_UA }, body: JSON.stringify({ site: 'shop', type: 'pageview', url: 'https://shop.example/', id }) });
        expect(res.status).toBe(202);
      }
      expect((await storedRows(first.url, 'shop')).map((r) => r.event_id).sort()).toEqual([...ids].sort());
      const wal = snapshot(path.join(dir, 'wal'));

      const env = { WAYMARK_DATA_DIR: dir, HOST: '127.0.0.1' };
      const second = await cli(['start'], { ...env, PORT: String(await freePort()) });
      expect(second.code).toBe(1);
      expect(second.out).toContain(`the data dir ${dir} is in use by another Waymark process (pid ${first.proc.pid})`);
      expect(second.out).not.toMatch(/\n\s+at /);
      // PORT is not the server's, so the report opens the data dir itself: refused the same way.
      const report = await cli(['report', 'overview', '--site', 'shop'], { ...env, PORT: String(await freePort()) });
      expect(report.code).toBe(1);
      expect(report.out).toContain('is in use by another Waymark process');
      expect(snapshot(path.join(dir, 'wal'))).toEqual(wal);
    } finally {
      first.proc.kill('SIGKILL');
      await first.exited;
    }
    // Killed with its lock in place: the next start takes it over.
    const again = await spawnWaymark(dir);
    expect((await storedRows(again.url, 'shop')).length).toBe(20);
    again.proc.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });
});
