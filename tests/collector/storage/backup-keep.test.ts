/** POST /api/backups?keep=N: a nightly backup from cron keeps the newest N and removes older ones, and nothing else. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, pageview, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.createSite('shop');
  await t.send(pageview());
});
afterAll(() => t.close());

const backups = () => path.join(t.dataDir, 'backups');
const post = async (query = '') => {
  const res = await t.admin(`/api/backups${query}`, { method: 'POST' });
  return { status: res.status, body: (await res.json()) as { name: string; removed: string[]; error?: { code: string } } };
};

describe('keeping the newest backups', () => {
  it('keeps every backup without keep, the newest N with it, and never touches what it did not write', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await post();
      expect(r.status).toBe(201);
      expect(r.body.removed).toEqual([]);
      made.push(r.body.name);
    }
    fs.mkdirSync(path.join(backups(), 'my-own-copy')); // the owner's, not a backup of ours
    fs.mkdirSync(path.join(backups(), '2020-01-01T00-00-00-000Z')); // our name, but no backup in it (cut short)
    const r = await post('?keep=2');
    expect(r.status).toBe(201);
    expect(r.body.removed).toEqual([made[0], made[1]]);
    // The erasures journal stays too (erasure-journal.ts).
    expect(fs.readdirSync(backups()).sort()).toEqual(['2020-01-01T00-00-00-000Z', made[2], r.body.name, 'erasures.ndjson', 'my-own-copy'].sort());
  });

  it.each(['?keep=0', '?keep=-1', '?keep=two', '?keep=1.5'])('refuses %s and writes no backup', async (q) => {
    const before = fs.readdirSync(backups()).length;
    const r = await post(q);
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('invalid_query');
    expect(fs.readdirSync(backups()).length).toBe(before);
  });
});
