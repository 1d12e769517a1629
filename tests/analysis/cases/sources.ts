/** Sources cases: the funnel per channel with z-tests, top path per segment, first vs last touch. */
import type { EventRow } from '../../../collector/schema/event.js';
import { at, ev } from '../helpers.js';
import { DAY, type AnalysisCase } from './types.js';

const range = { from: DAY, to: DAY };
const stage = (name: string, ...matchers: object[]) => ({ name, matchers });
const toCart = { name: 'cart', stages: [stage('land', { path: '/' }), stage('cart', { path: '/cart' })] };
const pv = (visitor_id: string, minutes: number, path: string, more: Partial<EventRow> = {}) => ev({ ms: at(minutes), visitor_id, path, ...more });

const cohort = (channel: string, n: number, converted: number) =>
  Array.from({ length: n }, (_, i) => [pv(`${channel}-${i}`, 0, '/', { channel }), ...(i < converted ? [pv(`${channel}-${i}`, 1, '/cart')] : [pv(`${channel}-${i}`, 1, '/blog')])]).flat();

export const sourcesCases: AnalysisCase[] = [
  {
    name: 'the funnel side by side per channel, with z-tests and each channel\'s top path',
    events: [...cohort('Email', 20, 18), ...cohort('Direct', 20, 5)],
    analysis: 'sources',
    params: { ...range, journey: toCart },
    expect: {
      by: 'channel',
      funnel: {
        units: 40,
        breakdown: {
          by: 'channel',
          segments: [
            { value: 'Direct', units: 20, stages: [{}, { reached: 5, z: -4.158, significant: true }] },
            { value: 'Email', units: 20, stages: [{}, { reached: 18, significant: true }] },
          ],
        },
      },
      top_paths: [
        { segment: 'Direct', steps: ['/', '/blog'], count: 15, share: 0.75 },
        { segment: 'Email', steps: ['/', '/cart'], count: 18, share: 0.9 },
      ],
      touch: { conversions: 23 },
    },
  },
  {
    name: 'first touch is the visitor\'s entry, last touch the converting session\'s entry',
    events: [
      pv('v1', 0, '/', { channel: 'Paid Search' }), pv('v1', 120, '/blog', { channel: 'Email' }), pv('v1', 121, '/cart'),
      pv('v2', 0, '/', { channel: 'Email' }), pv('v2', 1, '/cart'),
      pv('v3', 0, '/', { channel: 'Paid Search' }),
    ],
    analysis: 'sources',
    params: { ...range, journey: toCart },
    expect: {
      touch: {
        conversions: 2,
        segments: [
          { value: 'Email', first_touch: 1, last_touch: 2, first_touch_share: 0.5, last_touch_share: 1 },
          { value: 'Paid Search', first_touch: 1, last_touch: 0 },
        ],
      },
    },
  },
  {
    name: 'session-scope journeys still attribute touches per visitor',
    events: [pv('v1', 0, '/', { channel: 'Paid Search' }), pv('v1', 120, '/', { channel: 'Email' }), pv('v1', 121, '/cart')],
    analysis: 'sources',
    params: { ...range, journey: { ...toCart, scope: 'session' }, by: 'channel' },
    expect: {
      funnel: { unit: 'session', units: 2, breakdown: { segments: [{ value: 'Email', units: 1 }, { value: 'Paid Search', units: 1 }] } },
      touch: { conversions: 1, segments: [{ value: 'Paid Search', first_touch: 1, last_touch: 0 }, { value: 'Email', first_touch: 0, last_touch: 1 }] },
    },
  },
];
