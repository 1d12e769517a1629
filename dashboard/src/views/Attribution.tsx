/**
 * Attribution: the journey's conversions and revenue credited to channels by a chosen model
 * (first touch, last non-direct, linear, position-based 40/20/40, time decay) over a lookback
 * window; the model switch is client-side (one answer holds every model).
 */
import type { StoredJourney } from '../../../analysis/journeys/schema.js';
import { MODELS, attributionResultSchema, type AttributionResult, type Model } from '../../../analysis/attribution/schema.js';
import { request } from '../api.js';
import type { Ctx } from '../context.js';
import { fmtInt, fmtMoney, fmtRate } from '../format.js';
import { analysisUrl } from '../queries.js';
import { setQuery } from '../router.js';
import { useApi } from '../use-api.js';
import { barChart } from '../charts/options.js';
import { Chart } from '../components/Chart.js';
import { Async, Empty } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';

export const MODEL_LABELS: Record<Model, string> = {
  first_touch: 'First touch',
  last_non_direct: 'Last non-direct',
  linear: 'Linear',
  position_based: 'Position-based',
  time_decay: 'Time decay',
};
const LOOKBACKS = [7, 30, 90];
type Row = AttributionResult['channels'][number];
const num = (v: number, digits = 2) => v.toLocaleString('en-US', { maximumFractionDigits: digits });

export function Attribution({ ctx, journey }: { ctx: Ctx; journey: StoredJourney }) {
  const model = MODELS.find((m) => m === ctx.q.get('model')) ?? 'linear';
  const lookback = LOOKBACKS.find((l) => String(l) === ctx.q.get('lookback')) ?? 30;
  const url = analysisUrl(ctx, 'attribution', { journey: journey.id, lookback_days: lookback, limit: 50 });
  const state = useApi(url, (signal) => request(url, attributionResultSchema, { signal }));
  return (
    <section class="card attribution" data-attribution>
      <header class="card-head">
        <h3>Attribution</h3>
        <label class="inline-field">
          Lookback
          <select value={String(lookback)} onChange={(e) => setQuery({ lookback: e.currentTarget.value === '30' ? undefined : e.currentTarget.value })}>
            {LOOKBACKS.map((l) => (
              <option key={l} value={String(l)}>
                {l} days
              </option>
            ))}
          </select>
        </label>
      </header>
      <div class="segmented" role="group" aria-label="Attribution model">
        {MODELS.map((m) => (
          <button key={m} type="button" class={m === model ? 'active' : ''} aria-pressed={m === model} data-model={m} onClick={() => setQuery({ model: m === 'linear' ? undefined : m })}>
            {MODEL_LABELS[m]}
          </button>
        ))}
      </div>
      <Async state={state} isEmpty={(d) => d.conversions === 0} empty={<Empty title="No conversions in this period">Nobody reached the journey’s last stage, so there is nothing to credit.</Empty>}>
        {(d) => <Credits d={d} model={model} />}
      </Async>
    </section>
  );
}

function Credits({ d, model }: { d: AttributionResult; model: Model }) {
  const columns: Column<Row>[] = [
    { key: 'channel', label: 'Channel', value: (r) => r.channel },
    { key: 'conversions', label: 'Conversions', value: (r) => r[model].conversions, format: (v) => (v === null ? '–' : num(v)), numeric: true },
    { key: 'share', label: 'Share', value: (r) => (d.conversions ? r[model].conversions / d.conversions : null), format: fmtRate, numeric: true },
    { key: 'revenue', label: 'Revenue', value: (r) => r[model].revenue, format: fmtMoney, numeric: true },
  ];
  const compare: Column<Row>[] = [
    { key: 'channel', label: 'Channel', value: (r) => r.channel },
    ...MODELS.map((m): Column<Row> => ({ key: m, label: MODEL_LABELS[m], value: (r) => r[m].conversions, format: (v) => (v === null ? '–' : num(v, 1)), numeric: true })),
  ];
  const sorted = [...d.channels].sort((a, b) => b[model].conversions - a[model].conversions);
  return (
    <>
      <p class="lead">
        <strong data-conversions>{fmtInt(d.conversions)}</strong> conversions, <strong data-revenue>{fmtMoney(d.revenue)}</strong> revenue, credited by{' '}
        <strong>{MODEL_LABELS[model].toLowerCase()}</strong> over a {d.lookback_days}-day lookback.
      </p>
      <Chart
        name="attribution"
        label={`Conversions credited per channel, ${MODEL_LABELS[model]}`}
        height={220}
        option={barChart(sorted.map((r) => r.channel), sorted.map((r) => Math.round(r[model].conversions * 100) / 100), 'Conversions', (v) => num(v))}
      />
      <Table name={`attribution-${model}`} title={MODEL_LABELS[model]} rows={d.channels} columns={columns} initialSort={{ key: 'conversions', desc: true }} limit={20} />
      <Table name="attribution-models" title="All models compared (conversions)" rows={d.channels} columns={compare} initialSort={{ key: 'linear', desc: true }} limit={20} />
    </>
  );
}
