/** Journey map cases: per-stage figures around the funnel, feedback, and ranked pain points. */
import type { EventRow } from '../../../collector/schema/event.js';
import { at, ev } from '../helpers.js';
import { DAY, type AnalysisCase } from './types.js';

const range = { from: DAY, to: DAY };
const stage = (name: string, matchers: object[], more: object = {}) => ({ name, matchers, ...more });
const shop = {
  name: 'shop',
  stages: [
    stage('browse', [{ path: '/product/*' }], { owner: 'Marketing' }),
    stage('cart', [{ path: '/cart' }], { owner: 'Sales', target_rate: 0.5 }),
    stage('buy', [{ event: 'purchase' }]),
  ],
};
const pv = (visitor_id: string, minutes: number, path: string, more: Partial<EventRow> = {}) => ev({ ms: at(minutes), visitor_id, path, ...more });
const event = (visitor_id: string, minutes: number, name: string, props: Record<string, string> = {}) =>
  ev({ ms: at(minutes), visitor_id, type: 'event', name, path: '/x', props });

export const mapCases: AnalysisCase[] = [
  {
    name: 'stages carry touchpoints on the way, channels, loops, skips, bounce, feedback, owner and target gap',
    events: [
      pv('v1', 0, '/', { channel: 'Email' }), pv('v1', 1, '/product/a'), pv('v1', 2, '/blog'), pv('v1', 3, '/cart'),
      pv('v1', 4, '/product/b'), event('v1', 5, 'feedback', { score: '4' }), event('v1', 6, 'purchase'),
      pv('v2', 0, '/product/a', { channel: 'Direct' }), event('v2', 1, 'feedback', { score: '2.5' }),
      pv('v3', 0, '/cart', { channel: 'Direct' }), event('v3', 1, 'feedback', { score: 'great' }),
      pv('v4', 0, '/', { channel: 'Direct' }), event('v4', 1, 'feedback', { score: '-1' }),
    ],
    analysis: 'map',
    params: { ...range, journey: shop },
    expect: {
      unit: 'visitor',
      units: 4,
      stages: [
        {
          index: 1, name: 'browse', owner: 'Marketing', reached: 2, conversion_from_previous: 0.5,
          top_touchpoints: [{ label: '/', units: 1, share: 0.5 }],
          top_channels: [{ label: 'Direct', units: 1 }, { label: 'Email', units: 1 }],
          loops: 1, loop_rate: 1, skips: 1, sessions: 2, bounce_rate: 0, feedback_count: 1, feedback_avg: 2.5,
        },
        {
          index: 2, name: 'cart', owner: 'Sales', reached: 1, conversion_from_previous: 0.5, target_rate: 0.5, target_gap: 0,
          top_touchpoints: [{ label: '/blog', units: 1, share: 1 }],
          loops: 0, skips: 0, sessions: 2, bounce_rate: 0, feedback_count: 1, feedback_avg: 4,
        },
        { index: 3, reached: 1, top_touchpoints: [{ label: '/product/b', units: 1 }, { label: 'event:feedback', units: 1 }] },
      ],
      feedback_before: { count: 1, avg: -1 },
      pain_points: [
        { kind: 'dropoff', score: 1, link: { view: 'dropoff', params: { stage: '1' } } },
        { kind: 'loop', score: 1, figures: { stage: 1, loops: 1 } },
      ],
    },
  },
  {
    name: 'a segment that converts significantly worse becomes a pain point with its numbers',
    events: Array.from({ length: 40 }, (_, i) => {
      const device = i < 20 ? 'mobile' : 'desktop';
      const buys = i < 20 ? i < 4 : i < 36;
      return [pv(`v${i}`, 0, '/product/a', { device }), pv(`v${i}`, 1, '/cart', { device }), ...(buys ? [event(`v${i}`, 2, 'purchase')] : [])];
    }).flat(),
    analysis: 'map',
    params: { ...range, journey: shop },
    expect: {
      pain_points: [
        { kind: 'dropoff', score: 20, figures: { stage: 2, dropped: 20 } },
        {
          kind: 'segment',
          score: 12,
          title: 'device “mobile” converts worse into “buy”: 20 % vs 80 % for the rest',
          figures: { dimension: 'device', value: 'mobile', stage: 3, units: 20, reached: 4, rate: 0.2, rest_rate: 0.8, p_value: 0.000148 },
          link: { view: 'funnel', params: { breakdown: 'device' } },
        },
      ],
    },
  },
  {
    name: 'slow entry pages with above-average bounce are pain points',
    events: [
      ...Array.from({ length: 4 }, (_, i) => pv(`s${i}`, 0, '/product/slow', { load_ms: 5000 })),
      ...Array.from({ length: 4 }, (_, i) => [pv(`f${i}`, 0, '/product/fast', { load_ms: 300 }), pv(`f${i}`, 1, '/cart')]).flat(),
    ],
    analysis: 'map',
    params: { ...range, journey: shop, min_entries: 2 },
    expect: {
      pain_points: [
        { kind: 'dropoff', score: 4 },
        { kind: 'dropoff', score: 4 },
        {
          kind: 'slow_page',
          score: 2,
          figures: { path: '/product/slow', entries: 4, bounce_rate: 1, site_bounce_rate: 0.5, load_p75_ms: 5000 },
          link: { view: 'pages', params: {} },
        },
      ],
    },
  },
];
