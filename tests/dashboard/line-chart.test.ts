/**
 * The overview's counts over time: the period under way is drawn dashed from the last complete
 * point, one legend entry per line, and the tooltip shows each line once, "so far" for that period.
 */
import { describe, expect, it } from 'vitest';
import { lineChart } from '../../dashboard/src/charts/options.js';

type Opt = {
  legend: { data: string[] };
  series: { name: string; data: (number | null)[]; lineStyle?: { type: string }; itemStyle: { color: string }; areaStyle?: object }[];
  tooltip: { formatter: (ps: object[]) => string };
};
const days = ['2026-11-23', '2026-11-24', '2026-11-25'];
const series = [
  { name: 'Visitors', values: [10, 12, 3] },
  { name: 'Page views', values: [40, 44, 9] },
];

describe('lineChart', () => {
  it('without a period under way: one solid series per line, as given', () => {
    const o = lineChart(days, series) as unknown as Opt;
    expect(o.series.map((s) => [s.name, s.data, s.lineStyle?.type])).toEqual([
      ['Visitors', [10, 12, 3], undefined],
      ['Page views', [40, 44, 9], undefined],
    ]);
  });

  it('the last period under way: solid up to the last complete point, dashed from there; one legend entry and one colour per line', () => {
    const o = lineChart(days, series, String, undefined, 2) as unknown as Opt;
    expect(o.series.map((s) => [s.name, s.data, s.lineStyle?.type ?? 'solid'])).toEqual([
      ['Visitors', [10, 12, null], 'solid'],
      ['Visitors', [null, 12, 3], 'dashed'],
      ['Page views', [40, 44, null], 'solid'],
      ['Page views', [null, 44, 9], 'dashed'],
    ]);
    expect(o.legend.data).toEqual(['Visitors', 'Page views']);
    expect(o.series[0]!.itemStyle.color).toBe(o.series[1]!.itemStyle.color);
    expect(o.series[0]!.itemStyle.color).not.toBe(o.series[2]!.itemStyle.color);
    expect(o.series[1]!.areaStyle).toBeUndefined();
  });

  it('the tooltip shows each line once: the solid value before the cut, the dashed one with "so far" after it', () => {
    const o = lineChart(days, series, String, undefined, 2) as unknown as Opt;
    const at = (i: number) =>
      o.series.map((s, k) => ({ seriesName: s.name, seriesIndex: k, dataIndex: i, axisValueLabel: days[i], marker: '', value: s.data[i] ?? '-' }));
    expect(o.tooltip.formatter(at(1))).toBe('2026-11-24<br>Visitors: <b>12</b><br>Page views: <b>44</b>');
    expect(o.tooltip.formatter(at(2))).toBe('2026-11-25 (so far)<br>Visitors: <b>3</b><br>Page views: <b>9</b>');
  });

  it('a cut at the first point or past the end draws nothing dashed', () => {
    for (const cut of [0, 3]) expect((lineChart(days, series, String, undefined, cut) as unknown as Opt).series).toHaveLength(2);
  });
});
