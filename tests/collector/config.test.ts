/** Configuration is read once from the environment; a bad value names its variable. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../collector/config.js';
import { ROOT } from '../helpers/server.js';

describe('configuration', () => {
  it('has working defaults: port 8787, ./data, embedded ClickHouse', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8787);
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.clickhouse).toEqual({ kind: 'embedded', path: path.resolve('./data/clickhouse') });
    expect(c.allowHeadless).toBe(false);
  });

  it('uses a ClickHouse server when CLICKHOUSE_URL is set', () => {
    const c = loadConfig({ CLICKHOUSE_URL: 'https://ch.example:8443', CLICKHOUSE_USER: 'wm', CLICKHOUSE_PASSWORD: 'pw', CLICKHOUSE_DATABASE: 'waymark' });
    expect(c.clickhouse).toEqual({ kind: 'server', url: 'https://ch.example:8443', username: 'wm', password: 'pw', database: 'waymark' });
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
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
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
});
