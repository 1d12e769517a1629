/**
 * One ECharts chart: loads the chart chunk on first use, resizes with its box, forwards clicks.
 * The option must come from charts/options.ts builders, whose tooltips escape HTML.
 *
 * Charts do not animate for people who ask for reduced motion (`prefers-reduced-motion: reduce`).
 * `data-rendered` is on the chart's box once ECharts has drawn the option it shows now, animations
 * included (its `finished` event); a new option takes it away until that one is drawn. Tests wait
 * for it before reading or photographing a chart.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EChartsCoreOption } from 'echarts/core';
import type { ECharts } from '../charts/echarts.js';

type Lib = typeof import('../charts/echarts.js');
let lib: Promise<Lib> | undefined;
const loadLib = () => (lib ??= import('../charts/echarts.js'));

const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

export interface ChartClick {
  name: string;
  dataIndex: number;
  seriesIndex: number;
  dataType?: string;
  data: unknown;
}

export function Chart(props: {
  option: EChartsCoreOption;
  height?: number;
  label: string;
  onClick?: (p: ChartClick) => void;
  name?: string;
  /** Categories marked by annotations (charts/options.ts withMarks), named on the box for tests and assistive tech. */
  marks?: readonly string[];
  /** The category of a period not over yet, drawn "so far" (lineChart's partialFrom); named on the box for tests. */
  partial?: string | undefined;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const click = useRef(props.onClick);
  click.current = props.onClick;
  // The newest option (the chart may be created after the first render, once the library loaded)
  // and the one the chart was last given.
  const latest = useRef(props.option);
  latest.current = props.option;
  const applied = useRef<EChartsCoreOption | null>(null);
  const [drawn, setDrawn] = useState<EChartsCoreOption | null>(null);
  const [failed, setFailed] = useState(false);

  const show = (c: ECharts, option: EChartsCoreOption, notMerge: boolean) => {
    applied.current = option;
    c.setOption(reducedMotion() ? { ...option, animation: false } : option, { notMerge });
  };

  useEffect(() => {
    let disposed = false;
    let ro: ResizeObserver | undefined;
    loadLib().then(
      ({ init }) => {
        if (disposed || !box.current) return;
        const c = init(box.current, undefined, { renderer: 'canvas' });
        chart.current = c;
        c.on('finished', () => setDrawn(applied.current));
        show(c, latest.current, false);
        c.on('click', (p) => click.current?.(p as unknown as ChartClick));
        ro = new ResizeObserver(() => c.resize());
        ro.observe(box.current);
      },
      (err: unknown) => {
        console.error('chart library failed to load', err);
        setFailed(true);
      },
    );
    return () => {
      disposed = true;
      ro?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (chart.current && applied.current !== props.option) show(chart.current, props.option, true);
  }, [props.option]);

  if (failed) return <p class="state error-state">The chart library could not be loaded. Reload the page to try again.</p>;
  return (
    <div
      ref={box}
      class="chart"
      style={{ height: `${props.height ?? 260}px` }}
      role="img"
      aria-label={props.label}
      data-chart={props.name}
      data-rendered={drawn !== null && drawn === props.option ? '' : undefined}
      data-marks={props.marks?.length ? props.marks.join('|') : undefined}
      data-partial={props.partial}
    />
  );
}
