/**
 * The retention grid: a row per cohort (the people first seen that day or week), a column per later
 * period, each cell the share who came back, shaded by it; an average row on top; every number
 * links to the people behind it.
 */
import type { RetentionResult } from '../../../analysis/retention/schema.js';
import { toCsv } from '../../../analysis/common/csv.js';
import { fmtInt, fmtRate } from '../format.js';
import { Link } from '../router.js';
import { cohortHref } from '../cohort-link.js';
import { downloadCsv } from './Table.js';

type Cohort = RetentionResult['cohorts'][number];

export const unit = (d: RetentionResult) => (d.interval === 'day' ? 'Day' : 'Week');
export const backText = (d: RetentionResult) => (d.return_event ? `sent “${d.return_event}”` : 'came back');

/** `top`: the best cell's share, which the shades are relative to; `from`: the range's first day. */
export function CohortGrid({ d, cohorts, top, digits, from, q }: { d: RetentionResult; cohorts: Cohort[]; top: number; digits: number; from: string; q: URLSearchParams }) {
  const u = unit(d);
  const maxPeriod = cohorts.reduce((n, c) => Math.max(n, c.periods.length), 0);
  const periods = Array.from({ length: maxPeriod }, (_, i) => i + 1);
  const avg = new Map(d.periods.map((p) => [p.period, p]));
  return (
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
  );
}

function CohortRow({ c, periods, d, top, digits, from, q }: { c: Cohort; periods: number[]; d: RetentionResult; top: number; digits: number; from: string; q: URLSearchParams }) {
  const u = unit(d).toLowerCase();
  // The people behind a number: the cohort (period 0), or those back n periods later.
  const who = (n: number) => cohortHref(q, { cohort: c.bucket, period: n, lost: false, interval: d.interval, returnEvent: d.return_event ?? undefined });
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
        // Shade by share of the best cell; an empty cohort has no share to shade. At most 70 % of
        // the shade's blue, so black text keeps 5:1 on the darkest cell (white text on a dark page).
        const share = x.rate === null || top === 0 ? 0 : x.rate / top;
        const alpha = x.rate === null ? 0 : 0.06 + 0.64 * share;
        return (
          <td
            key={n}
            class={`num cell${x.complete ? '' : ' open'}`}
            data-period={n}
            data-returned={x.returned}
            title={title}
            style={{ background: `rgba(30, 64, 175, ${alpha.toFixed(3)})` }}
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
