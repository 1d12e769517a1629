/**
 * ECharts option builders. ECharts renders tooltips as HTML, so each tooltip here has a formatter
 * that escapes every name and value it shows (data may hold hostile page titles and paths).
 */
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../format.js';
import { ink } from './ink.js';

export const BLUE = '#2f6fde';
const SKY = '#0ea5e9';
const RUST = '#c2410c';
export const PALETTE = [BLUE, '#16a37f', '#f29d38', RUST, '#8b5cf6', SKY, '#e11d48', '#64748b'];
/** The series that draws annotations (withMarks): never in a legend or a tooltip. */
export const MARKS_SERIES = '\u0000notes';
const axis = () => ({ axisLine: { lineStyle: { color: ink().axis } }, axisLabel: { color: ink().label }, splitLine: { lineStyle: { color: ink().split } } });

interface AxisParam {
  axisValueLabel?: string;
  seriesName?: string;
  seriesIndex?: number;
  dataIndex?: number;
  marker?: string;
  value?: unknown;
}

/**
 * `right`: the series on the right axis and their own number format (a revenue beside counts).
 * `partialFrom`: from this index on, each line's value is its dashed part's, and the period is "so far".
 */
const axisTooltip = (fmt: (v: number) => string, right?: { names: ReadonlySet<string>; fmt: (v: number) => string }, partialFrom?: number) => ({
  trigger: 'axis',
  confine: true,
  formatter: (ps: AxisParam | AxisParam[]) => {
    const all = (Array.isArray(ps) ? ps : [ps]).filter((p) => p.seriesName !== MARKS_SERIES);
    const i = all[0]?.dataIndex ?? 0;
    const partial = partialFrom !== undefined && i >= partialFrom;
    // A line split in two parts shows once: the solid part before the cut, the dashed one after.
    const seen = new Set<string>();
    const list = partial ? [...all].reverse().filter((p) => !seen.has(p.seriesName ?? '') && seen.add(p.seriesName ?? '')).reverse() : all.filter((p) => !seen.has(p.seriesName ?? '') && seen.add(p.seriesName ?? ''));
    const head = escapeHtml(list[0]?.axisValueLabel ?? '') + (partial ? ' (so far)' : '');
    // `marker` is ECharts' own colour dot (no user data in it).
    const lines = list.map((p) => {
      const f = right?.names.has(p.seriesName ?? '') ? right.fmt : fmt;
      return `${p.marker ?? ''}${escapeHtml(p.seriesName ?? '')}: <b>${escapeHtml(f(Number(p.value)))}</b>`;
    });
    return [head, ...lines].join('<br>');
  },
});

export interface Series {
  name: string;
  /** null = no value (a gap in a line, not a zero). */
  values: (number | null)[];
  /** Drawn on the right axis (e.g. a rate beside counts). */
  right?: boolean;
  kind?: 'line' | 'bar';
}

/**
 * Counts over time. `partialFrom`: the index of the first period not over yet (today, this hour):
 * lines are dashed from the last complete point on, and its tooltip says "so far" — a day that
 * has just begun drawn like a finished one reads as a collapse.
 */
export function lineChart(
  categories: string[],
  series: Series[],
  fmt: (v: number) => string = String,
  fmtRight?: (v: number) => string,
  partialFrom?: number,
): EChartsCoreOption {
  const hasRight = series.some((s) => s.right);
  const cut = partialFrom !== undefined && partialFrom >= 1 && partialFrom < categories.length ? partialFrom : undefined;
  const lines = series.map((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const line = {
      name: s.name,
      type: s.kind ?? 'line',
      data: s.values,
      yAxisIndex: s.right ? 1 : 0,
      smooth: false,
      showSymbol: categories.length <= 31,
      areaStyle: s.kind === 'bar' || s.right ? undefined : { opacity: 0.08 },
      itemStyle: { color },
    };
    if (cut === undefined || s.kind === 'bar') return [line];
    // The same name: one legend entry hides or shows both parts.
    const open = { ...line, data: s.values.map((v, j) => (j >= cut - 1 ? v : null)), areaStyle: undefined, lineStyle: { type: 'dashed' } };
    return [{ ...line, data: s.values.map((v, j) => (j < cut ? v : null)) }, open];
  });
  return {
    color: PALETTE,
    grid: { left: 8, right: hasRight ? 8 : 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: ink().legend }, data: series.map((s) => s.name) },
    tooltip: axisTooltip(fmt, fmtRight && { names: new Set(series.filter((s) => s.right).map((s) => s.name)), fmt: fmtRight }, cut),
    xAxis: { type: 'category', data: categories, boundaryGap: series.some((s) => s.kind === 'bar'), ...axis() },
    yAxis: [
      { type: 'value', minInterval: 1, ...axis() },
      ...(hasRight ? [{ type: 'value', ...axis(), splitLine: { show: false }, axisLabel: { color: ink().label, formatter: (v: number) => (fmtRight ?? String)(v) } }] : []),
    ],
    series: lines.flat(),
  };
}

/** Rates over time, one line per series (e.g. a funnel's conversion per segment), on a 0-based rate axis. */
export function rateLinesChart(categories: string[], series: Series[], fmt: (v: number) => string): EChartsCoreOption {
  const base = lineChart(categories, series, fmt) as { series: object[] };
  return {
    ...base,
    // Several lines: no area under each (they would pile up).
    series: base.series.map((s) => ({ ...s, areaStyle: undefined })),
    yAxis: [{ type: 'value', min: 0, ...axis(), axisLabel: { color: ink().label, formatter: (v: number) => fmt(v) } }],
  };
}

export function barChart(categories: string[], values: number[], name: string, fmt: (v: number) => string = String, color = BLUE): EChartsCoreOption {
  return {
    color: [color],
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: axisTooltip(fmt),
    xAxis: { type: 'category', data: categories, ...axis(), axisLabel: { color: ink().label, interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', ...axis(), axisLabel: { color: ink().label, formatter: (v: number) => fmt(v) } },
    series: [{ name, type: 'bar', data: values, barMaxWidth: 48 }],
  };
}

export interface SankeyData {
  nodes: { name: string; label: string }[];
  links: { source: string; target: string; value: number }[];
}

export function sankeyChart(d: SankeyData): EChartsCoreOption {
  const labels = new Map(d.nodes.map((n) => [n.name, n.label]));
  return {
    color: PALETTE,
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { dataType?: string; name?: string; value?: unknown; data?: { source?: string; target?: string } }) => {
        const v = escapeHtml(Number(p.value).toLocaleString('en-US'));
        if (p.dataType === 'edge' && p.data) {
          const from = labels.get(p.data.source ?? '') ?? '';
          const to = labels.get(p.data.target ?? '') ?? '';
          return `${escapeHtml(from)} → ${escapeHtml(to)}: <b>${v}</b>`;
        }
        return `${escapeHtml(labels.get(p.name ?? '') ?? p.name ?? '')}: <b>${v}</b>`;
      },
    },
    series: [
      {
        type: 'sankey',
        // "(end)", "(start)" and "(other)" are bookkeeping, not touchpoints: grey.
        data: d.nodes.map((n) => (/^\(\w+\)$/.test(n.label) ? { name: n.name, itemStyle: { color: ink().axis } } : { name: n.name })),
        // Keep every node in its step's column (the default pushes early "(end)"s to the far right).
        nodeAlign: 'left',
        links: d.links,
        left: 8,
        right: 120,
        top: 8,
        bottom: 8,
        nodeGap: 10,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', opacity: 0.35 },
        // Node names carry a step prefix to keep steps apart; show only the touchpoint.
        label: { color: ink().node, fontSize: 11, width: 110, overflow: 'truncate', formatter: (p: { name: string }) => labels.get(p.name) ?? p.name },
      },
    ],
  };
}

/** Two bars per category on separate axes, e.g. page views (count) and bounce rate by load time. */
export function dualBarChart(categories: string[], a: Series, b: Series, fmtA: (v: number) => string, fmtB: (v: number) => string): EChartsCoreOption {
  return {
    color: [SKY, RUST],
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (ps: AxisParam[]) =>
        [escapeHtml(ps[0]?.axisValueLabel ?? ''), ...ps.map((p, i) => `${p.marker ?? ''}${escapeHtml(p.seriesName ?? '')}: <b>${escapeHtml(p.value === null || p.value === undefined || p.value === '-' ? '–' : (i === 0 ? fmtA : fmtB)(Number(p.value)))}</b>`)].join('<br>'),
    },
    xAxis: { type: 'category', data: categories, ...axis() },
    yAxis: [
      { type: 'value', ...axis(), axisLabel: { color: ink().label, formatter: (v: number) => fmtA(v) } },
      { type: 'value', ...axis(), splitLine: { show: false }, axisLabel: { color: ink().label, formatter: (v: number) => fmtB(v) } },
    ],
    series: [
      { name: a.name, type: 'bar', data: a.values, barMaxWidth: 40 },
      { name: b.name, type: 'line', yAxisIndex: 1, data: b.values },
    ],
  };
}

/**
 * A funnel's conversion over time: units that entered (bars, left axis) and the share of them that
 * converted (line, right axis). Buckets whose conversion window is still open continue the line
 * dashed, as "Still converting": their rate can still rise.
 */
export function trendChart(
  categories: string[],
  entered: number[],
  rates: (number | null)[],
  complete: boolean[],
  fmtCount: (v: number) => string,
  fmtRate: (v: number) => string,
): EChartsCoreOption {
  const firstOpen = complete.indexOf(false);
  // The dashed line starts at the last complete point, so the two lines join.
  const open = rates.map((r, i) => (firstOpen >= 0 && i >= Math.max(0, firstOpen - 1) ? r : null));
  const closed = rates.map((r, i) => (firstOpen < 0 || i < firstOpen ? r : null));
  const names = ['Entered', 'Converted', 'Still converting'];
  return {
    color: [SKY, BLUE, BLUE],
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: ink().legend }, data: names.filter((_, i) => i === 0 || [closed, open][i - 1]!.some((r) => r !== null)) },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (ps: (AxisParam & { seriesIndex?: number; dataIndex?: number })[]) => {
        const list = Array.isArray(ps) ? ps : [ps];
        const i = list[0]?.dataIndex ?? 0;
        const head = `${escapeHtml(list[0]?.axisValueLabel ?? '')}${complete[i] === false ? ' (still converting)' : ''}`;
        const lines = list
          .filter((p) => p.seriesName !== MARKS_SERIES && (p.seriesIndex === 0 || (p.seriesIndex === 1 ? closed[i] !== null : closed[i] === null)))
          .map((p) => {
            const v = p.value === null || p.value === undefined || p.value === '-' ? '–' : p.seriesIndex === 0 ? fmtCount(Number(p.value)) : fmtRate(Number(p.value));
            return `${p.marker ?? ''}${escapeHtml(p.seriesIndex === 0 ? names[0]! : names[1]!)}: <b>${escapeHtml(v)}</b>`;
          });
        return [head, ...lines].join('<br>');
      },
    },
    xAxis: { type: 'category', data: categories, boundaryGap: true, ...axis() },
    yAxis: [
      { type: 'value', minInterval: 1, ...axis() },
      { type: 'value', min: 0, ...axis(), splitLine: { show: false }, axisLabel: { color: ink().label, formatter: (v: number) => fmtRate(v) } },
    ],
    series: [
      { name: names[0], type: 'bar', data: entered, barMaxWidth: 32, itemStyle: { opacity: 0.45 } },
      { name: names[1], type: 'line', yAxisIndex: 1, data: closed, showSymbol: categories.length <= 31 },
      { name: names[2], type: 'line', yAxisIndex: 1, data: open, showSymbol: categories.length <= 31, lineStyle: { type: 'dashed' }, itemStyle: { opacity: 0.6 } },
    ],
  };
}

/** A dated note (an annotation) on a category axis: `at` is its category, `text` the note. */
export interface Mark {
  at: string;
  text: string;
}

const shortText = (t: string) => (t.length > 28 ? `${t.slice(0, 27)}…` : t);

/**
 * The option with each mark as a thin full-height bar labelled with its note (cut short; the full
 * text is listed beside the chart). A bar on its own hidden 0–1 axis, not ECharts' markLine: that
 * component alone would cost 5 KB of the dashboard's budget. Labels are painted, not HTML.
 */
export function withMarks(option: EChartsCoreOption, marks: readonly Mark[]): EChartsCoreOption {
  const o = option as { series?: { name?: string }[]; yAxis?: object | object[]; xAxis?: { data?: string[] }; legend?: { data?: unknown[] } };
  const categories = o.xAxis?.data ?? [];
  if (marks.length === 0 || !o.series?.length) return option;
  const yAxis = Array.isArray(o.yAxis) ? o.yAxis : o.yAxis ? [o.yAxis] : [];
  const text = new Map(marks.map((m) => [m.at, m.text]));
  const marksSeries = {
    name: MARKS_SERIES,
    type: 'bar',
    yAxisIndex: yAxis.length,
    data: categories.map((c) => (text.has(c) ? 1 : null)),
    barWidth: 1,
    // Over other bars in the same category, not beside them.
    barGap: '-100%',
    silent: true,
    z: 1,
    tooltip: { show: false },
    itemStyle: { color: '#94a3b8' },
    label: { show: true, position: [4, 2], color: ink().label, fontSize: 11, formatter: (p: { name?: string }) => shortText(text.get(p.name ?? '') ?? '') },
  };
  return {
    ...option,
    // A legend without its own list would list every series, the marks too.
    legend: { ...o.legend, data: o.legend?.data ?? o.series.map((x) => x.name).filter((n) => n !== undefined) },
    yAxis: [...yAxis, { type: 'value', min: 0, max: 1, show: false }],
    series: [...o.series, marksSeries],
  };
}
