/**
 * Every table sorts (click a header; again to reverse) and exports what it holds as CSV, built
 * client side with the same CSV writer the API uses (formula-safe cells).
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { toCsv, type CsvValue } from '../../../analysis/common/csv.js';

export interface Column<R> {
  key: string;
  label: string;
  /** The raw value: what sorts and what the CSV holds. */
  value: (r: R) => string | number | null;
  /** What the cell shows (default: formatted value). */
  render?: (r: R) => ComponentChildren;
  format?: (v: number | null) => string;
  numeric?: boolean;
  /** Help text for the header. */
  hint?: string;
}

interface Props<R> {
  title?: string;
  name: string;
  columns: Column<R>[];
  rows: R[];
  initialSort?: { key: string; desc: boolean };
  /** Rows shown before "Show all". */
  limit?: number;
  empty?: string;
  actions?: ComponentChildren;
  /** Extra class on the card (e.g. span2 to take a full grid row). */
  class?: string;
}

export function downloadCsv(name: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const cmp = (a: string | number | null, b: string | number | null) => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
};

export function Table<R>({ title, name, columns, rows, initialSort, limit = 10, empty = 'No data for this period.', actions, class: cls }: Props<R>) {
  const [sort, setSort] = useState(initialSort ?? null);
  const [all, setAll] = useState(false);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    if (!col || !sort) return rows;
    // Nulls last in both directions: "no value" is never the best or the worst.
    return [...rows].sort((x, y) => {
      const a = col.value(x);
      const b = col.value(y);
      if (a === null || b === null) return cmp(a, b);
      return sort.desc ? cmp(b, a) : cmp(a, b);
    });
  }, [rows, sort, columns]);
  const shown = all ? sorted : sorted.slice(0, limit);

  const exportCsv = () => {
    const records = sorted.map((r) => Object.fromEntries(columns.map((c) => [c.key, c.value(r) as CsvValue])));
    downloadCsv(name, toCsv(columns.map((c) => c.key), records));
  };
  const toggle = (key: string) => setSort((s) => (s?.key === key ? { key, desc: !s.desc } : { key, desc: true }));

  return (
    <section class={`card table-card${cls ? ' ' + cls : ''}`} data-table={name}>
      <header class="card-head">
        {title && <h3>{title}</h3>}
        <div class="card-actions">
          {actions}
          <button type="button" class="small" onClick={exportCsv} disabled={rows.length === 0} data-export={name}>
            CSV
          </button>
        </div>
      </header>
      {rows.length === 0 ? (
        <p class="muted empty-row">{empty}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th
                    key={c.key}
                    class={c.numeric ? 'num' : undefined}
                    title={c.hint}
                    aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : undefined}
                  >
                    {/* A column without a heading (row actions) has nothing to sort by. */}
                    {c.label && (
                      <button type="button" class="th-sort" onClick={() => toggle(c.key)} data-sort={c.key}>
                        {c.label}
                        <span class="sort-mark" aria-hidden="true">{sort?.key === c.key ? (sort.desc ? '▼' : '▲') : ''}</span>
                      </button>
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((r, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c.key} class={c.numeric ? 'num' : undefined} data-col={c.key}>
                      {c.render ? c.render(r) : show(c, c.value(r))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {sorted.length > limit && (
        <button type="button" class="link more" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${sorted.length}`}
        </button>
      )}
    </section>
  );
}

function show<R>(c: Column<R>, v: string | number | null): string {
  if (c.format) return c.format(typeof v === 'number' ? v : null);
  return v === null ? '–' : typeof v === 'number' ? v.toLocaleString('en-US') : v;
}
