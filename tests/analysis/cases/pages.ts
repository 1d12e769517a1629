/** Pages cases: views, entries, exits, bounce (GA4 rule), load-time quantiles and buckets. */
import { at, ev } from '../helpers.js';
import { DAY, type AnalysisCase } from './types.js';

const range = { from: DAY, to: DAY };
const pv = (visitor_id: string, minutes: number, path: string, load_ms = 0, more = {}) => ev({ ms: at(minutes), visitor_id, path, load_ms, ...more });

export const pagesCases: AnalysisCase[] = [
  {
    name: 'views, entries, bounce of entering sessions, exits and load-time quantiles per page',
    events: [
      pv('v1', 0, '/', 500), pv('v1', 1, '/cart', 3000),
      pv('v2', 0, '/', 1500),
      pv('v3', 0, '/cart', 9000),
      pv('v4', 0, '/', 0), ev({ ms: at(0.5), visitor_id: 'v4', type: 'engagement', engaged_ms: 12_000 }),
    ],
    analysis: 'pages',
    params: range,
    expect: {
      totals: { sessions: 4, bounces: 2, bounce_rate: 0.5 },
      pages: [
        { path: '/', views: 3, entries: 3, bounce_rate: 0.333333, exits: 2, exit_rate: 0.666667, timed_views: 2, load_p50_ms: 1500, load_p75_ms: 1500 },
        { path: '/cart', views: 2, entries: 1, bounce_rate: 1, exits: 2, exit_rate: 1, load_p50_ms: 9000 },
      ],
      bounce_by_entry_page: [{ value: '/', sessions: 3, bounces: 1 }, { value: '/cart', sessions: 1, bounces: 1 }],
      bounce_by_load: [
        { bucket: '<1s', sessions: 1, bounces: 0 },
        { bucket: '1–2s', min_ms: 1000, max_ms: 2000, sessions: 1, bounces: 1, bounce_rate: 1 },
        { sessions: 0 }, { sessions: 0 },
        { bucket: '≥8s', min_ms: 8000, max_ms: null, sessions: 1, bounces: 1 },
        { bucket: '(unknown)', sessions: 1, bounces: 0 },
      ],
    },
  },
  {
    name: 'bounce by channel and device uses the entry event; a custom event makes a session engaged',
    events: [
      pv('v1', 0, '/', 0, { channel: 'Email', device: 'mobile' }), ev({ ms: at(1), visitor_id: 'v1', type: 'event', name: 'signup' }),
      pv('v2', 0, '/', 0, { channel: 'Email', device: 'mobile' }),
      pv('v3', 0, '/', 0, { channel: 'Direct' }), pv('v3', 1, '/a', 0, { channel: 'Email' }),
    ],
    analysis: 'pages',
    params: range,
    expect: {
      bounce_by_channel: [{ value: 'Email', sessions: 2, bounces: 1, bounce_rate: 0.5 }, { value: 'Direct', sessions: 1, bounces: 0 }],
      bounce_by_device: [{ value: 'mobile', sessions: 2, bounce_rate: 0.5 }, { value: 'desktop', sessions: 1, bounce_rate: 0 }],
    },
  },
];
