/** Configuration is read once from the environment; a bad value names its variable. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultQueryMemory, loadConfig } from '../../collector/config.js';
import { ROOT, tempDir } from '../helpers/server.js';
import { createTestApp } from '../helpers/app.js';

describe('configuration', () => {
  it('has working defaults: port 8787, ./data, embedded ClickHouse', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8787);
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.clickhouse).toEqual({ kind: 'embedded', path: path.resolve('./data/clickhouse'), backupDir: path.resolve('./data/backups') });
    expect(c.allowHeadless).toBe(false);
    expect(c.retentionDays).toBe(0);
    expect(loadConfig({ WAYMARK_BACKUP_DIR: '/mnt/backup' }).clickhouse).toMatchObject({ backupDir: '/mnt/backup' });
  });

  it('uses a ClickHouse server when CLICKHOUSE_URL is set', () => {
    const c = loadConfig({ CLICKHOUSE_URL: 'https://ch.example:8443', CLICKHOUSE_USER: 'wm', CLICKHOUSE_PASSWORD: 'pw', CLICKHOUSE_DATABASE: 'waymark' });
    expect(c.clickhouse).toEqual({ kind: 'server', url: 'https://ch.example:8443', username: 'wm', password: 'pw', database: 'waymark' });
  });

  it('bounds analysis queries: 40 % of memory (spill past half), 120 s; a server decides its memory', () => {
    const mem = defaultQueryMemory();
    expect(mem).toBeGreaterThan(0.39 * os.totalmem());
    expect(mem).toBeLessThanOrEqual(0.4 * os.totalmem());
    expect(loadConfig({}).queryLimits).toEqual({ memoryBytes: mem, spillBytes: Math.floor(mem / 2), timeoutS: 120 });
    expect(loadConfig({ CLICKHOUSE_URL: 'http://ch:8123' }).queryLimits).toEqual({ memoryBytes: 0, spillBytes: 0, timeoutS: 120 });
    const set = loadConfig({ CLICKHOUSE_URL: 'http://ch:8123', WAYMARK_QUERY_MEMORY_MB: '512', WAYMARK_QUERY_TIMEOUT_S: '0' });
    expect(set.queryLimits).toEqual({ memoryBytes: 512 * 1024 ** 2, spillBytes: 256 * 1024 ** 2, timeoutS: 0 });
    expect(loadConfig({ WAYMARK_QUERY_MEMORY_MB: '0' }).queryLimits.memoryBytes).toBe(0);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['WAYMARK_ADMIN_TOKEN', 'short'],
    ['CLICKHOUSE_URL', 'not a url'],
    ['CLICKHOUSE_DATABASE', 'drop table;'],
    ['WAYMARK_ALLOW_HEADLESS', 'maybe'],
    ['WAYMARK_WAL_MAX_BYTES', '-1'],
    ['WAYMARK_SCRIPT_ALIAS', 'wm.js'],
    ['LOG_LEVEL', 'loud'],
    ['WAYMARK_QUERY_MEMORY_MB', '1.5'],
    ['WAYMARK_QUERY_TIMEOUT_S', '-1'],
    ['WAYMARK_RETENTION_DAYS', '30.5'],
    ['WAYMARK_ALERT_INTERVAL_MINUTES', '-5'],
    ['WAYMARK_PUBLIC_URL', 'waymark.example'],
    ['WAYMARK_PUBLIC_URL', 'ftp://waymark.example'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('takes the public URL without its trailing slash, and alert checks in minutes', () => {
    expect(loadConfig({ WAYMARK_PUBLIC_URL: 'https://waymark.example/' })).toMatchObject({ publicUrl: 'https://waymark.example', alertIntervalMs: 15 * 60_000 });
    expect(loadConfig({ WAYMARK_ALERT_INTERVAL_MINUTES: '0' })).toMatchObject({ publicUrl: undefined, alertIntervalMs: 0 });
  });

  it('stops start-up with that message and exit code 1', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'collector/cli.ts'), 'start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: 'eighty' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops start-up with a message naming WAYMARK_DATA_DIR when it cannot be a directory there', () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, '');
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'collector/cli.ts'), 'start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, WAYMARK_DATA_DIR: file, PORT: '0' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`WAYMARK_DATA_DIR: cannot use ${file} (ENOTDIR): it must be a directory this user may write to`);
  });
});

it('creates a new data dir for its user only, and leaves the permissions of an existing one alone', async () => {
  const parent = path.join(tempDir(), 'srv');
  const t = await createTestApp({ WAYMARK_DATA_DIR: path.join(parent, 'data') });
  await t.close();
  expect(fs.statSync(path.join(parent, 'data')).mode & 0o777).toBe(0o700);
  expect(fs.statSync(parent).mode & 0o077).not.toBe(0); // parents as the umask makes them
  fs.chmodSync(path.join(parent, 'data'), 0o750);
  const again = await createTestApp({ WAYMARK_DATA_DIR: path.join(parent, 'data') });
  await again.close();
  expect(fs.statSync(path.join(parent, 'data')).mode & 0o777).toBe(0o750);
});
