/**
 * Daily salts (collector/storage/salts.ts). The embedded engine runs parameterized queries one at
 * a time in the whole process, so a new day's salt query would queue behind a running analysis;
 * tomorrow's salt is fetched ahead instead. Shown by order, not timing, against a parameterized
 * query that holds the engine for 2.5 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../collector/storage/clickhouse.js';
import { migrate } from '../../../collector/storage/migrator.js';
import { SaltStore } from '../../../collector/storage/salts.js';
import { tempDir } from '../../helpers/server.js';

const dir = tempDir('waymark-salts-');
let analyses: Store;
let ingest: Store;
beforeAll(async () => {
  analyses = await openStore({ kind: 'embedded', path: dir });
  await migrate(analyses);
  ingest = await openStore({ kind: 'embedded', path: dir });
});
afterAll(async () => {
  await ingest?.close();
  await analyses?.close();
});

/** Runs `step` while a parameterized query (as every analysis is) holds the engine; the order they end in. */
async function whileAnalysing(step: () => Promise<unknown>): Promise<string[]> {
  const order: string[] = [];
  const analysis = analyses.query({ query: 'SELECT sleep({s:Float64}) AS s', query_params: { s: 2.5 }, format: 'JSONEachRow' }).then(async (rs) => {
    await rs.json();
    order.push('analysis');
  });
  await new Promise((r) => setTimeout(r, 200)); // let it start
  await step();
  order.push('step');
  await analysis;
  return order;
}

const storedSalt = async (day: string) => {
  const rs = await analyses.query({ query: 'SELECT min(salt) AS s FROM salts WHERE day = {day:Date}', query_params: { day }, format: 'JSONEachRow' });
  return ((await rs.json()) as { s: string }[])[0]?.s;
};

// Salts expire two days after their day (migration 003), so the days here are around today.
const DAY = 86_400_000;
const NOW = Date.now();
const at = (days: number) => new Date(NOW + days * DAY);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

describe('salts', () => {
  it('a day not fetched ahead waits for the running analysis (why they are fetched ahead)', async () => {
    const salts = new SaltStore(ingest);
    expect(await whileAnalysing(() => salts.current(at(0)))).toEqual(['analysis', 'step']);
  });

  it('the first cookieless event of a day does not wait: tomorrow was fetched ahead', async () => {
    const salts = new SaltStore(ingest);
    await salts.prefetch(at(0));
    let salt = '';
    const order = await whileAnalysing(async () => (salt = await salts.current(at(1))));
    expect(order).toEqual(['step', 'analysis']);
    expect(salt).toBe(await storedSalt(dayOf(at(1))));
    expect(salt).toMatch(/\S{16,}/);
  });

  it('collectors fetching ahead agree on a day', async () => {
    const a = new SaltStore(ingest);
    const b = new SaltStore(analyses);
    await a.prefetch(at(1));
    await b.prefetch(at(1));
    await a.prefetch(at(1)); // reads again: min(salt) of the day
    expect(await a.current(at(2))).toBe(await b.current(at(2)));
    expect(await a.current(at(2))).toBe(await storedSalt(dayOf(at(2))));
  });
});
