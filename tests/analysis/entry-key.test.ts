/**
 * The stage-events funnel finds a visitor's entry event with one UInt256 key built from bytes
 * (funnel/stage-events-sql.ts ENTRY_KEY_SQL): it must order events exactly as the references do —
 * page views before custom events, then time, then event id in ClickHouse's UUID order — ties in
 * the same millisecond included.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EventRow } from '../../collector/schema/event.js';
import type { Store } from '../../collector/storage/clickhouse.js';
import { ENTRY_KEY_SQL } from '../../analysis/funnel/stage-events-sql.js';
import { cmpEvent, uuidOrderKey } from '../../analysis/common/order.js';
import { hex, rng } from './generate.js';
import { at, ev, insertRows, openAnalysisStore } from './helpers.js';

/** Seeded ids that differ in every position, high and low halves alike. */
const r = rng(2027);
const randomUuid = () => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-8${hex(r, 3)}-${hex(r, 12)}`;

const ROWS: EventRow[] = Array.from({ length: 80 }, (_, i) =>
  ev({
    site_id: 'k',
    visitor_id: 'v',
    event_id: randomUuid(),
    // Three distinct milliseconds only: most events tie on time with others.
    ms: at(1) + (i % 3),
    ...(i % 4 === 0 ? { type: 'event' as const, name: 'x' } : {}),
  }),
);

let store: Store;
beforeAll(async () => {
  store = await openAnalysisStore();
  await insertRows(store, ROWS);
});
afterAll(async () => {
  await store.close();
});

const ms = (r: EventRow) => Date.parse(`${r.ts.replace(' ', 'T')}Z`);
const expected = [...ROWS].sort(
  (a, b) =>
    Number(a.type !== 'pageview') - Number(b.type !== 'pageview') ||
    cmpEvent({ ms: ms(a), eid: uuidOrderKey(a.event_id) }, { ms: ms(b), eid: uuidOrderKey(b.event_id) }),
);

it('orders page views first, then by time, then by event id as the references do', async () => {
  const res = await store.query({
    query: `SELECT toString(e.event_id) AS id FROM events AS e WHERE site_id = 'k' ORDER BY ${ENTRY_KEY_SQL}`,
    format: 'JSONEachRow',
  });
  const got = (await res.json<{ id: string }>()).map((r) => r.id);
  expect(new Set(got).size).toBe(ROWS.length);
  expect(got).toEqual(expected.map((r) => r.event_id));
});

it('picks the entry event with argMin among tied first page views', async () => {
  const res = await store.query({
    query: `SELECT toString(argMin(e.event_id, ${ENTRY_KEY_SQL})) AS id FROM events AS e WHERE site_id = 'k'`,
    format: 'JSONEachRow',
  });
  expect((await res.json<{ id: string }>())[0]!.id).toBe(expected[0]!.event_id);
});
