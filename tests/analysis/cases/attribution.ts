/** Attribution cases: the five models over a visitor's sessions, revenue, the lookback window. */
import type { EventRow } from '../../../collector/schema/event.js';
import { at, ev } from '../helpers.js';
import { DAY, type AnalysisCase } from './types.js';

const stage = (name: string, ...matchers: object[]) => ({ name, matchers });
const buyJourney = { name: 'buy', stages: [stage('buy', { event: 'purchase' })] };
const pv = (visitor_id: string, minutes: number, channel: string, more: Partial<EventRow> = {}) => ev({ ms: at(minutes), visitor_id, path: '/', channel, ...more });
const buy = (visitor_id: string, minutes: number, revenue: number | null) => ev({ ms: at(minutes), visitor_id, type: 'event', name: 'purchase', revenue });
const week = { from: DAY, to: '2026-01-12' };

export const attributionCases: AnalysisCase[] = [
  {
    name: 'four sessions: first, last non-direct, linear, 40/20/40 and time-decay credits',
    events: [
      pv('v1', 0, 'Paid Search'),
      pv('v1', 24 * 60, 'Email'),
      pv('v1', 2 * 24 * 60, 'Organic Social'),
      pv('v1', 7 * 24 * 60, 'Direct'), buy('v1', 7 * 24 * 60 + 1, 100),
    ],
    analysis: 'attribution',
    params: { ...week, journey: buyJourney },
    expect: {
      conversions: 1,
      revenue: 100,
      channels: [
        // linear 0.25 each; ties by name
        {
          channel: 'Direct',
          first_touch: { conversions: 0 },
          last_non_direct: { conversions: 0 },
          linear: { conversions: 0.25, revenue: 25 },
          position_based: { conversions: 0.4, revenue: 40 },
        },
        { channel: 'Email', first_touch: { conversions: 0 }, position_based: { conversions: 0.1 } },
        { channel: 'Organic Social', last_non_direct: { conversions: 1, revenue: 100 }, position_based: { conversions: 0.1 } },
        { channel: 'Paid Search', first_touch: { conversions: 1, revenue: 100 }, position_based: { conversions: 0.4 } },
      ],
    },
  },
  {
    name: 'two touches split 50/50; one touch takes it all; missing revenue counts 0',
    events: [
      pv('v1', 0, 'Email'), pv('v1', 60, 'Direct'), buy('v1', 61, 10.5),
      pv('v2', 0, 'Referral'), buy('v2', 1, null),
    ],
    analysis: 'attribution',
    params: { from: DAY, to: DAY, journey: buyJourney },
    expect: {
      conversions: 2,
      revenue: 10.5,
      channels: [
        { channel: 'Referral', linear: { conversions: 1, revenue: 0 }, position_based: { conversions: 1 }, time_decay: { conversions: 1 } },
        { channel: 'Direct', linear: { conversions: 0.5, revenue: 5.25 }, position_based: { conversions: 0.5 }, last_non_direct: { conversions: 0 } },
        { channel: 'Email', linear: { conversions: 0.5 }, last_non_direct: { conversions: 1, revenue: 10.5 } },
      ],
    },
  },
  {
    name: 'sessions before the lookback window do not take part; time decay halves per 7 days',
    events: [pv('v1', 0, 'Email'), pv('v1', 3 * 24 * 60, 'Paid Search'), pv('v1', 10 * 24 * 60, 'Referral'), buy('v1', 10 * 24 * 60, 1)],
    analysis: 'attribution',
    params: { from: DAY, to: '2026-01-16', journey: buyJourney, lookback_days: 7 },
    expect: {
      channels: [
        { channel: 'Paid Search', first_touch: { conversions: 1 }, time_decay: { conversions: 0.333333 } },
        { channel: 'Referral', last_non_direct: { conversions: 1 }, time_decay: { conversions: 0.666667 } },
      ],
    },
  },
];
