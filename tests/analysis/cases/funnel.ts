/** Funnel cases: windowFunnel semantics at its edges, scopes, stitching, quantiles, breakdowns. */
import type { EventRow } from '../../../collector/schema/event.js';
import { at, ev } from '../helpers.js';
import { DAY, type AnalysisCase } from './types.js';

const range = { from: DAY, to: DAY };
const page = (path: string) => ({ path });
const stage = (name: string, ...matchers: object[]) => ({ name, matchers });

/** land → product → purchase */
export const shop = {
  name: 'shop',
  stages: [stage('land', page('/')), stage('product', page('/product/*')), stage('buy', { event: 'purchase' })],
};
/** land → cart, with a window */
const toCart = (extra: object = {}) => ({ name: 'cart', stages: [stage('land', page('/')), stage('cart', page('/cart'))], ...extra });

const pv = (visitor_id: string, minutes: number, path: string, more: Partial<EventRow> = {}) =>
  ev({ ms: at(minutes), visitor_id, path, ...more });
const buy = (visitor_id: string, minutes: number) => ev({ ms: at(minutes), visitor_id, type: 'event', name: 'purchase' });

/** n visitors on a channel, the first `converted` of whom reach /cart after `/`. */
const cohort = (channel: string, n: number, converted: number) =>
  Array.from({ length: n }, (_, i) => [
    pv(`${channel}-${i}`, 0, '/', { channel }),
    ...(i < converted ? [pv(`${channel}-${i}`, 1, '/cart')] : []),
  ]).flat();

export const funnelCases: AnalysisCase[] = [
  {
    name: 'counts, conversions, drop-offs and times per stage',
    events: [
      pv('v1', 0, '/'), pv('v1', 1, '/product/a'), buy('v1', 2),
      pv('v2', 0, '/'), pv('v2', 3, '/product/b'),
      pv('v3', 0, '/'),
      pv('v4', 0, '/product/a'),
    ],
    analysis: 'funnel',
    params: { ...range, journey: shop },
    expect: {
      units: 4,
      stages: [
        { reached: 3, conversion_from_previous: 0.75, conversion_from_first: 1, dropped: 1, dropoff_rate: 0.333333, median_ms_from_previous: null },
        { reached: 2, conversion_from_previous: 0.666667, conversion_from_first: 0.666667, dropped: 1, dropoff_rate: 0.5, median_ms_from_previous: 180_000, p75_ms_from_previous: 180_000 },
        { reached: 1, conversion_from_previous: 0.5, conversion_from_first: 0.333333, dropped: null, median_ms_from_previous: 60_000 },
      ],
      time_to_convert: { conversions: 1, median_ms: 120_000, histogram: [{ count: 0 }, { label: '1m–5m', count: 1 }, ...Array.from({ length: 7 }, () => ({ count: 0 }))] },
    },
  },
  {
    name: 'the window is inclusive: exactly 10 minutes converts, one millisecond more does not',
    events: [pv('v1', 0, '/'), pv('v1', 10, '/cart'), pv('v2', 0, '/'), ev({ ms: at(10) + 1, visitor_id: 'v2', path: '/cart' })],
    analysis: 'funnel',
    params: { ...range, journey: toCart({ window_ms: 600_000 }) },
    expect: { stages: [{ reached: 2 }, { reached: 1, median_ms_from_previous: 600_000 }] },
  },
  {
    name: 'a later stage at the same millisecond counts, whatever the stored order',
    events: [pv('v1', 0, '/cart'), pv('v1', 0, '/')],
    analysis: 'funnel',
    params: { ...range, journey: toCart() },
    expect: { stages: [{ reached: 1 }, { reached: 1, median_ms_from_previous: 0 }] },
  },
  {
    name: 'one event matching two stages reaches both (windowFunnel semantics)',
    events: [pv('v1', 0, '/product/a')],
    analysis: 'funnel',
    params: { ...range, journey: { name: 'j', stages: [stage('any product', page('/product/*')), stage('deep', page('/product/**'))] } },
    expect: { stages: [{ reached: 1 }, { reached: 1 }] },
  },
  {
    name: 'a repeated stage 1 restarts the window',
    events: [pv('v1', 0, '/'), pv('v1', 5, '/'), pv('v1', 14, '/cart')],
    analysis: 'funnel',
    params: { ...range, journey: toCart({ window_ms: 600_000 }) },
    expect: { stages: [{ reached: 1 }, { reached: 1, median_ms_from_previous: 540_000 }] },
  },
  {
    name: 'strict order stops at an intervening touchpoint',
    events: [pv('v1', 0, '/'), pv('v1', 1, '/blog'), pv('v1', 2, '/cart')],
    analysis: 'funnel',
    params: { ...range, journey: toCart({ strict_order: true }) },
    expect: { stages: [{ reached: 1 }, { reached: 0 }] },
  },
  {
    name: 'strict order stops at a stage that comes before its previous one',
    // land → buy (stage 3 before stage 2 was reached) ends the scan; the product page after it no longer counts.
    events: [pv('v1', 0, '/'), buy('v1', 1), pv('v1', 2, '/product/a'), pv('v2', 0, '/'), pv('v2', 1, '/product/a'), buy('v2', 2)],
    analysis: 'funnel',
    params: { ...range, journey: { ...shop, strict_order: true } },
    expect: { stages: [{ reached: 2 }, { reached: 1 }, { reached: 1 }] },
  },
  {
    name: 'without strict order other touchpoints may come between stages',
    events: [pv('v1', 0, '/'), pv('v1', 1, '/blog'), pv('v1', 2, '/cart')],
    analysis: 'funnel',
    params: { ...range, journey: toCart() },
    expect: { stages: [{ reached: 1 }, { reached: 1 }] },
  },
  {
    name: 'engagement events do not break strict order (they are not touchpoints)',
    events: [pv('v1', 0, '/'), ev({ ms: at(1), visitor_id: 'v1', type: 'engagement', engaged_ms: 5000 }), pv('v1', 2, '/cart')],
    analysis: 'funnel',
    params: { ...range, journey: toCart({ strict_order: true }) },
    expect: { stages: [{ reached: 1 }, { reached: 1 }] },
  },
  {
    name: 'visitor scope spans sessions',
    events: [pv('v1', 0, '/'), pv('v1', 40, '/cart')],
    analysis: 'funnel',
    params: { ...range, journey: toCart() },
    expect: { unit: 'visitor', units: 1, stages: [{ reached: 1 }, { reached: 1 }] },
  },
  {
    name: 'session scope judges each session on its own',
    events: [pv('v1', 0, '/'), pv('v1', 40, '/cart')],
    analysis: 'funnel',
    params: { ...range, journey: toCart({ scope: 'session' }) },
    expect: { unit: 'session', units: 2, stages: [{ reached: 1 }, { reached: 0 }] },
  },
  {
    name: 'identify stitches one journey across devices',
    events: [
      pv('phone', 0, '/'),
      ev({ ms: at(1), visitor_id: 'phone', type: 'identify', user_id: 'u1' }),
      ev({ ms: at(10), visitor_id: 'laptop', type: 'identify', user_id: 'u1' }),
      pv('laptop', 11, '/cart'),
    ],
    analysis: 'funnel',
    params: { ...range, journey: toCart() },
    expect: { units: 1, stages: [{ reached: 1 }, { reached: 1, median_ms_from_previous: 660_000 }] },
  },
  {
    name: 'median and p75 follow quantileExact: element floor(level·n) of the sorted values',
    events: [1, 2, 3, 4].flatMap((m) => [pv(`v${m}`, 0, '/'), pv(`v${m}`, m, '/cart')]),
    analysis: 'funnel',
    params: { ...range, journey: toCart() },
    expect: { stages: [{}, { median_ms_from_previous: 180_000, p75_ms_from_previous: 240_000 }] },
  },
  {
    name: 'a breakdown flags segments that convert significantly differently from the rest',
    events: [...cohort('Email', 20, 18), ...cohort('Direct', 20, 5)],
    analysis: 'funnel',
    params: { ...range, journey: toCart(), breakdown: 'channel' },
    expect: {
      breakdown: {
        by: 'channel',
        segments: [
          { value: 'Direct', units: 20, stages: [{ reached: 20, significant: false, z: null }, { reached: 5, conversion_from_previous: 0.25, z: -4.158, significant: true }] },
          { value: 'Email', units: 20, stages: [{ reached: 20, significant: false }, { reached: 18, z: 4.158, significant: true }] },
        ],
      },
    },
  },
  {
    name: 'a touchpoint before the range makes a visitor returning',
    events: [pv('old', -24 * 60, '/blog'), pv('old', 0, '/'), pv('new', 0, '/'), pv('new', 1, '/cart')],
    analysis: 'funnel',
    params: { ...range, journey: toCart(), breakdown: 'visitor_type' },
    expect: {
      breakdown: { segments: [{ value: 'new', units: 1, stages: [{}, { reached: 1 }] }, { value: 'returning', units: 1, stages: [{}, { reached: 0 }] }] },
    },
  },
  {
    name: 'time to convert lands in its histogram bucket',
    events: [
      pv('v1', 0, '/'), ev({ ms: at(0.5), visitor_id: 'v1', path: '/cart' }),
      pv('v2', 0, '/'), pv('v2', 10, '/cart'),
      pv('v3', 0, '/'), pv('v3', 2 * 24 * 60, '/cart'),
    ],
    analysis: 'funnel',
    params: { from: DAY, to: '2026-01-08', journey: toCart() },
    expect: {
      time_to_convert: {
        conversions: 3,
        median_ms: 600_000,
        p75_ms: 2 * 86_400_000,
        histogram: [{ label: '<1m', count: 1 }, { count: 0 }, { label: '5m–15m', count: 1 }, {}, {}, {}, { label: '1d–3d', count: 1 }, {}, {}],
      },
    },
  },
  {
    name: 'trend: units by the day they reached stage 1, empty days included, incomplete while the window reaches past the range',
    events: [
      pv('v1', 0, '/'), pv('v1', 60, '/cart'),
      pv('v2', 0, '/'),
      pv('v3', 24 * 60, '/'), pv('v3', 24 * 60 + 5, '/cart'),
      pv('v4', 0, '/cart'),
    ],
    analysis: 'funnel',
    params: { from: DAY, to: '2026-01-07', journey: toCart({ window_ms: 86_400_000 }) },
    expect: {
      trend: {
        interval: 'day',
        buckets: [
          { bucket: '2026-01-05', reached: [2, 1], conversion_rate: 0.5, complete: true },
          { bucket: '2026-01-06', reached: [1, 1], conversion_rate: 1, complete: true },
          { bucket: '2026-01-07', reached: [0, 0], conversion_rate: null, complete: false },
        ],
      },
    },
  },
  {
    name: 'trend per segment of a breakdown: each shown segment over the same buckets, in the breakdown\'s order',
    events: [
      pv('m1', 0, '/', { device: 'mobile' }), pv('m1', 1, '/cart', { device: 'mobile' }),
      pv('m2', 0, '/', { device: 'mobile' }),
      pv('m3', 24 * 60, '/', { device: 'mobile' }),
      pv('d1', 24 * 60, '/', { device: 'desktop' }), pv('d1', 24 * 60 + 1, '/cart', { device: 'desktop' }),
    ],
    analysis: 'funnel',
    params: { from: DAY, to: '2026-01-06', interval: 'day', breakdown: 'device', journey: toCart({ window_ms: 600_000 }) },
    expect: {
      breakdown: { segments: [{ value: 'mobile', units: 3 }, { value: 'desktop', units: 1 }] },
      trend: {
        buckets: [{ bucket: '2026-01-05', reached: [2, 1] }, { bucket: '2026-01-06', reached: [2, 1] }],
        segments: [
          { value: 'mobile', buckets: [{ reached: [2, 1], conversion_rate: 0.5 }, { reached: [1, 0], conversion_rate: 0 }] },
          { value: 'desktop', buckets: [{ reached: [0, 0], conversion_rate: null }, { reached: [1, 1], conversion_rate: 1 }] },
        ],
      },
    },
  },
  {
    name: 'trend: a unit counts where the chain that converted began, not where it was first seen',
    events: [
      pv('v1', 0, '/'), pv('v1', 24 * 60, '/'), pv('v1', 24 * 60 + 10, '/cart'),
      pv('v2', 0, '/'), pv('v2', 5, '/cart'),
    ],
    analysis: 'funnel',
    params: { from: DAY, to: '2026-01-06', interval: 'day', journey: toCart({ window_ms: 600_000 }) },
    expect: {
      stages: [{ reached: 2 }, { reached: 2 }],
      trend: {
        interval: 'day',
        buckets: [
          { bucket: '2026-01-05', reached: [1, 1], complete: true },
          { bucket: '2026-01-06', reached: [1, 1], complete: false },
        ],
      },
    },
  },
  {
    name: 'trend: sessions counted per session, in hours of the range by default',
    events: [pv('v1', 0, '/'), pv('v1', 1, '/cart'), pv('v1', 120, '/'), pv('v2', 61, '/')],
    analysis: 'funnel',
    params: { from: '2026-01-05T09', to: '2026-01-05T11', journey: toCart({ scope: 'session', window_ms: 600_000 }) },
    expect: {
      unit: 'session',
      trend: {
        interval: 'hour',
        buckets: [
          { bucket: '2026-01-05 09:00', reached: [1, 1], complete: true },
          { bucket: '2026-01-05 10:00', reached: [1, 0], complete: true },
          { bucket: '2026-01-05 11:00', reached: [1, 0], complete: false },
        ],
      },
    },
  },
  {
    name: 'trend: days of a half-hour zone begin at its midnight (Asia/Kolkata, UTC+5:30)',
    timezone: 'Asia/Kolkata',
    events: [pv('v1', 569, '/'), pv('v2', 571, '/'), pv('v2', 572, '/cart')],
    analysis: 'funnel',
    params: { from: DAY, to: '2026-01-06', interval: 'day', journey: toCart({ window_ms: 600_000 }) },
    expect: {
      trend: {
        buckets: [
          { bucket: '2026-01-05', reached: [1, 0], conversion_rate: 0, complete: true },
          { bucket: '2026-01-06', reached: [1, 1], conversion_rate: 1, complete: false },
        ],
      },
    },
  },
];
