/**
 * Retention by segment (a breakdown by the first visit's channel, device…): each segment's average
 * share back per period, as lines and a table, ▲/▼ where it differs significantly from the rest.
 */
import type { RetentionResult } from '../../../analysis/retention/schema.js';
import { fmtInt, fmtRate } from '../format.js';
import { rateLinesChart } from '../charts/options.js';
import { BREAKDOWN_LABELS } from './BreakdownTable.js';
import { Chart } from './Chart.js';
import { unit } from './RetentionGrid.js';
import { Sig } from './Sig.js';
import { downloadCsv } from './Table.js';
import { toCsv } from '../../../analysis/common/csv.js';

type Segment = NonNullable<RetentionResult['breakdown']>['segments'][number];

/** Segments side by side: each one's average per period (▲/▼ where it differs significantly from the rest), as lines and a table. */
export function Segments({ d, digits }: { d: RetentionResult; digits: number }) {
  const b = d.breakdown!;
  const u = unit(d);
  const periods = d.periods.map((p) => p.period);
  const label = BREAKDOWN_LABELS[b.dimension];
  const at = (s: Segment, n: number) => s.periods.find((p) => p.period === n);
  return (
    <section class="card table-card" data-table="retention-segments">
      <header class="card-head">
        <h3>By {label.toLowerCase()} of the first visit</h3>
        <div class="card-actions">
          <button type="button" class="small" data-export="retention-segments" onClick={() => exportSegments(d, periods)}>
            CSV
          </button>
        </div>
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
                      <Sig significant={x.significant} better={better}>
                        {fmtRate(x.rate, digits)}
                      </Sig>
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

/** The table as CSV: per segment its people, how many came back, and per period the average share back. */
function exportSegments(d: RetentionResult, periods: number[]) {
  const cols = ['segment', 'new_visitors', 'back', ...periods.map((n) => `${d.interval}_${n}_rate`)];
  const rows = d.breakdown!.segments.map((s) => ({
    segment: s.value,
    new_visitors: s.visitors,
    back: s.returned,
    ...Object.fromEntries(periods.map((n) => [`${d.interval}_${n}_rate`, s.periods.find((p) => p.period === n)?.rate ?? null])),
  }));
  downloadCsv(`retention-by-${d.breakdown!.dimension}`, toCsv(cols, rows));
}
