/**
 * Retention: do new visitors come back? Cohorts by the day or week of their first visit, the share
 * of each that came back in every later period as a shaded grid, and the average curve over the
 * periods that have ended. "Came back" is any visit, or a custom event (a second purchase).
 */
import { customEventsResultSchema } from '../../../analysis/custom-events/schema.js';
import { MAX_DAY_COHORTS, retentionResultSchema, type RetentionResult } from '../../../analysis/retention/schema.js';
import { rangePoint, DAY_MS } from '../../../analysis/common/time.js';
import { toCsv } from '../../../analysis/common/csv.js';
import { request } from '../api.js';
import type { Ctx } from '../context.js';
import { fmtInt, fmtRate } from '../format.js';
import { analysisUrl } from '../queries.js';
import { Link, setQuery } from '../router.js';
import { carry, filterParams } from '../state.js';
import { useApi } from '../use-api.js';
import { rateLinesChart } from '../charts/options.js';
import { Chart } from '../components/Chart.js';
import { Async, Empty } from '../components/States.js';
import { BREAKDOWN_LABELS, BreakdownPicker } from '../components/BreakdownTable.js';
import { DIMENSION_NAMES, type Dimension } from '../../../analysis/common/dimensions.js';
import { downloadCsv } from '../components/Table.js';

type Cohort = RetentionResult['cohorts'][number];

/** Day cohorts are refused past MAX_DAY_COHORTS days (the API says so): offer weeks only then. */
function rangeDays(ctx: Ctx): number {
  const from = rangePoint(ctx.range.from);
  const to = rangePoint(ctx.range.to);
  return from && to ? (to.end - from.start) / DAY_MS : 0;
}

export function Retention({ ctx }: { ctx: Ctx }) {
  const dayAllowed = rangeDays(ctx) <= MAX_DAY_COHORTS;
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

const unit = (d: RetentionResult) => (d.interval === 'day' ? 'Day' : 'Week');
const backText = (d: RetentionResult) => (d.return_event ? `sent “${d.return_event}”` : 'came back');

function Body({ d, filtered, from, q }: { d: RetentionResult; filtered: boolean; from: string; q: URLSearchParams }) {
  const u = unit(d);
  // Cohorts before the first visitor (a range reaching back before the site's data) are noise.
  const first = d.cohorts.findIndex((c) => c.visitors > 0);
  const cohorts = d.cohorts.slice(first);
  const maxPeriod = cohorts.reduce((n, c) => Math.max(n, c.periods.length), 0);
  // Shades and chart labels are relative to the best cell: a 12 % day should not look empty.
  const top = cohorts.reduce((m, c) => c.periods.reduce((mm, x) => Math.max(mm, x.rate ?? 0), m), 0);
  const digits = top < 0.05 ? 1 : 0;
  const periods = Array.from({ length: maxPeriod }, (_, i) => i + 1);
  const avg = new Map(d.periods.map((p) => [p.period, p]));
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
      <section class="card table-card" data-table="retention">
        <header class="card-head">
          <h3>Cohorts by {u.toLowerCase()} of first visit</h3>
          <div class="card-actions">
            <button type="button" class="small" data-export="retention" onClick={() => exportGrid(d, cohorts, periods)}>
              CSV
            </button>
          </div>
        </header>
        <p class="muted">
          Each row: the people first seen that {u.toLowerCase()}; each column: the share who {backText(d)} so many {u.toLowerCase()}s later. <span class="open-mark">Italic</span> cells are
          still open and can grow. A number opens the people behind it.
        </p>
        <div class="table-scroll">
          <table class="retention-grid">
            <thead>
              <tr>
                <th>Cohort</th>
                <th class="num">New visitors</th>
                <th class="num" title={`Back on any later ${u.toLowerCase()}`}>
                  Back
                </th>
                {periods.map((n) => (
                  <th key={n} class="num">
                    {u} {n}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr class="average" data-cohort="average">
                <th scope="row">Average</th>
                <td class="num">{fmtInt(d.totals.visitors)}</td>
                <td class="num">{fmtRate(d.totals.rate, 0)}</td>
                {periods.map((n) => {
                  const a = avg.get(n);
                  return (
                    <td key={n} class="num" data-period={n} title={a ? `${fmtInt(a.returned)} of ${fmtInt(a.visitors)} in ${a.cohorts} cohort${a.cohorts === 1 ? '' : 's'}` : 'No cohort has reached it yet'}>
                      {a ? fmtRate(a.rate, digits) : ''}
                    </td>
                  );
                })}
              </tr>
              {cohorts.map((c) => (
                <CohortRow key={c.bucket} c={c} periods={periods} d={d} top={top} digits={digits} from={from} q={q} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {d.breakdown && <Segments d={d} digits={digits} />}
    </>
  );
}

type Segment = NonNullable<RetentionResult['breakdown']>['segments'][number];

/** Segments side by side: each one's average per period (▲/▼ where it differs significantly from the rest), as lines and a table. */
function Segments({ d, digits }: { d: RetentionResult; digits: number }) {
  const b = d.breakdown!;
  const u = unit(d);
  const periods = d.periods.map((p) => p.period);
  const label = BREAKDOWN_LABELS[b.dimension];
  const at = (s: Segment, n: number) => s.periods.find((p) => p.period === n);
  return (
    <section class="card table-card" data-table="retention-segments">
      <header class="card-head">
        <h3>By {label.toLowerCase()} of the first visit</h3>
      </header>
      {periods.length > 0 && (
        <Chart
          name="retention-segments"
          label={`Average share back per ${u.toLowerCase()} by ${label.toLowerCase()}`}
          height={240}
          option={rateLinesChart(
            periods.map((n) => `${u} ${n}`),
            b.segments.map((s) => ({ name: s.value, values: periods.map((n) => at(s, n)?.rate ?? null) })),
            (v) => fmtRate(v, digits),
          )}
        />
      )}
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th>{label}</th>
              <th class="num">New visitors</th>
              <th class="num">Back</th>
              {periods.map((n) => (
                <th key={n} class="num" title="▲/▼ = significantly more/fewer back than all other new visitors (p < 0.05)">
                  {u} {n}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {b.segments.map((s) => (
              <tr key={s.value} data-segment={s.value}>
                <th scope="row">{s.value}</th>
                <td class="num" data-col="visitors">
                  {fmtInt(s.visitors)}
                </td>
                <td class="num">{fmtRate(s.rate, 0)}</td>
                {periods.map((n) => {
                  const x = at(s, n);
                  if (!x) return <td key={n} />;
                  const all = d.periods.find((p) => p.period === n)!;
                  const better = x.significant && x.rate !== null && all.rate !== null && x.rate > all.rate;
                  return (
                    <td key={n} class="num" data-period={n} data-returned={x.returned} title={`${fmtInt(x.returned)} of ${fmtInt(x.visitors)}${x.p_value === null ? '' : ` · p = ${x.p_value.toPrecision(2)}`}`}>
                      <span class={x.significant ? (better ? 'sig better' : 'sig worse') : undefined} data-significant={x.significant ? 'yes' : undefined}>
                        {fmtRate(x.rate, digits)}
                        {x.significant && <span aria-label={better ? 'significantly better' : 'significantly worse'}>{better ? ' ▲' : ' ▼'}</span>}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CohortRow({ c, periods, d, top, digits, from, q }: { c: Cohort; periods: number[]; d: RetentionResult; top: number; digits: number; from: string; q: URLSearchParams }) {
  const u = unit(d).toLowerCase();
  // The people behind a number: the cohort (period 0), or those back n periods later.
  const who = (n: number) => carry('/people', q, { cohort: c.bucket, period: String(n), interval: d.interval, return_event: d.return_event ?? undefined });
  return (
    <tr data-cohort={c.bucket}>
      <th scope="row" class={c.complete ? undefined : 'open'}>
        {c.bucket}
        {/* A week that began before the range: its people from the range's first day on. */}
        {c.bucket < from && <span class="muted"> from {from.slice(5)}</span>}
      </th>
      <td class="num" data-col="visitors">
        {c.visitors > 0 ? <Link href={who(0)}>{fmtInt(c.visitors)}</Link> : fmtInt(c.visitors)}
      </td>
      <td class="num" data-col="back">
        {fmtRate(c.rate, 0)}
      </td>
      {periods.map((n) => {
        const x = c.periods[n - 1];
        if (!x) return <td key={n} />;
        const title = `${fmtInt(x.returned)} of ${fmtInt(c.visitors)} ${backText(d)} ${u} ${n}${x.complete ? '' : ' (still open)'}`;
        // Shade by share of the best cell; an empty cohort has no share to shade.
        const share = x.rate === null || top === 0 ? 0 : x.rate / top;
        const alpha = x.rate === null ? 0 : 0.06 + 0.74 * share;
        return (
          <td
            key={n}
            class={`num cell${x.complete ? '' : ' open'}${share >= 0.6 ? ' dark' : ''}`}
            data-period={n}
            data-returned={x.returned}
            title={title}
            style={{ background: `rgba(47, 111, 222, ${alpha.toFixed(3)})` }}
          >
            {x.returned > 0 ? <Link href={who(n)}>{fmtRate(x.rate, digits)}</Link> : fmtRate(x.rate, digits)}
          </td>
        );
      })}
    </tr>
  );
}

function exportGrid(d: RetentionResult, cohorts: Cohort[], periods: number[]) {
  const cols = ['cohort', 'new_visitors', 'back', ...periods.map((n) => `${d.interval}_${n}`)];
  const rows = cohorts.map((c) => ({
    cohort: c.bucket,
    new_visitors: c.visitors,
    back: c.returned,
    ...Object.fromEntries(periods.map((n) => [`${d.interval}_${n}`, c.periods[n - 1]?.returned ?? null])),
  }));
  downloadCsv('retention', toCsv(cols, rows));
}
