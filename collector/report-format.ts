/**
 * Plain-text rendering for `waymark report`: aligned tables (numbers right, text left) and a
 * key/value summary. Values are formatted by what their column means, read from the name the
 * analyses use consistently: *_rate / share / conversion_* are fractions (shown as %), *_ms are
 * durations, from_ms / to_ms are instants. Counts keep full precision: people compare them.
 */
import type { CsvValue } from '../analysis/common/csv.js';
import type { Table } from '../analysis/tables.js';

const MAX_CELL = 60;

/** Shorter headers for the widest columns, so a funnel fits a terminal; values keep the API's keys. */
const HEADERS: Record<string, string> = {
  conversion_from_previous: 'conv. prev',
  conversion_from_first: 'conv. first',
  median_ms_from_previous: 'median time',
  p75_ms_from_previous: 'p75 time',
};
export const header = (column: string) => HEADERS[column] ?? column;

const isRate = (key: string) => /(^|_)(rate|share)$|^conversion_|_gap$/.test(key);
const isInstant = (key: string) => /^(from|to)_ms$/.test(key);
const isDuration = (key: string) => /(^|_)ms(_|$)/.test(key) && !isInstant(key);

/**
 * Characters a terminal acts on instead of showing: C0 and C1 controls (ESC starts colour,
 * cursor, title and hyperlink sequences; a newline breaks the table) and bidirectional overrides
 * (they reorder what is shown). Any visitor can put them in a page path, a title or a UTM tag.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Text as it may reach a terminal: the characters above written as \uXXXX escapes. */
const visible = (s: string) => s.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function formatValue(key: string, v: CsvValue | undefined): string {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') {
    const text = visible(v);
    return text.length > MAX_CELL ? text.slice(0, MAX_CELL - 1) + '…' : text;
  }
  if (isRate(key)) return `${(v * 100).toFixed(1)}%`;
  if (isInstant(key)) return new Date(v).toISOString().replace('.000Z', 'Z');
  if (isDuration(key)) return formatDuration(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toFixed(Math.abs(v) < 1 ? 3 : 2);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${pad((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${pad((s % 86_400) / 3600)}h`;
}

/** One table, two-space gutters, indented; a column is right-aligned when all its values are numbers. */
export function renderTable(t: Table, indent = '  '): string {
  if (t.rows.length === 0) return `${indent}(no rows)`;
  const cells = t.rows.map((r) => t.columns.map((c) => formatValue(c, r[c])));
  const numeric = t.columns.map((c) => t.rows.every((r) => typeof r[c] === 'number' || r[c] === null));
  const heads = t.columns.map(header);
  const widths = heads.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (vals: string[]) =>
    indent + vals.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(heads), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n');
}

/**
 * The scalar fields of a result (nested objects one level deep, as `parent.key`); arrays are
 * left to the tables.
 */
export function summaryPairs(result: unknown): [string, string][] {
  const pairs: [string, string][] = [];
  const walk = (o: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(o)) {
      if (Array.isArray(v)) continue;
      if (v !== null && typeof v === 'object') {
        if (depth < 1) walk(v as Record<string, unknown>, `${prefix}${k}.`, depth + 1);
        continue;
      }
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) {
        pairs.push([prefix + k, formatValue(k, v)]);
      }
    }
  };
  if (result !== null && typeof result === 'object') walk(result as Record<string, unknown>, '', 0);
  return pairs;
}

export function renderSummary(pairs: [string, string][], indent = '  '): string {
  const w = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(w)}  ${v}`).join('\n');
}
