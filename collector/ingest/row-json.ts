/**
 * A stored row as one log line: the row's values in the events table's column order
 * (EVENT_COLUMNS), one JSON array per line — ClickHouse's JSONCompactEachRow, byte for byte
 * `JSON.stringify(EVENT_COLUMNS.map((c) => row[c])) + '\n'`.
 *
 * Why arrays, not objects (JSONEachRow, the log's earlier format): the keys were 45 % of a
 * line's bytes (636 → 352 B for a typical row), bytes every request writes durably to the log,
 * and matching keys to columns cost ClickHouse ~2.2 of ~11.5 µs of CPU per inserted row on this
 * box. The inserts name the columns (EVENT_LINES.columns), so a column added to the table later
 * goes at the end of the list, and lines logged before it still insert (EVENT_LINES.settings
 * lets a line be shorter; the missing values take the column's default).
 *
 * Why hand-written: JSON.stringify walks the 30 values generically (~4.5 µs a row here, once the
 * largest single cost of ingestion) while the row's shape is known. Strings are copied as they
 * are unless they hold a character JSON must escape (quote, backslash, control characters,
 * surrogates: lone ones are escaped), which JSON.stringify then writes.
 * tests/collector/ingest/row-json.test.ts checks the equality on generated rows.
 */
import { EVENT_COLUMNS, type EventRow } from '../schema/event.js';

/** How the writer inserts log lines: format, column list, and the setting that lets old lines be shorter. */
export const EVENT_LINES = {
  format: 'JSONCompactEachRow',
  columns: EVENT_COLUMNS,
  settings: { input_format_json_compact_allow_variable_number_of_columns: 1 },
} as const;

/** Characters JSON.stringify does not copy as they are (surrogates: only lone ones, but rare). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

const str = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);
/** JSON.stringify's numbers: non-finite ones become null. */
const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

function props(p: Record<string, string>): string {
  let out = '{';
  let first = true;
  for (const key of Object.keys(p)) {
    const value = p[key];
    if (typeof value !== 'string') return JSON.stringify(p); // not a row zod would pass; stay exact
    out += (first ? '' : ',') + str(key) + ':' + str(value);
    first = false;
  }
  return out + '}';
}

/** `JSON.stringify(EVENT_COLUMNS.map((c) => r[c])) + '\n'`. */
export function rowLine(r: EventRow): string {
  return (
    '[' + str(r.site_id) +
    ',' + str(r.ts) +
    ',' + str(r.event_id) +
    ',' + str(r.visitor_id) +
    ',' + str(r.user_id) +
    ',' + str(r.type) +
    ',' + str(r.name) +
    ',' + str(r.path) +
    ',' + str(r.hostname) +
    ',' + str(r.query) +
    ',' + str(r.title) +
    ',' + str(r.referrer) +
    ',' + str(r.referrer_domain) +
    ',' + str(r.channel) +
    ',' + str(r.utm_source) +
    ',' + str(r.utm_medium) +
    ',' + str(r.utm_campaign) +
    ',' + str(r.utm_term) +
    ',' + str(r.utm_content) +
    ',' + str(r.click_id_type) +
    ',' + str(r.device) +
    ',' + str(r.browser) +
    ',' + str(r.os) +
    ',' + str(r.country) +
    ',' + str(r.language) +
    ',' + str(r.screen_class) +
    ',' + num(r.engaged_ms) +
    ',' + num(r.load_ms) +
    ',' + (r.revenue === null ? 'null' : num(r.revenue)) +
    ',' + props(r.props) +
    ']\n'
  );
}

const OBJECT_LINE = Buffer.from('\n{');

/**
 * Log bytes as EVENT_LINES inserts them. A log written before the change to arrays holds
 * JSONEachRow objects, one per line: those lines are rewritten as arrays (by name, so any column
 * order), the rest are kept. Cheap when there is nothing to do (a byte search).
 */
export function currentRowLines(body: Buffer): Buffer {
  if (body[0] !== 0x7b && !body.includes(OBJECT_LINE)) return body;
  const lines = body.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith('{')) continue;
    const row = JSON.parse(line) as Record<string, unknown>;
    lines[i] = JSON.stringify(EVENT_COLUMNS.map((c) => row[c] ?? null));
  }
  return Buffer.from(lines.join('\n'));
}
