/**
 * The hashes narrow arrays carry (common/narrow-sql.ts hashSql) in ClickHouse: the touchpoint
 * label's branch-wise hash equals cityHash64 of the label (anchors and "(end)" are compared as
 * cityHash64 of literals), a one-part value is plain cityHash64, and a tuple's hash tells apart
 * values that differ in any part or in the order of equal parts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRow } from '../../collector/schema/event.js';
import type { Store } from '../../collector/storage/clickhouse.js';
import { hashSql } from '../../analysis/common/narrow-sql.js';
import { TOUCHPOINT_SQL, touchpointLabel } from '../../analysis/common/touchpoint.js';
import { at, ev, insertRows, openAnalysisStore } from './helpers.js';

const PATHS = ['/', '/cart', '/café', '/ü/😀', '/line\nbreak', 'event:x', ''];
const NAMES = ['x', 'add_to_cart', 'ünï', '😀', ''];

let store: Store;
beforeAll(async () => {
  store = await openAnalysisStore();
  await insertRows(store, [
    ...PATHS.map((path, i) => ev({ site_id: 'h', ms: at(i), visitor_id: `p${i}`, path, channel: i % 2 ? 'Direct' : 'Email', device: 'mobile' })),
    ...NAMES.map((name, i) => ev({ site_id: 'h', ms: at(50 + i), visitor_id: `e${i}`, type: 'event', name, path: '/cart', channel: 'mobile', device: 'Direct' })),
  ]);
});
afterAll(async () => {
  await store.close();
});

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const res = await store.query({ query, query_params: params, format: 'JSONEachRow' });
  return res.json<T>();
}

describe('hashSql in ClickHouse', () => {
  it('hashes the touchpoint label branch-wise to exactly cityHash64 of the label', async () => {
    const got = await rows<{ type: EventRow['type']; path: string; name: string; fast: string; plain: string }>(`
      SELECT type, path, name, toString(${hashSql(TOUCHPOINT_SQL)}) AS fast, toString(cityHash64(${TOUCHPOINT_SQL})) AS plain
      FROM events AS e WHERE site_id = 'h' ORDER BY ts`);
    expect(got).toHaveLength(PATHS.length + NAMES.length);
    expect(hashSql(TOUCHPOINT_SQL)).not.toBe(`cityHash64(${TOUCHPOINT_SQL})`); // the fast form is in use
    for (const r of got) expect(r.fast).toBe(r.plain);
    // The label hashed is the TypeScript label, so an anchor given as text finds it.
    const labels = got.map((r) => touchpointLabel({ type: r.type, path: r.path, name: r.name } as EventRow));
    const lits = await rows<{ h: string }>('SELECT toString(cityHash64(arrayJoin({l:Array(String)}))) AS h', { l: labels });
    expect(lits.map((x) => x.h)).toEqual(got.map((r) => r.fast));
  });

  it('hashes one part as plain cityHash64, and tells tuples apart by every part and its position', async () => {
    expect(hashSql('e.path')).toBe('cityHash64(e.path)');
    const got = await rows<{ pair: string; swapped: string }>(`
      SELECT toString(${hashSql(['e.channel', 'e.device'])}) AS pair, toString(${hashSql(['e.device', 'e.channel'])}) AS swapped
      FROM events AS e WHERE site_id = 'h'`);
    // (Direct, mobile) and (mobile, Direct) are both in the data: swapping parts changes the hash.
    const pairs = new Set(got.map((r) => r.pair));
    expect(pairs.size).toBe(3); // (Email, mobile), (Direct, mobile), (mobile, Direct)
    for (const r of got) expect(r.swapped).not.toBe(r.pair);
  });
});
