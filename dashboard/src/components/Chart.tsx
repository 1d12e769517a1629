/**
 * One ECharts chart: loads the chart chunk on first use, resizes with its box, forwards clicks.
 * The option must come from charts/options.ts builders, whose tooltips escape HTML.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EChartsCoreOption } from 'echarts/core';
import type { ECharts } from '../charts/echarts.js';

type Lib = typeof import('../charts/echarts.js');
let lib: Promise<Lib> | undefined;
const loadLib = () => (lib ??= import('../charts/echarts.js'));

export interface ChartClick {
  name: string;
  dataIndex: number;
  seriesIndex: number;
  dataType?: string;
  data: unknown;
}

export function Chart(props: { option: EChartsCoreOption; height?: number; label: string; onClick?: (p: ChartClick) => void; name?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const click = useRef(props.onClick);
  click.current = props.onClick;
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let ro: ResizeObserver | undefined;
    loadLib().then(
      ({ init }) => {
        if (disposed || !box.current) return;
        const c = init(box.current, undefined, { renderer: 'canvas' });
        chart.current = c;
        c.setOption(props.option);
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
    chart.current?.setOption(props.option, { notMerge: true });
  }, [props.option]);

  if (failed) return <p class="state error-state">The chart library could not be loaded. Reload the page to try again.</p>;
  return <div ref={box} class="chart" style={{ height: `${props.height ?? 260}px` }} role="img" aria-label={props.label} data-chart={props.name} />;
}
