/**
 * Seeded random datasets and analysis params for the SQL ≡ reference property tests. Small on
 * purpose (20–60 events), but drawn so edge cases are frequent: equal timestamps, gaps of exactly
 * 30 minutes and exactly the funnel window, engagement and identify events, visitor ids linked to
 * one or two users, unicode and byte-order-sensitive paths, props with empty values, events just
 * outside the range.
 */
import type { EventRow } from '../../collector/schema/event.js';
import { ev } from './helpers.js';
import { prng } from '../../collector/demo/simulate.js';

export type Rng = () => number;

/** The demo simulator's seeded PRNG (mulberry32): one implementation for test data and demo data. */
export const rng: (seed: number) => Rng = prng;

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Rng, p: number) => r() < p;

export const PATHS = ['/', '/product/a', '/product/ü', '/product/😀', '/cart', '/checkout', '/blog/x/y', '/c/\uE000', '/c/d'];
export const EVENTS = ['add_to_cart', 'signup', 'purchase', 'feedback'];
export const CHANNELS = ['Direct', 'Email', 'Organic Search', 'Paid Social'];
export const TIMEZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];
const SOURCES: [string, string][] = [['', ''], ['newsletter', ''], ['', 'google.com'], ['ads', 'facebook.com']];
const WINDOWS = [60_000, 600_000, 3_600_000, 86_400_000, 604_800_000, 604_800_000];

/** Gaps between a visitor's consecutive events: many land exactly on session/window edges. */
const GAPS = [0, 0, 0, 1, 1000, 59_999, 60_000, 600_000, 600_001, 1_799_999, 1_800_000, 1_800_001, 3_600_000, 7_200_000];

/** The analysed days are 2026-03-28 and 2026-03-29 (a DST change in Europe); data spills a day each side. */
export const FROM = '2026-03-28';
export const TO = '2026-03-29';
const START = Date.UTC(2026, 2, 27, 23, 0, 0);

export const hex = (r: Rng, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');

/**
 * Random event ids. A third reuse the second half of an earlier id, so ties on time are broken
 * by the first half too (ClickHouse compares the second 64 bits of a UUID first).
 */
function eventId(r: Rng, earlier: readonly EventRow[]): string {
  const prev = earlier.length && chance(r, 0.33) ? pick(r, earlier).event_id.slice(19) : `${hex(r, 4)}-${hex(r, 12)}`;
  return `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${prev}`;
}

const LOADS = [0, 0, 1, 999, 1000, 1999, 2000, 3999, 4000, 7999, 8000, 30_000, 2500, 2500];
const REVENUES = [null, 0, 10.5, 19.99, 0.1, 1e-7, 123_456.789, 2.5e-7];
const SCORES = ['1', '5', '3.5', '-2', 'great', '', '1e3', '0.0000005', '123456', '1234567', ' 4'];

/**
 * Load time, revenue and feedback scores: taken from the event's index rather than the generator
 * (so the other fields stay as they were), edge values often.
 */
function withExtras(i: number, row: EventRow): EventRow {
  if (row.type === 'pageview') return { ...row, load_ms: LOADS[i % LOADS.length]! };
  if (row.type === 'event' && row.name === 'purchase') return { ...row, revenue: REVENUES[i % REVENUES.length]! };
  if (row.type === 'event' && row.name === 'feedback' && i % 4 !== 3) return { ...row, props: { ...row.props, score: SCORES[i % SCORES.length]! } };
  return row;
}

export function dataset(seed: number, site: string): EventRow[] {
  const r = rng(seed);
  const visitors = Array.from({ length: 1 + Math.floor(r() * 4) }, (_, i) => `v${i}`);
  const users = ['u1', 'u2'];
  const total = 20 + Math.floor(r() * 41);
  const clock = new Map<string, number>(visitors.map((v) => [v, START + Math.floor(r() * 30) * 3_600_000]));
  const rows: EventRow[] = [];
  for (let i = 0; i < total; i++) {
    const visitor_id = pick(r, visitors);
    const ms = clock.get(visitor_id)! + pick(r, GAPS);
    clock.set(visitor_id, ms);
    const roll = r();
    const type = roll < 0.55 ? 'pageview' : roll < 0.8 ? 'event' : roll < 0.94 ? 'engagement' : 'identify';
    const [utm_source, referrer_domain] = pick(r, SOURCES);
    rows.push(
      withExtras(i, ev({
        ms,
        site_id: site,
        event_id: eventId(r, rows),
        visitor_id,
        type,
        name: type === 'event' ? pick(r, EVENTS) : '',
        user_id: type === 'identify' ? pick(r, users) : '',
        path: pick(r, PATHS),
        channel: pick(r, CHANNELS),
        utm_source,
        referrer_domain,
        utm_campaign: chance(r, 0.3) ? pick(r, ['spring', 'Spring']) : '',
        device: pick(r, ['desktop', 'mobile']),
        country: pick(r, ['DE', 'US', '']),
        engaged_ms: type === 'engagement' ? pick(r, [0, 5000, 9999, 10_000, 30_000]) : 0,
        props: chance(r, 0.3) ? { plan: pick(r, ['pro', 'free', '']) } : {},
      })),
    );
  }
  // Stored in random order: nothing may depend on insertion order.
  return rows.sort(() => r() - 0.5);
}

function matcher(r: Rng): object {
  const props = chance(r, 0.2) ? { props: { plan: 'pro' } } : {};
  return chance(r, 0.6) ? { path: pick(r, ['/', '/product/*', '/**', '/cart', '/c/*', '/product/ü', '/checkout']), ...props } : { event: pick(r, EVENTS), ...props };
}

/**
 * A random journey. Most are built from one visitor's actual touchpoints in time order, so that
 * people do progress through the stages (purely random stages rarely get past stage 1).
 */
export function journey(r: Rng, rows: readonly EventRow[], minStages = 1): object {
  const n = minStages + Math.floor(r() * (5 - minStages));
  const touch = rows.filter((x) => x.visitor_id === pick(r, rows).visitor_id && (x.type === 'pageview' || x.type === 'event'));
  touch.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  const fromData = chance(r, 0.7) && touch.length >= n;
  const start = fromData ? Math.floor(r() * (touch.length - n + 1)) : 0;
  const stageMatcher = (i: number) => {
    const t = touch[start + i];
    if (!fromData || !t) return matcher(r);
    return t.type === 'event' ? { event: t.name } : { path: t.path };
  };
  return {
    name: 'random',
    stages: Array.from({ length: n }, (_, i) => ({
      name: `s${i + 1}`,
      matchers: [stageMatcher(i), ...(chance(r, 0.3) ? [matcher(r)] : [])],
    })),
    window_ms: pick(r, WINDOWS),
    strict_order: chance(r, 0.2),
    scope: chance(r, 0.3) ? 'session' : 'visitor',
  };
}

export function filters(r: Rng): object {
  const f: Record<string, unknown> = {};
  if (chance(r, 0.5)) return f;
  const k = pick(r, ['channel', 'page', 'event', 'props', 'country', 'entry_page', 'source']);
  if (k === 'channel') f.channel = pick(r, CHANNELS);
  if (k === 'page') f.page = pick(r, PATHS);
  if (k === 'event') f.event = pick(r, EVENTS);
  if (k === 'props') f.props = [{ key: 'plan', value: pick(r, ['pro', '']) }];
  if (k === 'country') f.country = pick(r, ['DE', '(none)']);
  if (k === 'entry_page') f.entry_page = pick(r, PATHS);
  if (k === 'source') f.source = pick(r, ['newsletter', 'google.com', '(none)']);
  return f;
}
