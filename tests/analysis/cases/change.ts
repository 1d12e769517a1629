/** What-changed cases: the stage changes, and drivers that split them into rate and mix effects, worked by hand. */
import type { EventRow } from '../../../collector/schema/event.js';
import { round, twoProportionZ } from '../../../analysis/common/stats.js';
import { at, ev } from '../helpers.js';
import { DAY, type AnalysisCase } from './types.js';

const stage = (name: string, ...matchers: object[]) => ({ name, matchers });
const toCart = { name: 'cart', stages: [stage('land', { path: '/' }), stage('cart', { path: '/cart' })] };
const DAY_MIN = 24 * 60;

/** n visitors landing `daysAgo` days before DAY, the first `converted` of whom reach /cart. */
const group = (id: string, daysAgo: number, n: number, converted: number, more: Partial<EventRow> = {}) =>
  Array.from({ length: n }, (_, i) => {
    const visitor_id = `${id}-${i}`;
    const t = -daysAgo * DAY_MIN + i;
    return [ev({ ms: at(t), visitor_id, path: '/', ...more }), ...(i < converted ? [ev({ ms: at(t + 0.5), visitor_id, path: '/cart', ...more })] : [])];
  }).flat();

/** As `group`, each visitor seen once two days before (a page matching no stage): returning. */
const returningGroup = (id: string, daysAgo: number, n: number, converted: number) => [
  ...Array.from({ length: n }, (_, i) => ev({ ms: at(-(daysAgo + 2) * DAY_MIN + i), visitor_id: `${id}-${i}`, path: '/blog' })),
  ...group(id, daysAgo, n, converted),
];

export const changeCases: AnalysisCase[] = [
  {
    // The day before: desktop 2/4, mobile 2/4 (R₀ = 0.5). Today: desktop 2/4, mobile — all from a
    // new Paid Social campaign — 0/6 (R₁ = 0.2). Device: mobile's rate fell (0.6 · (0 − 0.5) = −0.3),
    // desktop moved nothing. Channel: the same −0.3 is all mix — a new segment converting 0.5 below
    // the baseline's average with 60 % of the units ((0 − 0.5) · (0.6 − 0)); Direct, at the average, moves nothing.
    name: 'a stage that fell: mobile converts worse (rate), and by channel the same fall is a new campaign (mix)',
    events: [
      ...group('base-desk', 1, 4, 2),
      ...group('base-mob', 1, 4, 2, { device: 'mobile' }),
      ...group('desk', 0, 4, 2),
      ...group('mob', 0, 6, 0, { device: 'mobile', channel: 'Paid Social' }),
    ],
    analysis: 'change',
    params: { from: DAY, to: DAY, journey: toCart, by: 'device,channel' },
    expect: {
      unit: 'visitor',
      current: { from: DAY, to: DAY, units: 10 },
      baseline: { from: '2026-01-04', to: '2026-01-04', units: 8 },
      by: ['device', 'channel'],
      stages: [
        { index: 1, current: { from_previous: 10, reached: 10, rate: 1 }, baseline: { from_previous: 8, reached: 8, rate: 1 }, change: 0, z: null, significant: false, shortfall: 0, segments_tested: 0 },
        // Tested: desktop, mobile, Direct (Paid Social has no baseline; every rate at stage 1 is 1).
        { index: 2, current: { from_previous: 10, reached: 2, rate: 0.2 }, baseline: { from_previous: 8, reached: 4, rate: 0.5 }, change: -0.3, z: -1.3416, significant: false, shortfall: 3, segments_tested: 3 },
      ],
      completion: { current: 0.2, baseline: 0.5, change: -0.3 },
      drivers: [
        {
          stage: 2, by: 'device', value: 'mobile',
          current: { from_previous: 6, reached: 0, rate: 0, share: 0.6 },
          baseline: { from_previous: 4, reached: 2, rate: 0.5, share: 0.5 },
          rate_effect: -0.3, mix_effect: 0, effect: -0.3, change: -0.5,
        },
        {
          stage: 2, by: 'channel', value: 'Paid Social',
          current: { from_previous: 6, reached: 0, rate: 0, share: 0.6 },
          baseline: { from_previous: 0, reached: 0, rate: null, share: 0 },
          rate_effect: 0, mix_effect: -0.3, effect: -0.3, change: null, z: null, q_value: null,
        },
      ],
    },
  },
  {
    // New vs returning: rates unchanged (returning 3/4, new 1/4 and 3/12), but a day of new
    // visitors: their share 0.5 → 0.75. R₀ = 0.5, R₁ = 6/16. All mix: returning (0.75 − 0.5) ·
    // (0.25 − 0.5) = −0.0625, new (0.25 − 0.5) · (0.75 − 0.5) = −0.0625. By device, all desktop:
    // the one segment's rate is everyone's, all rate effect. Returning = seen before the unit's first event.
    name: 'new vs returning: more new visitors, who convert less, is a mix effect',
    events: [
      ...returningGroup('base-ret', 1, 4, 3),
      ...group('base-new', 1, 4, 1),
      ...returningGroup('ret', 0, 4, 3),
      ...group('new', 0, 12, 3),
    ],
    analysis: 'change',
    params: { from: DAY, to: DAY, journey: toCart, by: 'visitor_type,device' },
    expect: {
      current: { units: 16 },
      baseline: { units: 8 },
      by: ['visitor_type', 'device'],
      // At the baseline's 50 %, 8 of the 16 would have reached "cart"; 6 did.
      stages: [{ segments_tested: 0, shortfall: 0 }, { change: -0.125, shortfall: 2, segments_tested: 3 }],
      drivers: [
        { stage: 2, by: 'device', value: 'desktop', current: { share: 1, rate: 0.375 }, baseline: { share: 1, rate: 0.5 }, rate_effect: -0.125, mix_effect: 0, effect: -0.125 },
        { stage: 2, by: 'visitor_type', value: 'new', current: { share: 0.75, rate: 0.25 }, baseline: { share: 0.5, rate: 0.25 }, rate_effect: 0, mix_effect: -0.0625, effect: -0.0625 },
        { stage: 2, by: 'visitor_type', value: 'returning', current: { share: 0.25, rate: 0.75 }, baseline: { share: 0.5, rate: 0.75 }, rate_effect: 0, mix_effect: -0.0625, effect: -0.0625 },
      ],
    },
  },
  {
    // Three channels tested at "cart" (their rates at "land" are all 1: no test). Email 8/10 → 2/10
    // (p ≈ 0.007) and Paid Search 8/12 → 3/12 (p ≈ 0.04) both pass p < 0.05 alone; Direct 5/10 →
    // 5/10 (p = 1) moves nothing, is no driver, but was compared. Adjusted for 3 comparisons
    // (Benjamini–Hochberg): Email q = 3p/1 < 0.05 stays significant, Paid Search q = min(3p/2, 1)
    // ≈ 0.06 does not. Effects: −0.6 · 10/32 and −(5/12) · 12/32, adding up to 10/32 − 21/32.
    name: 'significance of drivers is adjusted for every segment compared at the stage',
    events: [
      ...group('base-email', 1, 10, 8, { channel: 'Email' }),
      ...group('base-search', 1, 12, 8, { channel: 'Paid Search' }),
      ...group('base-direct', 1, 10, 5),
      ...group('email', 0, 10, 2, { channel: 'Email' }),
      ...group('search', 0, 12, 3, { channel: 'Paid Search' }),
      ...group('direct', 0, 10, 5),
    ],
    analysis: 'change',
    params: { from: DAY, to: DAY, journey: toCart, by: 'channel' },
    expect: {
      stages: [{ segments_tested: 0 }, { change: -0.34375, significant: true, shortfall: 11, segments_tested: 3 }],
      drivers: [
        { stage: 2, value: 'Email', rate_effect: -0.1875, mix_effect: 0, effect: -0.1875, p_value: twoProportionZ(2, 10, 8, 10).p_value, q_value: round(twoProportionZ(2, 10, 8, 10).p_value! * 3, 6), significant: true },
        { stage: 2, value: 'Paid Search', rate_effect: -0.15625, mix_effect: 0, effect: -0.15625, p_value: twoProportionZ(3, 12, 8, 12).p_value, q_value: round((twoProportionZ(3, 12, 8, 12).p_value! * 3) / 2, 6), significant: false },
      ],
    },
  },
  {
    // Mobile only. A week before: Email 3/4, Direct 1/4 (R₀ = 0.5). Today: Direct 1/4 (R₁ = 0.25);
    // Email's mobile visitors are gone. Email: (0.75 − 0.5) · (0 − 0.5) = −0.125; Direct, now all
    // the units and below average: (0.25 − 0.5) · (1 − 0.5) = −0.125. Desktop visitors are filtered out.
    name: 'an explicit baseline, filters on both periods, and a segment that vanished',
    events: [
      ...group('wk-email', 7, 4, 3, { device: 'mobile', channel: 'Email' }),
      ...group('wk-direct', 7, 4, 1, { device: 'mobile' }),
      ...group('direct', 0, 4, 1, { device: 'mobile' }),
      ...group('desk-email', 0, 5, 5, { channel: 'Email' }),
    ],
    analysis: 'change',
    params: { from: DAY, to: DAY, baseline_from: '2025-12-29', baseline_to: '2025-12-29', filters: { device: 'mobile' }, journey: toCart, by: 'channel' },
    expect: {
      current: { units: 4 },
      baseline: { from: '2025-12-29', to: '2025-12-29', units: 8 },
      stages: [{ change: 0 }, { change: -0.25 }],
      drivers: [
        { stage: 2, value: 'Direct', current: { share: 1, rate: 0.25 }, baseline: { share: 0.5, rate: 0.25 }, rate_effect: 0, mix_effect: -0.125, effect: -0.125 },
        { stage: 2, value: 'Email', current: { from_previous: 0, share: 0, rate: null }, baseline: { share: 0.5, rate: 0.75 }, rate_effect: 0, mix_effect: -0.125, effect: -0.125 },
      ],
    },
  },
];
