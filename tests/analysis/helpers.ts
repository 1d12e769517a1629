/**
 * Shared setup for analysis tests: a real embedded ClickHouse with the migrations applied (one
 * temp data dir per test file), and a compact way to write events.
 */
import { eventRowSchema, type EventRow } from '../../collector/schema/event.js';
import { openStore, type Store } from '../../collector/storage/clickhouse.js';
import { migrate } from '../../collector/storage/migrator.js';
import { toClickHouseTime } from '../../collector/storage/time.js';
import { tempDir } from '../helpers/server.js';

export async function openAnalysisStore(): Promise<Store> {
  const store = await openStore({ kind: 'embedded', path: tempDir('waymark-analysis-') });
  await migrate(store);
  return store;
}

/** Deterministic, distinct, lower-case UUIDs: the n-th id of a test. */
export function uuid(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0); // Monday 2026-01-05 09:00 UTC

/** Minutes after T0 (fractions allowed: ms precision). */
export const at = (minutes: number) => T0 + Math.round(minutes * 60_000);

let counter = 0;

export interface EventSpec extends Partial<Omit<EventRow, 'ts'>> {
  /** ms since epoch */
  ms: number;
}

/** A full row with neutral defaults; pass only what the test is about. */
export function ev(spec: EventSpec): EventRow {
  const { ms, ...rest } = spec;
  return eventRowSchema.parse({
    site_id: 'case',
    ts: toClickHouseTime(ms),
    event_id: uuid(++counter),
    visitor_id: 'v1',
    user_id: '',
    type: 'pageview',
    name: '',
    path: '/',
    hostname: 'shop.example',
    query: '',
    title: '',
    referrer: '',
    referrer_domain: '',
    channel: 'Direct',
    utm_source: '',
    utm_medium: '',
    utm_campaign: '',
    utm_term: '',
    utm_content: '',
    click_id_type: '',
    device: 'desktop',
    browser: 'Chrome',
    os: 'Linux',
    country: 'DE',
    language: 'en',
    screen_class: 'desktop',
    engaged_ms: 0,
    load_ms: 0,
    revenue: null,
    props: {},
    ...rest,
  });
}

export async function insertRows(store: Store, rows: readonly EventRow[]): Promise<void> {
  if (rows.length) await store.insert({ table: 'events', values: [...rows], format: 'JSONEachRow' });
}
