/** Paths cases: collapsing, anchors, scopes, "(end)"/"(start)", "(other)" in the Sankey graph. */
import { at, ev } from '../helpers.js';
import { DAY, type AnalysisCase } from './types.js';

const range = { from: DAY, to: DAY };
const pv = (visitor_id: string, minutes: number, path: string) => ev({ ms: at(minutes), visitor_id, path });
const event = (visitor_id: string, minutes: number, name: string) => ev({ ms: at(minutes), visitor_id, type: 'event', name, path: '/product/a' });

export const pathsCases: AnalysisCase[] = [
  {
    name: 'paths from entry collapse repeats and stop with "(end)"',
    events: [
      pv('v1', 0, '/'), pv('v1', 1, '/'), pv('v1', 2, '/product/a'), event('v1', 3, 'add_to_cart'), pv('v1', 4, '/cart'),
      pv('v2', 0, '/'), pv('v2', 1, '/product/a'),
      pv('v3', 0, '/'), pv('v3', 1, '/product/a'), pv('v3', 2, '/product/a'),
    ],
    analysis: 'paths',
    params: { ...range, depth: 3 },
    expect: {
      unit: 'session',
      anchor: { kind: 'entry', label: null },
      units: 3,
      paths: [
        { steps: ['/', '/product/a'], count: 2, share: 0.666667 },
        { steps: ['/', '/product/a', 'event:add_to_cart'], count: 1 },
      ],
      sankey: {
        nodes: [
          { id: '1:/', step: 1, label: '/', count: 3 },
          { id: '2:/product/a', count: 3 },
          { id: '3:event:add_to_cart', count: 1 },
          { id: '3:(end)', count: 2 },
        ],
        links: [
          { source: '1:/', target: '2:/product/a', count: 3 },
          { source: '2:/product/a', target: '3:event:add_to_cart', count: 1 },
          { source: '2:/product/a', target: '3:(end)', count: 2 },
        ],
      },
    },
  },
  {
    name: 'start= anchors at the first occurrence; units without it are left out',
    events: [
      pv('v1', 0, '/blog'), pv('v1', 1, '/cart'), pv('v1', 2, '/checkout'), pv('v1', 3, '/cart'),
      pv('v2', 0, '/cart'), pv('v2', 1, '/'),
      pv('v3', 0, '/'),
    ],
    analysis: 'paths',
    params: { ...range, start: '/cart', depth: 2 },
    expect: {
      units: 2,
      paths: [{ steps: ['/cart', '/'], count: 1 }, { steps: ['/cart', '/checkout'], count: 1 }],
      sankey: { nodes: [{ id: '1:/cart', count: 2 }, { id: '2:/' }, { id: '2:/checkout' }] },
    },
  },
  {
    name: 'end= lines paths up so the anchor is the last step; "(start)" where they began',
    events: [
      pv('v1', 0, '/'), pv('v1', 1, '/product/a'), pv('v1', 2, '/cart'),
      pv('v2', 0, '/cart'),
      pv('v3', 0, '/blog'), pv('v3', 1, '/x'), pv('v3', 2, '/y'), pv('v3', 3, '/cart'),
    ],
    analysis: 'paths',
    params: { ...range, end: '/cart', depth: 3 },
    expect: {
      anchor: { kind: 'end', label: '/cart' },
      units: 3,
      sankey: {
        nodes: [
          { id: '1:/' }, { id: '1:/x' },
          { id: '2:/product/a' }, { id: '2:/y' }, { id: '2:(start)', count: 1 },
          { id: '3:/cart', count: 3 },
        ],
        links: [
          { source: '1:/', target: '2:/product/a', count: 1 },
          { source: '1:/x', target: '2:/y', count: 1 },
          { source: '2:/product/a', target: '3:/cart' },
          { source: '2:/y', target: '3:/cart' },
          { source: '2:(start)', target: '3:/cart', count: 1 },
        ],
      },
    },
  },
  {
    name: 'visitor scope runs across sessions; small nodes fold into "(other)"',
    events: [
      pv('v1', 0, '/'), pv('v1', 60, '/a'),
      pv('v2', 0, '/'), pv('v2', 1, '/a'),
      pv('v3', 0, '/'), pv('v3', 1, '/b'),
      pv('v4', 0, '/'), pv('v4', 1, '/c'),
    ],
    analysis: 'paths',
    params: { ...range, scope: 'visitor', depth: 2, nodes: 1 },
    expect: {
      unit: 'visitor',
      units: 4,
      sankey: {
        nodes: [{ id: '1:/', count: 4 }, { id: '2:/a', count: 2 }, { id: '2:(other)', count: 2 }],
        links: [{ source: '1:/', target: '2:/a', count: 2 }, { source: '1:/', target: '2:(other)', count: 2 }],
      },
    },
  },
];
