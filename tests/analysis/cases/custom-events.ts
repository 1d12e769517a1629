/** Custom events cases: counts, distinct (stitched) visitors, goal rates, revenue, props, filters. */
import { at, ev } from '../helpers.js';
import { DAY, type AnalysisCase } from './types.js';

const range = { from: DAY, to: DAY };
const pv = (visitor_id: string, minutes: number, path = '/', more = {}) => ev({ ms: at(minutes), visitor_id, path, ...more });
const ce = (visitor_id: string, minutes: number, name: string, more = {}) => ev({ ms: at(minutes), visitor_id, type: 'event', name, ...more });

export const customEventsCases: AnalysisCase[] = [
  {
    name: 'per name: events, distinct visitors, their share of all visitors, revenue in millionths',
    events: [
      pv('v1', 0), ce('v1', 1, 'add_to_cart', { revenue: 19.9 }), ce('v1', 2, 'add_to_cart', { revenue: 0.1 }), ce('v1', 3, 'purchase', { revenue: 20.000001 }),
      pv('v2', 0), ce('v2', 1, 'add_to_cart', { revenue: 5 }),
      pv('v3', 0),
      pv('v4', 0), ce('v4', 1, 'newsletter'),
      // A page view carrying revenue is no custom event.
      pv('v5', 0, '/', { revenue: 99 }),
    ],
    analysis: 'custom_events',
    params: range,
    expect: {
      totals: { visitors: 5, events: 5, revenue: 45.000001 },
      events: [
        { name: 'add_to_cart', events: 3, visitors: 2, conversion_rate: 0.4, revenue: 25 },
        { name: 'newsletter', events: 1, visitors: 1, conversion_rate: 0.2, revenue: 0 },
        { name: 'purchase', events: 1, visitors: 1, conversion_rate: 0.2, revenue: 20.000001 },
      ],
      // Without a name, no series.
      series: null,
      props: [],
    },
  },
  {
    name: 'one event\'s property values, most frequent first, ties by key then value; share of that event\'s count',
    events: [
      pv('v1', 0), ce('v1', 1, 'add_to_cart', { props: { sku: 'B', color: 'red' } }), ce('v1', 2, 'add_to_cart', { props: { sku: 'A' } }),
      pv('v2', 0), ce('v2', 1, 'add_to_cart', { props: { sku: 'B' } }), ce('v2', 2, 'search', { props: { sku: 'B' } }),
    ],
    analysis: 'custom_events',
    params: { ...range, name: 'add_to_cart' },
    expect: {
      props: [
        { key: 'sku', value: 'B', events: 2, visitors: 2, share: 0.666667 },
        { key: 'color', value: 'red', events: 1, visitors: 1, share: 0.333333 },
        { key: 'sku', value: 'A', events: 1, visitors: 1, share: 0.333333 },
      ],
    },
  },
  {
    name: 'visitors linked by identify count once; filters select sessions (entry channel, a page in the session)',
    events: [
      pv('phone', 0, '/', { channel: 'Email' }), ce('phone', 1, 'signup'),
      ev({ ms: at(2), visitor_id: 'phone', type: 'identify', user_id: 'anna' }),
      pv('laptop', 120, '/pricing', { channel: 'Email' }), ce('laptop', 121, 'signup'),
      ev({ ms: at(122), visitor_id: 'laptop', type: 'identify', user_id: 'anna' }),
      pv('v2', 0, '/', { channel: 'Direct' }), ce('v2', 1, 'signup'),
      pv('v3', 0, '/pricing', { channel: 'Email' }),
    ],
    analysis: 'custom_events',
    params: { ...range, filters: { channel: 'Email' } },
    expect: { totals: { visitors: 2, events: 2 }, events: [{ name: 'signup', events: 2, visitors: 1, conversion_rate: 0.5 }] },
  },
  {
    name: 'a page filter keeps the sessions that viewed it, with all their custom events',
    events: [
      pv('v1', 0, '/pricing'), ce('v1', 1, 'signup'),
      pv('v1', 120, '/'), ce('v1', 121, 'signup'),
      pv('v2', 0, '/'), ce('v2', 1, 'signup'),
    ],
    analysis: 'custom_events',
    params: { ...range, filters: { page: '/pricing' } },
    expect: { totals: { visitors: 1, events: 1 }, events: [{ name: 'signup', events: 1, visitors: 1, conversion_rate: 1 }] },
  },
  {
    name: 'no custom events: visitors counted (two devices of one user once), no rows',
    events: [
      pv('v1', 0), ev({ ms: at(1), visitor_id: 'v1', type: 'identify', user_id: 'bo' }),
      pv('v2', 5), ev({ ms: at(6), visitor_id: 'v2', type: 'identify', user_id: 'bo' }),
      pv('v3', 5),
    ],
    analysis: 'custom_events',
    params: range,
    expect: { totals: { visitors: 2, events: 0, revenue: 0 }, events: [], props: [] },
  },
  {
    name: 'one event per day of the site: its count, distinct visitors and revenue, every day listed (Berlin: 23:40 UTC is the next day)',
    timezone: 'Europe/Berlin',
    events: [
      pv('v1', 0), ce('v1', 1, 'purchase', { revenue: 10 }), ce('v1', 880, 'purchase', { revenue: 7 }),
      pv('v2', 0), ce('v2', 2, 'purchase', { revenue: 5 }), ce('v2', 3, 'purchase', { revenue: 5 }), ce('v2', 4, 'signup'),
    ],
    analysis: 'custom_events',
    params: { from: DAY, to: '2026-01-07', name: 'purchase', interval: 'day' },
    expect: {
      series: {
        interval: 'day',
        buckets: [
          { bucket: DAY, events: 3, visitors: 2, revenue: 20 },
          { bucket: '2026-01-06', events: 1, visitors: 1, revenue: 7 },
          { bucket: '2026-01-07', events: 0, visitors: 0, revenue: 0 },
        ],
      },
    },
  },
  {
    name: 'per hour under a filter: the events of the sessions that pass it',
    timezone: 'Europe/Berlin',
    events: [pv('v3', 0, '/', { channel: 'Email' }), ce('v3', 20, 'purchase'), pv('v4', 0, '/', { channel: 'Direct' }), ce('v4', 21, 'purchase')],
    analysis: 'custom_events',
    params: { from: `${DAY}T10`, to: `${DAY}T11`, name: 'purchase', filters: { channel: 'Email' } },
    expect: {
      series: {
        interval: 'hour',
        buckets: [
          { bucket: `${DAY} 10:00`, events: 1, visitors: 1 },
          { bucket: `${DAY} 11:00`, events: 0, visitors: 0 },
        ],
      },
    },
  },
];
