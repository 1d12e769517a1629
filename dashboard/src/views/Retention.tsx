/**
 * Retention: do new visitors come back? Cohorts by the day or week of their first visit, the share
 * of each that came back in every later period as a shaded grid, and the average curve over the
 * periods that have ended. "Came back" is any visit, or a custom event (a second purchase).
 */
import { customEventsResultSchema } from '../../../analysis/custom-events/schema.js';
import { dayCohortsAllowed, retentionResultSchema, type RetentionResult } from '../../../analysis/retention/schema.js';
import { request } from '../api.js';
import type { Ctx } from '../context.js';
import { fmtInt, fmtRate } from '../format.js';
import { analysisUrl } from '../queries.js';
import { setQuery } from '../router.js';
import { filterParams } from '../state.js';
import { useApi } from '../use-api.js';
import { rateLinesChart } from '../charts/options.js';
import { Chart } from '../components/Chart.js';
import { Async, Empty } from '../components/States.js';
import { BreakdownPicker } from '../components/BreakdownTable.js';
import { DIMENSION_NAMES, type Dimension } from '../../../analysis/common/dimensions.js';
import { CohortGrid, backText, unit } from '../components/RetentionGrid.js';
import { Segments } from '../components/RetentionSegments.js';


export function Retention({ ctx }: { ctx: Ctx }) {
  // Day cohorts are refused over long ranges (the API's own check): offer weeks only then.
  const dayAllowed = dayCohortsAllowed(ctx.range.from, ctx.range.to);
  const asked = ctx.q.get('cohorts');
  const interval = asked === 'week' || (asked === 'day' && dayAllowed) ? asked : dayAllowed ? undefined : 'week';
  const back = ctx.q.get('back') || undefined;
  const by = ctx.q.get('breakdown');
  const breakdown = DIMENSION_NAMES.includes(by as Dimension) ? (by as Dimension) : undefined;
  const url = analysisUrl(ctx, 'retention', { interval, return_event: back, breakdown });
  const state = useApi(url, (signal) => request(url, retentionResultSchema, { signal }));
  // The custom events the site sends in this range, for "came back to …".
  const namesUrl = analysisUrl({ ...ctx, filters: {} }, 'custom_events', { limit: 100 });
  const names = useApi(namesUrl, (signal) => request(namesUrl, customEventsResultSchema, { signal })).data?.events.map((e) => e.name) ?? [];
  const options = back && !names.includes(back) ? [back, ...names] : names;

  return (
    <div class="view retention">
      <div class="view-head">
        <h1 class="view-title">Retention</h1>
        <div class="view-controls">
          <label class="inline-field">
            Cohorts by
            <select value={interval ?? ''} data-testid="cohort-picker" onChange={(e) => setQuery({ cohorts: e.currentTarget.value || undefined })}>
              <option value="">Automatic</option>
              <option value="day" disabled={!dayAllowed}>
                Day
              </option>
              <option value="week">Week</option>
            </select>
          </label>
          <BreakdownPicker label="Compare by" value={breakdown} options={DIMENSION_NAMES} />
          <label class="inline-field">
            Came back
            <select value={back ?? ''} data-testid="return-picker" onChange={(e) => setQuery({ back: e.currentTarget.value || undefined })}>
              <option value="">Any visit</option>
              {options.map((n) => (
                <option key={n} value={n}>
                  to send “{n}”
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <Async
        state={state}
        isEmpty={(d) => d.totals.visitors === 0}
        empty={
          <Empty title="No new visitors in this period">
            Everyone seen in it had visited before, or nobody came (or passed the filters). Try a wider date range, or remove filters.
          </Empty>
        }
      >
        {(d) => <Body d={d} filtered={filterParams(ctx.filters).length > 0} from={ctx.range.from.slice(0, 10)} q={ctx.q} />}
      </Async>
    </div>
  );
}

function Body({ d, filtered, from, q }: { d: RetentionResult; filtered: boolean; from: string; q: URLSearchParams }) {
  const u = unit(d);
  // Cohorts before the first visitor (a range reaching back before the site's data) are noise.
  const first = d.cohorts.findIndex((c) => c.visitors > 0);
  const cohorts = d.cohorts.slice(first);
  // Shades and chart labels are relative to the best cell: a 12 % day should not look empty.
  const top = cohorts.reduce((m, c) => c.periods.reduce((mm, x) => Math.max(mm, x.rate ?? 0), m), 0);
  const digits = top < 0.05 ? 1 : 0;
  return (
    <>
      <p class="lead">
        <strong data-retention-new>{fmtInt(d.totals.visitors)}</strong> new visitors in this period (seen for the first time); <strong data-retention-rate>{fmtRate(d.totals.rate)}</strong> of them{' '}
        {backText(d)} on a later {u.toLowerCase()}.
        {filtered && <span class="muted"> The filters pick people by their first visit (its source, device, pages…).</span>}
      </p>
      {d.periods.length > 0 && (
        <section class="card">
          <h3>Average retention</h3>
          <p class="muted">
            Share of a cohort that {backText(d)} {u.toLowerCase()} 1, 2, … after its first visit, weighted by cohort size, over the {u.toLowerCase()}s that have ended.
          </p>
          <Chart
            name="retention-curve"
            label={`Average share back per ${u.toLowerCase()} after the first visit`}
            height={220}
            option={rateLinesChart(
              d.periods.map((p) => `${u} ${p.period}`),
              [{ name: 'Back', values: d.periods.map((p) => p.rate) }],
              (v) => fmtRate(v, digits),
            )}
          />
        </section>
      )}
      <CohortGrid d={d} cohorts={cohorts} top={top} digits={digits} from={from} q={q} />
      {d.breakdown && <Segments d={d} digits={digits} />}
    </>
  );
}
