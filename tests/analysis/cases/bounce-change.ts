/** The bounce rate's change: its segments' rate and mix effects, worked by hand. */
import type { EventRow } from '../../../collector/schema/event.js';
import { at, ev } from '../helpers.js';
import { DAY, type AnalysisCase } from './types.js';

const DAY_MIN = 24 * 60;

/** n sessions (one visitor each) `daysAgo` days before DAY, the first `bounced` of them one page view, the rest two. */
const sessions = (id: string, daysAgo: number, n: number, bounced: number, more: Partial<EventRow> = {}) =>
  Array.from({ length: n }, (_, i) => {
    const visitor_id = `${id}-${i}`;
    const t = -daysAgo * DAY_MIN + i;
    return [ev({ ms: at(t), visitor_id, path: '/', ...more }), ...(i < bounced ? [] : [ev({ ms: at(t + 0.5), visitor_id, path: '/shop', ...more })])];
  }).flat();

export const bounceChangeCases: AnalysisCase[] = [
  {
    // The day before: Direct 4/10 bounce, Email 2/10 (R₀ = 0.3). Today the same, plus a new Paid
    // Social campaign on phones, 16/20 (R₁ = 22/40 = 0.55): +0.25, all of it mix. By channel:
    // Paid Social (0.8 − 0.3) · 0.5 = +0.25, Direct (0.4 − 0.3) · (0.25 − 0.5) = −0.025, Email
    // (0.2 − 0.3) · (0.25 − 0.5) = +0.025. By device: mobile, new, +0.25; desktop bounces at the
    // average as before: no effect, no driver. Tested: Direct, Email, desktop (the new ones have no baseline).
    name: 'a new campaign that bounces: the bounce rate rose by mix, not because any segment bounces more',
    events: [
      ...sessions('base-direct', 1, 10, 4),
      ...sessions('base-email', 1, 10, 2, { channel: 'Email' }),
      ...sessions('direct', 0, 10, 4),
      ...sessions('email', 0, 10, 2, { channel: 'Email' }),
      ...sessions('social', 0, 20, 16, { channel: 'Paid Social', device: 'mobile' }),
    ],
    analysis: 'bounce_change',
    params: { from: DAY, to: DAY, by: 'channel,device' },
    expect: {
      current: { from: DAY, to: DAY, sessions: 40, bounces: 22, rate: 0.55 },
      baseline: { from: '2026-01-04', to: '2026-01-04', sessions: 20, bounces: 6, rate: 0.3 },
      change: 0.25,
      significant: false,
      by: ['channel', 'device'],
      segments_tested: 3,
      drivers: [
        { by: 'channel', value: 'Paid Social', current: { sessions: 20, bounces: 16, rate: 0.8, share: 0.5 }, baseline: { sessions: 0, bounces: 0, rate: null, share: 0 }, rate_effect: 0, mix_effect: 0.25, effect: 0.25, change: null, q_value: null },
        { by: 'device', value: 'mobile', rate_effect: 0, mix_effect: 0.25, effect: 0.25 },
        { by: 'channel', value: 'Direct', current: { share: 0.25, rate: 0.4 }, baseline: { share: 0.5, rate: 0.4 }, rate_effect: 0, mix_effect: -0.025, effect: -0.025, change: 0, q_value: 1, significant: false },
        { by: 'channel', value: 'Email', rate_effect: 0, mix_effect: 0.025, effect: 0.025 },
      ],
    },
  },
  {
    // Against an explicit baseline, under a filter: desktop only. A week before, Direct bounced
    // 2/10; today 8/10: all rate effect, 1 · (0.8 − 0.2) = +0.6, significant (p ≈ 0.007) even
    // adjusted (the one segment tested). Phones are filtered out in both periods.
    name: 'an explicit baseline and a filter: one segment that bounces more (rate)',
    events: [...sessions('wk', 7, 10, 2), ...sessions('now', 0, 10, 8), ...sessions('phones', 0, 10, 0, { device: 'mobile' })],
    analysis: 'bounce_change',
    params: { from: DAY, to: DAY, baseline_from: '2025-12-29', baseline_to: '2025-12-29', filters: { device: 'desktop' }, by: 'channel' },
    expect: {
      current: { sessions: 10, bounces: 8 },
      baseline: { from: '2025-12-29', sessions: 10, bounces: 2 },
      change: 0.6,
      significant: true,
      segments_tested: 1,
      drivers: [{ by: 'channel', value: 'Direct', rate_effect: 0.6, mix_effect: 0, effect: 0.6, significant: true }],
    },
  },
];
