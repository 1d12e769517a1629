/**
 * ECharts with only what the dashboard draws (tree-shaken modular build), in its own chunk that
 * loads with the first chart. Canvas renderer: labels are painted, not HTML. Tooltips are HTML,
 * so every tooltip uses a formatter that escapes (see charts/options.ts).
 */
import { use, init, type ECharts } from 'echarts/core';
import { BarChart, LineChart, SankeyChart } from 'echarts/charts';
import { GridSimpleComponent, LegendPlainComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, SankeyChart, GridSimpleComponent, LegendPlainComponent, TooltipComponent, CanvasRenderer]);

export { init };
export type { ECharts };
