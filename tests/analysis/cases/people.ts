/**
 * People cases: the list of people seen (visitors) and one person's journey (visitor) — who
 * counts as one person, sessions newest first, the newest-first cut, stages marked.
 */
import { at, ev } from '../helpers.js';
import { DAY, type AnalysisCase } from './types.js';

const range = { from: DAY, to: DAY };
const pv = (visitor_id: string, minutes: number, path: string, more = {}) => ev({ ms: at(minutes), visitor_id, path, ...more });
const event = (visitor_id: string, minutes: number, name: string, more = {}) => ev({ ms: at(minutes), visitor_id, type: 'event', name, ...more });
const identify = (visitor_id: string, minutes: number, user_id: string) => ev({ ms: at(minutes), visitor_id, type: 'identify', user_id });

/** A customer on a phone (before signing in, then signed in) and on a laptop, and someone else. */
const customer = [
  pv('phone', 0, '/', { channel: 'Paid Social', utm_source: 'instagram', device: 'mobile', country: 'DE' }),
  pv('phone', 2, '/product/shoe', { device: 'mobile', country: 'DE' }),
  event('phone', 3, 'add_to_cart', { props: { sku: 'A1' }, device: 'mobile' }),
  identify('phone', 4, 'anna@example.com'),
  ev({ ms: at(4.5), visitor_id: 'phone', type: 'engagement', engaged_ms: 4000 }),
  // 2 h later on a laptop: a new session (the gap is 30 minutes).
  pv('laptop', 120, '/cart', { channel: 'Email', utm_source: 'newsletter', utm_campaign: 'spring', device: 'desktop', country: 'AT' }),
  identify('laptop', 121, 'anna@example.com'),
  pv('laptop', 122, '/checkout', { device: 'desktop', country: 'AT' }),
  event('laptop', 125, 'purchase', { revenue: 19.9, device: 'desktop', country: 'AT' }),
  event('laptop', 126, 'purchase', { revenue: 0.1, device: 'desktop', country: 'AT' }),
  // The day before: the identify still counts (links come from all time); the page view does not (range).
  ev({ ms: at(-24 * 60), visitor_id: 'tablet', path: '/old' }),
  identify('tablet', -24 * 60 + 1, 'anna@example.com'),
  // A shared device that first identified as someone else is that someone else's.
  identify('kiosk', 10, 'bob'),
  pv('kiosk', 11, '/'),
  identify('kiosk', 12, 'anna@example.com'),
  // Another visitor, who bounced.
  pv('stranger', 130, '/blog', { channel: 'Organic Search', referrer_domain: 'google.com' }),
];

const checkout = {
  name: 'checkout',
  stages: [
    { name: 'Product', matchers: [{ path: '/product/*' }] },
    { name: 'Cart', matchers: [{ event: 'add_to_cart' }, { path: '/cart' }] },
    { name: 'Purchase', matchers: [{ event: 'purchase' }] },
  ],
};

export const peopleCases: AnalysisCase[] = [
  {
    name: 'people: one row per person (a user id with every device), most recently seen first, ties by id',
    events: [...customer, pv('zed', 130, '/'), pv('amy', 130, '/about')],
    analysis: 'visitors',
    params: range,
    expect: {
      total: 5,
      people: [
        { person: 'amy', identified: false, last_touchpoint: '/about', pageviews: 1, events: 0 },
        { person: 'stranger', first_channel: 'Organic Search' },
        { person: 'zed' },
        {
          person: 'anna@example.com',
          identified: true,
          visitor_ids: 2,
          first_ms: at(0),
          last_ms: at(126),
          pageviews: 4,
          events: 3,
          revenue: 20,
          first_channel: 'Paid Social',
          last_touchpoint: 'event:purchase',
          device: 'desktop',
          country: 'AT',
        },
        { person: 'bob', identified: true, visitor_ids: 1, pageviews: 1 },
      ],
    },
  },
  {
    name: 'people: limit keeps the most recent; total counts all',
    events: customer,
    analysis: 'visitors',
    params: { ...range, limit: 1 },
    expect: { total: 3, people: [{ person: 'stranger' }] },
  },
  {
    name: "person by user id: both devices and the visits before signing in, sessions newest first, a shared device's first user keeps it",
    events: customer,
    analysis: 'visitor',
    params: { ...range, id: 'anna@example.com', journey: checkout },
    expect: {
      id: 'anna@example.com',
      person: 'anna@example.com',
      identified: true,
      visitor_ids: ['laptop', 'phone'],
      identifies: [
        { first_ms: at(-24 * 60 + 1), last_ms: at(-24 * 60 + 1), count: 1, visitor_id: 'tablet', user_id: 'anna@example.com' },
        { first_ms: at(4), visitor_id: 'phone', user_id: 'anna@example.com' },
        { first_ms: at(121), visitor_id: 'laptop', user_id: 'anna@example.com' },
      ],
      totals: { sessions: 2, pageviews: 4, events: 3, revenue: 20, engaged_ms: 4000, first_ms: at(0), last_ms: at(126) },
      events_in_range: 10,
      shown: 10,
      sessions: [
        {
          n: 2,
          start_ms: at(120),
          end_ms: at(126),
          entry_page: '/cart',
          exit_page: '/checkout',
          channel: 'Email',
          source: 'newsletter',
          campaign: 'spring',
          medium: '(none)',
          device: 'desktop',
          country: 'AT',
          pageviews: 2,
          events: 2,
          revenue: 20,
          bounced: false,
          stages: [2, 3],
          timeline: [
            { ms: at(120), type: 'pageview', path: '/cart', visitor_id: 'laptop', stages: [2] },
            { ms: at(121), type: 'identify', user_id: 'anna@example.com', stages: [] },
            { ms: at(122), type: 'pageview', path: '/checkout', stages: [] },
            { ms: at(125), type: 'event', name: 'purchase', revenue: 19.9, stages: [3] },
            { ms: at(126), type: 'event', name: 'purchase', revenue: 0.1, stages: [3] },
          ],
        },
        {
          n: 1,
          start_ms: at(0),
          end_ms: at(3),
          entry_page: '/',
          exit_page: '/product/shoe',
          channel: 'Paid Social',
          source: 'instagram',
          device: 'mobile',
          engaged_ms: 4000,
          bounced: false,
          stages: [1, 2],
          timeline: [
            { type: 'pageview', path: '/', stages: [] },
            { type: 'pageview', path: '/product/shoe', stages: [1] },
            { type: 'event', name: 'add_to_cart', props: { sku: 'A1' }, stages: [2] },
            { type: 'identify', user_id: 'anna@example.com', visitor_id: 'phone' },
            { type: 'engagement', engaged_ms: 4000, stages: [] },
          ],
        },
      ],
    },
  },
  {
    name: "person by one of their visitor ids: it is the user they identified as; the shared device stays bob's",
    events: customer,
    analysis: 'visitor',
    params: { ...range, id: 'laptop' },
    expect: { id: 'laptop', person: 'anna@example.com', visitor_ids: ['laptop', 'phone'], totals: { sessions: 2 } },
  },
  {
    name: 'person: a shared device is the person it first identified as',
    events: customer,
    analysis: 'visitor',
    params: { ...range, id: 'kiosk' },
    expect: { person: 'bob', identified: true, visitor_ids: ['kiosk'], totals: { sessions: 1, pageviews: 1 } },
  },
  {
    name: 'person: a bounced visit; an unknown id is an empty journey, not an error',
    events: customer,
    analysis: 'visitor',
    params: { ...range, id: 'stranger' },
    expect: { person: 'stranger', identified: false, identifies: [], sessions: [{ n: 1, bounced: true, channel: 'Organic Search', source: 'google.com', stages: [] }] },
  },
  {
    name: 'person: unknown id',
    events: customer,
    analysis: 'visitor',
    params: { ...range, id: 'nobody' },
    expect: { person: 'nobody', identified: false, visitor_ids: [], sessions: [], events_in_range: 0, shown: 0, totals: { sessions: 0, first_ms: null, last_ms: null } },
  },
  {
    name: 'person: more events than the limit shows the newest, sessions from those',
    events: customer,
    analysis: 'visitor',
    params: { ...range, id: 'anna@example.com', limit: 3 },
    expect: {
      events_in_range: 10,
      shown: 3,
      totals: { sessions: 1, pageviews: 1, events: 2 },
      sessions: [{ n: 1, start_ms: at(122), timeline: [{ path: '/checkout' }, { name: 'purchase' }, { name: 'purchase' }] }],
    },
  },
  {
    name: 'person: a sign-in a whole gap after the last visit is shown in the next visit; engagement stays in the visit in progress',
    events: [
      pv('d1', 0, '/'),
      ev({ ms: at(50), visitor_id: 'd1', type: 'engagement', engaged_ms: 20_000 }),
      identify('d2', 59, 'carl'),
      pv('d2', 60, '/account'),
      identify('d1', 61, 'carl'),
    ],
    analysis: 'visitor',
    params: { ...range, id: 'carl' },
    expect: {
      sessions: [
        { n: 2, timeline: [{ type: 'identify', visitor_id: 'd2' }, { type: 'pageview' }, { type: 'identify', visitor_id: 'd1' }] },
        { n: 1, engaged_ms: 20_000, timeline: [{ type: 'pageview' }, { type: 'engagement' }] },
      ],
    },
  },
  {
    name: 'people behind a funnel level: who reached the cart and not the purchase, under a filter',
    events: [
      ...customer,
      // Reached the cart, not the purchase: dropped at stage 2.
      pv('cart-only', 200, '/product/sock', { channel: 'Email' }), pv('cart-only', 201, '/cart'),
      pv('cart-mobile', 202, '/product/sock', { channel: 'Email', device: 'mobile' }), pv('cart-mobile', 203, '/cart', { device: 'mobile' }),
    ],
    analysis: 'visitors',
    params: { ...range, journey: checkout, stage: 2, filters: { device: 'desktop' } },
    expect: { total: 1, people: [{ person: 'cart-only', pageviews: 2 }] },
  },
  {
    name: 'filters without a journey: the people with a session that passes them, with all their figures',
    events: customer,
    analysis: 'visitors',
    params: { ...range, filters: { event: 'add_to_cart' } },
    // Anna added to cart on her phone; her figures still count her laptop visit too.
    expect: { total: 1, people: [{ person: 'anna@example.com', visitor_ids: 2, pageviews: 4, events: 3, revenue: 20 }] },
  },
  {
    name: 'filters without a journey select sessions: an entry channel',
    events: customer,
    analysis: 'visitors',
    params: { ...range, filters: { channel: 'Organic Search' } },
    expect: { total: 1, people: [{ person: 'stranger' }] },
  },
  {
    name: 'people behind the last level: who converted',
    events: customer,
    analysis: 'visitors',
    params: { ...range, journey: checkout, stage: 3 },
    expect: { total: 1, people: [{ person: 'anna@example.com', revenue: 20 }] },
  },
  {
    name: 'person: a site that identifies on every page view shows each sign-in once per session, and counts them',
    events: [
      pv('e1', 0, '/'), identify('e1', 0.1, 'dora'),
      pv('e1', 1, '/a'), identify('e1', 1.1, 'dora'),
      pv('e1', 2, '/b'), identify('e1', 2.1, 'dora'),
      pv('e1', 90, '/c'), identify('e1', 90.1, 'dora'),
    ],
    analysis: 'visitor',
    params: { ...range, id: 'dora' },
    expect: {
      identifies: [{ visitor_id: 'e1', user_id: 'dora', first_ms: at(0.1), last_ms: at(90.1), count: 4 }],
      events_in_range: 8,
      shown: 8,
      sessions: [
        { n: 2, timeline: [{ path: '/c' }, { type: 'identify' }] },
        { n: 1, timeline: [{ path: '/' }, { type: 'identify' }, { path: '/a' }, { path: '/b' }] },
      ],
    },
  },
  {
    name: 'people of a retention cohort: all of its new people (period 0), or those back so many days later; not those seen before the range',
    events: [
      pv('old', -16 * 1440, '/'), pv('old', -7 * 1440, '/'),
      pv('a', -7 * 1440, '/'), pv('a', -6 * 1440, '/cart'),
      pv('b', -7 * 1440 + 5, '/'),
      pv('c', -6 * 1440, '/'),
    ],
    analysis: 'visitors',
    params: { from: '2025-12-29', to: '2026-01-04', cohort: '2025-12-29' },
    expect: { total: 2, people: [{ person: 'a', last_touchpoint: '/cart' }, { person: 'b' }] },
  },
  {
    name: 'people of a retention cohort not back on any later day (whom to win back)',
    events: [pv('a', -7 * 1440, '/'), pv('a', -6 * 1440, '/cart'), pv('b', -7 * 1440 + 5, '/'), pv('c', -6 * 1440, '/')],
    analysis: 'visitors',
    params: { from: '2025-12-29', to: '2026-01-04', cohort: '2025-12-29', lost: true },
    expect: { total: 1, people: [{ person: 'b' }] },
  },
  {
    name: 'people of a retention cohort back on day 1',
    events: [pv('a', -7 * 1440, '/'), pv('a', -6 * 1440, '/cart'), pv('b', -7 * 1440 + 5, '/')],
    analysis: 'visitors',
    params: { from: '2025-12-29', to: '2026-01-04', cohort: '2025-12-29', period: 1, interval: 'day' },
    expect: { total: 1, people: [{ person: 'a' }] },
  },
];
