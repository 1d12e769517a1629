/** Drop-off cases: where people went after the last stage they reached, and who came back. */
import { at, ev } from '../helpers.js';
import { shop } from './funnel.js';
import { DAY, type AnalysisCase } from './types.js';

const pv = (visitor_id: string, minutes: number, path: string) => ev({ ms: at(minutes), visitor_id, path });
const event = (visitor_id: string, minutes: number, name: string) => ev({ ms: at(minutes), visitor_id, type: 'event', name, path: '/product/a' });

export const dropoffCases: AnalysisCase[] = [
  {
    name: 'next touchpoints are ranked, leaving the site included; exit pages are last page views',
    events: [
      pv('v1', 0, '/'), pv('v1', 1, '/product/a'), pv('v1', 2, '/blog'),
      pv('v2', 0, '/'), pv('v2', 1, '/product/a'), event('v2', 2, 'add_to_cart'),
      pv('v3', 0, '/'), pv('v3', 1, '/product/b'),
      pv('v4', 0, '/'), pv('v4', 1, '/product/b'), pv('v4', 2, '/blog'),
      pv('v5', 0, '/'), pv('v5', 1, '/product/a'), event('v5', 2, 'purchase'),
    ],
    analysis: 'dropoff',
    params: { from: DAY, to: DAY, journey: shop, stage: 2 },
    expect: {
      stage: { index: 2, name: 'product' },
      next_stage: { index: 3, name: 'buy' },
      reached: 5,
      dropped: 4,
      dropoff_rate: 0.8,
      next_touchpoints: [
        { label: '/blog', count: 2, share: 0.5 },
        { label: '(left the site)', count: 1, share: 0.25 },
        { label: 'event:add_to_cart', count: 1, share: 0.25 },
      ],
      exit_pages: [
        { label: '/blog', count: 2 },
        { label: '/product/a', count: 1 },
        { label: '/product/b', count: 1 },
      ],
    },
  },
  {
    name: 'a touchpoint in a later session is not "next"; coming back counts only within the window',
    events: [
      pv('v1', 0, '/'), pv('v1', 1, '/product/a'), pv('v1', 60, '/blog'),
      pv('v2', 0, '/'), pv('v2', 1, '/product/a'), pv('v2', 2 * 24 * 60, '/'),
    ],
    analysis: 'dropoff',
    params: { from: DAY, to: '2026-01-08', journey: { ...shop, window_ms: 86_400_000 }, stage: 2 },
    expect: {
      dropped: 2,
      came_back: 1,
      came_back_rate: 0.5,
      next_touchpoints: [{ label: '(left the site)', count: 2 }],
      exit_pages: [{ label: '/product/a', count: 2 }],
    },
  },
];
