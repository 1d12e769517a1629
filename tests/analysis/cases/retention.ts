/** Retention cases: who is new, cohorts by day and week, return events, stitching, filters, time zones, "now". */
import { at, ev } from '../helpers.js';
import type { AnalysisCase } from './types.js';

/** Minutes into a day counted from 2026-01-05 (day 0, a Monday; 09:00 UTC at minute 0). */
const on = (day: number, minutes = 0) => at(day * 1440 + minutes);
const pv = (visitor_id: string, ms: number, more = {}) => ev({ ms, visitor_id, path: '/', ...more });
const ce = (visitor_id: string, ms: number, name: string, more = {}) => ev({ ms, visitor_id, type: 'event', name, ...more });

export const retentionCases: AnalysisCase[] = [
  {
    name: 'day cohorts of new visitors: each later day they came back on; people seen before the range are not new',
    events: [
      pv('old', on(-16)), pv('old', on(-7)),
      pv('a', on(-7)), pv('a', on(-6)), pv('a', on(-4)), pv('a', on(-4, 60)),
      pv('b', on(-7)),
      pv('c', on(-6)), ce('c', on(-5), 'purchase'),
      pv('d', on(-1)),
    ],
    analysis: 'retention',
    params: { from: '2025-12-29', to: '2026-01-04' },
    expect: {
      interval: 'day',
      return_event: null,
      totals: { visitors: 4, returned: 2, rate: 0.5 },
      cohorts: [
        {
          bucket: '2025-12-29', visitors: 2, returned: 1, rate: 0.5, complete: true,
          periods: [
            { period: 1, returned: 1, rate: 0.5, complete: true }, { period: 2, returned: 0, rate: 0, complete: true },
            { period: 3, returned: 1, rate: 0.5, complete: true }, { period: 4, returned: 0 }, { period: 5, returned: 0 }, { period: 6, returned: 0 },
          ],
        },
        { bucket: '2025-12-30', visitors: 1, returned: 1, periods: [{ period: 1, returned: 1, rate: 1 }, { period: 2, returned: 0 }, {}, {}, {}] },
        { bucket: '2025-12-31', visitors: 0, rate: null, periods: [{ period: 1, returned: 0, rate: null }, {}, {}, {}] },
        {}, {}, {},
        { bucket: '2026-01-04', visitors: 1, returned: 0, periods: [] },
      ],
      periods: [
        // Over the two cohorts with people (12-31 to 01-03 have none, 01-04 has no day 1 yet).
        { period: 1, cohorts: 2, visitors: 3, returned: 2, rate: 0.666667 },
        { period: 2, cohorts: 2, visitors: 3, returned: 0, rate: 0 },
        { period: 3, cohorts: 2, visitors: 3, returned: 1, rate: 0.333333 },
        {}, {},
        { period: 6, cohorts: 1, visitors: 2, returned: 0 },
      ],
    },
  },
  {
    name: 'week cohorts (Monday to Sunday) with a return event: a purchase in the first week does not count, devices of one user are one person',
    events: [
      pv('phone', on(-20)), ev({ ms: on(-20, 1), visitor_id: 'phone', type: 'identify', user_id: 'anna' }),
      pv('laptop', on(-13)), ce('laptop', on(-13, 1), 'purchase'), ev({ ms: on(-13, 2), visitor_id: 'laptop', type: 'identify', user_id: 'anna' }),
      pv('v2', on(-14)), ce('v2', on(-14, 1), 'purchase'), pv('v2', on(-6)),
      ce('v3', on(-19), 'purchase'), ce('v3', on(-3), 'purchase'),
    ],
    analysis: 'retention',
    params: { from: '2025-12-15', to: '2026-01-04', interval: 'week', return_event: 'purchase' },
    expect: {
      interval: 'week',
      return_event: 'purchase',
      totals: { visitors: 3, returned: 2 },
      cohorts: [
        { bucket: '2025-12-15', visitors: 2, returned: 2, rate: 1, periods: [{ period: 1, returned: 1, rate: 0.5 }, { period: 2, returned: 1, rate: 0.5 }] },
        { bucket: '2025-12-22', visitors: 1, returned: 0, periods: [{ period: 1, returned: 0, rate: 0 }] },
        { bucket: '2025-12-29', visitors: 0, periods: [] },
      ],
      periods: [
        { period: 1, cohorts: 2, visitors: 3, returned: 1, rate: 0.333333 },
        { period: 2, cohorts: 1, visitors: 2, returned: 1, rate: 0.5 },
      ],
    },
  },
  {
    name: 'filters test the first session; days are the site\'s; periods still open at "now" are marked and left out of the averages',
    timezone: 'America/New_York',
    events: [
      // 10:00 on 01-04 in New York, and 05:00 on 01-06 (before "now", 07:00).
      pv('e1', at(-1080), { channel: 'Email' }), pv('e1', at(1500), { channel: 'Direct' }),
      // First session direct, the second by email: not in an email cohort.
      pv('e2', at(-1020), { channel: 'Direct' }), pv('e2', at(420), { channel: 'Email' }),
      // 23:00 on 01-04 and 01:00 on 01-05 in New York: one UTC day, two of the site's.
      pv('e3', at(-300), { channel: 'Email' }), pv('e3', at(-180), { channel: 'Email' }),
    ],
    analysis: 'retention',
    params: { from: '2026-01-04', to: '2026-01-10', filters: { channel: 'Email' } },
    expect: {
      totals: { visitors: 2, returned: 2, rate: 1 },
      cohorts: [
        { bucket: '2026-01-04', visitors: 2, complete: true, periods: [{ period: 1, returned: 1, complete: true }, { period: 2, returned: 1, complete: false }] },
        { bucket: '2026-01-05', visitors: 0, complete: true, periods: [{ period: 1, returned: 0, complete: false }] },
        { bucket: '2026-01-06', visitors: 0, complete: false, periods: [] },
      ],
      periods: [{ period: 1, cohorts: 1, visitors: 2, returned: 1, rate: 0.5 }],
    },
  },
  {
    name: 'breakdown: segments by the first visit\'s entry event, largest first (ties by value), each day z-tested against the rest',
    events: [
      pv('a', on(-7), { channel: 'Email' }), pv('a', on(-6)), pv('a', on(-4)),
      pv('b', on(-7), { channel: 'Direct' }),
      pv('c', on(-6), { channel: 'Email' }), ce('c', on(-5), 'purchase', { channel: 'Paid Social' }),
      // A custom event before the first page view: the page view is the entry.
      ce('d', on(-1), 'signup', { channel: 'Paid Social' }), pv('d', on(-1, 5), { channel: 'Email' }),
      pv('e', on(-3), { channel: '' }),
    ],
    analysis: 'retention',
    params: { from: '2025-12-29', to: '2026-01-04', breakdown: 'channel', segments: 2 },
    expect: {
      totals: { visitors: 5, returned: 2 },
      // e's cohort (01-02) has no day 3: from then on the averages are over 12-29 and 12-30.
      periods: [
        { period: 1, cohorts: 3, visitors: 4, returned: 2, rate: 0.5 }, { period: 2, cohorts: 3, visitors: 4, returned: 0 },
        { period: 3, cohorts: 2, visitors: 3, returned: 1, rate: 0.333333 }, { period: 4, cohorts: 2 }, { period: 5, cohorts: 2 }, { period: 6, cohorts: 1 },
      ],
      breakdown: {
        dimension: 'channel',
        segments: [
          {
            value: 'Email', visitors: 3, returned: 2, rate: 0.666667,
            periods: [
              // 2 of 2 against 0 of 2.
              { period: 1, cohorts: 2, visitors: 2, returned: 2, rate: 1, z: 2, p_value: 0.0455, significant: true },
              // Nobody back on day 2 anywhere: no test.
              { period: 2, returned: 0, z: null, p_value: null, significant: false },
              // 1 of 2 against 0 of 1.
              { period: 3, visitors: 2, returned: 1, z: 0.866, significant: false },
              {}, {}, { period: 6, cohorts: 1 },
            ],
          },
          {
            value: '(none)', visitors: 1, returned: 0,
            periods: [{ period: 1, cohorts: 1, visitors: 1, returned: 0, z: -1.1547, significant: false }, { period: 2 }],
          },
        ],
      },
    },
  },
];
