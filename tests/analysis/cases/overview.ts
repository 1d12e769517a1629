/** Overview cases: sessions, bounces, identify stitching, filters, time zones, ordering. */
import { at, ev } from '../helpers.js';
import { DAY, type AnalysisCase } from './types.js';

const range = { from: DAY, to: DAY };
const utc = (h: number, m: number, s = 0, ms = 0, d = 5) => Date.UTC(2026, 0, d, h, m, s, ms);

export const overviewCases: AnalysisCase[] = [
  {
    name: 'a visitor with one page view is one bouncing session of zero duration',
    events: [ev({ ms: at(0) })],
    analysis: 'overview',
    params: range,
    expect: { totals: { visitors: 1, sessions: 1, pageviews: 1, bounces: 1, bounce_rate: 1, avg_session_ms: 0, views_per_session: 1 } },
  },
  {
    name: 'a gap of exactly 30 minutes starts a new session; 29:59.999 does not',
    events: [
      ev({ ms: at(0), visitor_id: 'v1' }),
      ev({ ms: at(0) + 1_799_999, visitor_id: 'v1', path: '/b' }),
      ev({ ms: at(0), visitor_id: 'v2' }),
      ev({ ms: at(0) + 1_800_000, visitor_id: 'v2', path: '/b' }),
    ],
    analysis: 'overview',
    params: range,
    expect: { totals: { visitors: 2, sessions: 3, pageviews: 4, bounces: 2, avg_session_ms: 600_000 } },
  },
  {
    name: '10 s of engaged time makes a one-page session engaged; 9.999 s does not',
    events: [
      ev({ ms: at(0), visitor_id: 'v1' }),
      ev({ ms: at(1), visitor_id: 'v1', type: 'engagement', engaged_ms: 10_000 }),
      ev({ ms: at(0), visitor_id: 'v2' }),
      ev({ ms: at(1), visitor_id: 'v2', type: 'engagement', engaged_ms: 9_999 }),
    ],
    analysis: 'overview',
    params: range,
    // engagement events do not lengthen a session: durations are between touchpoints
    expect: { totals: { sessions: 2, pageviews: 2, bounces: 1, bounce_rate: 0.5, avg_session_ms: 0 } },
  },
  {
    name: 'an engagement event after a 30-minute gap joins the session in progress',
    events: [ev({ ms: at(0) }), ev({ ms: at(45), type: 'engagement', engaged_ms: 20_000 })],
    analysis: 'overview',
    params: range,
    expect: { totals: { sessions: 1, bounces: 0, avg_session_ms: 0 } },
  },
  {
    name: 'identify stitches visitor ids into one visitor, even when it comes after the range',
    events: [
      ev({ ms: at(0), visitor_id: 'phone' }),
      ev({ ms: at(5), visitor_id: 'phone', type: 'identify', user_id: 'u1' }),
      ev({ ms: at(10), visitor_id: 'laptop', path: '/cart' }),
      ev({ ms: at(24 * 60 + 5), visitor_id: 'laptop', type: 'identify', user_id: 'u1' }),
    ],
    analysis: 'overview',
    params: range,
    expect: { totals: { visitors: 1, sessions: 1, pageviews: 2, bounces: 0 } },
  },
  {
    name: 'a visitor id identified as two users belongs to its earliest identify',
    events: [
      ev({ ms: at(0), visitor_id: 'v1' }),
      ev({ ms: at(3), visitor_id: 'v1', type: 'identify', user_id: 'u2' }),
      ev({ ms: at(5), visitor_id: 'v1', type: 'identify', user_id: 'u1' }),
      ev({ ms: at(1), visitor_id: 'v3', path: '/b' }),
      ev({ ms: at(2), visitor_id: 'v3', type: 'identify', user_id: 'u2' }),
    ],
    analysis: 'overview',
    params: range,
    expect: { totals: { visitors: 1, sessions: 1, pageviews: 2 } },
  },
  {
    name: 'pages rank by views, then by path in byte (code point) order',
    events: [
      ev({ ms: at(0), visitor_id: 'v1', path: '/😀' }),
      ev({ ms: at(0), visitor_id: 'v2', path: '/\uE000' }),
      ev({ ms: at(0), visitor_id: 'v3', path: '/b' }),
      ev({ ms: at(0), visitor_id: 'v4', path: '/b' }),
    ],
    analysis: 'overview',
    params: range,
    expect: {
      pages: [
        { path: '/b', views: 2, visitors: 2, entries: 2, exits: 2, bounce_rate: 1, exit_rate: 1 },
        { path: '/\uE000', views: 1 },
        { path: '/😀', views: 1 },
      ],
    },
  },
  {
    name: 'a channel filter keeps whole Email sessions, including their internal page views',
    events: [
      ev({ ms: at(0), visitor_id: 'v1', channel: 'Email' }),
      ev({ ms: at(1), visitor_id: 'v1', path: '/cart' }),
      ev({ ms: at(0), visitor_id: 'v2' }),
    ],
    analysis: 'overview',
    params: { ...range, filters: { channel: 'Email' } },
    expect: { totals: { visitors: 1, sessions: 1, pageviews: 2 }, pages: [{ path: '/' }, { path: '/cart', views: 1, exits: 1 }] },
  },
  {
    name: 'a page filter keeps the sessions that viewed the page',
    events: [
      ev({ ms: at(0), visitor_id: 'v1' }),
      ev({ ms: at(1), visitor_id: 'v1', path: '/cart' }),
      ev({ ms: at(100), visitor_id: 'v1' }),
      ev({ ms: at(0), visitor_id: 'v2' }),
    ],
    analysis: 'overview',
    params: { ...range, filters: { page: '/cart' } },
    expect: { totals: { visitors: 1, sessions: 1, pageviews: 2 } },
  },
  {
    name: 'a property filter on an absent key never matches an empty value',
    events: [
      ev({ ms: at(0), visitor_id: 'v1', type: 'event', name: 'signup', props: { plan: '' } }),
      ev({ ms: at(0), visitor_id: 'v2', type: 'event', name: 'signup' }),
    ],
    analysis: 'overview',
    params: { ...range, filters: { props: [{ key: 'plan', value: '' }] } },
    expect: { totals: { visitors: 1, sessions: 1, pageviews: 0, bounces: 0 } },
  },
  {
    name: "the range is whole days in the site's time zone, and buckets are local hours",
    timezone: 'America/New_York',
    events: [
      ev({ ms: utc(4, 59, 59, 999), visitor_id: 'before' }),
      ev({ ms: utc(5, 0), visitor_id: 'first' }),
      ev({ ms: utc(4, 59, 59, 999, 6), visitor_id: 'last' }),
      ev({ ms: utc(5, 0, 0, 0, 6), visitor_id: 'after' }),
    ],
    analysis: 'overview',
    params: range,
    expect: {
      totals: { visitors: 2, sessions: 2 },
      interval: 'hour',
      timeseries: [
        { bucket: '2026-01-05 00:00', visitors: 1 },
        ...Array.from({ length: 22 }, () => ({ visitors: 0 })),
        { bucket: '2026-01-05 23:00', visitors: 1 },
      ],
    },
  },
  {
    name: 'realtime counts touchpoints of the last 30 minutes up to now, both ends inclusive',
    events: [
      ev({ ms: at(30) - 1, visitor_id: 'v1' }),
      ev({ ms: at(30), visitor_id: 'v2' }),
      ev({ ms: at(60), visitor_id: 'v3', path: '/cart' }),
      ev({ ms: at(60), visitor_id: 'v3', type: 'event', name: 'x' }),
      ev({ ms: at(60) + 1, visitor_id: 'v4' }),
    ],
    analysis: 'overview',
    params: { ...range, now: at(60) },
    expect: { realtime: { visitors: 2, pages: [{ path: '/', views: 1 }, { path: '/cart', views: 1 }] } },
  },
  {
    name: 'events stored out of order are read in time order; equal times order by event id',
    events: [
      ev({ ms: at(1), visitor_id: 'v1', path: '/b' }),
      ev({ ms: at(0), visitor_id: 'v1', path: '/a' }),
      ev({ ms: at(0), visitor_id: 'v2', path: '/x' }), // smaller event id: first at the same ms
      ev({ ms: at(0), visitor_id: 'v2', path: '/y' }),
    ],
    analysis: 'overview',
    params: range,
    expect: {
      entry_pages: [{ value: '/a', sessions: 1 }, { value: '/x', sessions: 1 }],
      pages: [
        { path: '/a', entries: 1, exits: 0 },
        { path: '/b', entries: 0, exits: 1 },
        { path: '/x', entries: 1, exits: 0 },
        { path: '/y', entries: 0, exits: 1 },
      ],
    },
  },
  {
    name: 'source is utm_source, else the referring domain, else (none)',
    events: [
      ev({ ms: at(0), visitor_id: 'v1', utm_source: 'newsletter', referrer_domain: 'mail.example' }),
      ev({ ms: at(0), visitor_id: 'v2', referrer_domain: 'news.ycombinator.com' }),
      ev({ ms: at(0), visitor_id: 'v3' }),
    ],
    analysis: 'overview',
    params: range,
    expect: { sources: [{ value: '(none)' }, { value: 'news.ycombinator.com' }, { value: 'newsletter' }] },
  },
];
