/**
 * The hashes narrow arrays carry (common/narrow-sql.ts hashSql) in ClickHouse: every Hashed
 * expression (the touchpoint label, each dimension) hashes to exactly cityHash64 of its SQL on
 * every row, empty values included — anchors and "(end)" are compared as cityHash64 of literals,
 * and labels are looked up by these hashes — a one-part value is plain cityHash64, and a tuple's
 * hash tells apart values that differ in any part or in the order of equal parts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRow } from '../../collector/schema/event.js';
import type { Store } from '../../collector/storage/clickhouse.js';
import { DIMENSION_NAMES, dimensionHashed, dimensionSql } from '../../analysis/common/dimensions.js';
import { hashSql, labelsSql, type Hashed } from '../../analysis/common/narrow-sql.js';
import { TOUCHPOINT, touchpointLabel } from '../../analysis/common/touchpoint.js';
import { at, ev, insertRows, openAnalysisStore } from './helpers.js';

const PATHS = ['/', '/cart', '/café', '/ü/😀', '/line\nbreak', 'event:x', '', '(none)'];
const NAMES = ['x', 'add_to_cart', 'ünï', '😀', ''];
const VALUES = ['', 'Direct', '(none)', 'Ünï', 'mobile'];

let store: Store;
beforeAll(async () => {
  store = await openAnalysisStore();
  const v = (i: number) => VALUES[i % VALUES.length]!;
  const attrs = (i: number) => ({
    channel: v(i), utm_source: v(i + 1), referrer_domain: v(i + 2), utm_medium: v(i + 3), utm_campaign: v(i + 4),
    device: v(i + 1), browser: v(i + 2), os: v(i + 3), country: v(i),
  });
  await insertRows(store, [
    ...PATHS.map((path, i) => ev({ site_id: 'h', ms: at(i), visitor_id: `p${i}`, path, ...attrs(i) })),
    ...NAMES.map((name, i) => ev({ site_id: 'h', ms: at(50 + i), visitor_id: `e${i}`, type: 'event', name, path: '/cart', ...attrs(i + 2) })),
  ]);
});
afterAll(async () => {
  await store.close();
});

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const res = await store.query({ query, query_params: params, format: 'JSONEachRow' });
  return res.json<T>();
}

const HASHED: [string, Hashed][] = [['touchpoint', TOUCHPOINT], ...DIMENSION_NAMES.map((d) => [d, dimensionHashed(d)] as [string, Hashed])];

describe('hashSql in ClickHouse', () => {
  it.each(HASHED)('hashes %s to exactly cityHash64 of its SQL on every row', async (_name, h) => {
    expect(h.hash).not.toBe(`cityHash64(${h.sql})`); // the cheaper form is what is tested
    const got = await rows<{ fast: string; plain: string }>(`
      SELECT toString(${hashSql(h)}) AS fast, toString(cityHash64(${h.sql})) AS plain FROM events AS e WHERE site_id = 'h'`);
    expect(got).toHaveLength(PATHS.length + NAMES.length);
    for (const r of got) expect(r.fast).toBe(r.plain);
    expect(new Set(got.map((r) => r.fast)).size).toBeGreaterThan(2);
  });

  it.each(DIMENSION_NAMES)('labels each %s hash with the value of its events (a group label, not per event)', async (d) => {
    const labels = await rows<{ h: string; label: string }>(
      `SELECT toString(h) AS h, label FROM (${labelsSql(dimensionHashed(d), "('pageview', 'event')")})`,
      { site: 'h', from: 0, to: 4_000_000_000_000 },
    );
    const perEvent = await rows<{ h: string; v: string }>(
      `SELECT DISTINCT toString(cityHash64(${dimensionSql(d)})) AS h, ${dimensionSql(d)} AS v FROM events AS e WHERE site_id = 'h'`,
    );
    expect(Object.fromEntries(labels.map((l) => [l.h, l.label]))).toEqual(Object.fromEntries(perEvent.map((r) => [r.h, r.v])));
    expect(perEvent.some((r) => r.v === '(none)')).toBe(true);
  });

  it('hashes the touchpoint label as cityHash64 of the TypeScript label, so an anchor given as text finds it', async () => {
    const got = await rows<{ type: EventRow['type']; path: string; name: string; h: string }>(`
      SELECT type, path, name, toString(${hashSql(TOUCHPOINT)}) AS h FROM events AS e WHERE site_id = 'h' ORDER BY ts`);
    const labels = got.map((r) => touchpointLabel({ type: r.type, path: r.path, name: r.name } as EventRow));
    const lits = await rows<{ h: string }>('SELECT toString(cityHash64(arrayJoin({l:Array(String)}))) AS h', { l: labels });
    expect(lits.map((x) => x.h)).toEqual(got.map((r) => r.h));
  });

  it('hashes one plain part as cityHash64, and tells tuples apart by every part and its position', async () => {
    expect(hashSql('e.path')).toBe('cityHash64(e.path)');
    const got = await rows<{ pair: string; swapped: string; channel: string; device: string }>(`
      SELECT toString(${hashSql(['e.channel', 'e.device'])}) AS pair, toString(${hashSql(['e.device', 'e.channel'])}) AS swapped,
        toString(e.channel) AS channel, toString(e.device) AS device
      FROM events AS e WHERE site_id = 'h'`);
    const byValue = new Map(got.map((r) => [`${r.channel}|${r.device}`, r.pair]));
    // One hash per distinct (channel, device), and (a, b) differs from (b, a).
    expect(new Set(got.map((r) => r.pair)).size).toBe(byValue.size);
    for (const r of got) if (r.channel !== r.device) expect(r.swapped).not.toBe(r.pair);
  });
});
