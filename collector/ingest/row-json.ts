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
 * surrogates), which JSON.stringify then writes.
 *
 * One difference, on purpose: a lone surrogate (half of a UTF-16 pair, e.g. a page title cut
 * inside an emoji; the snippet's JSON.stringify sends it as "\ud83d") is written as U+FFFD, as a
 * UTF-8 encoder would. ClickHouse refuses a lone surrogate escape, and it refuses the whole
 * insert: one such title in the log stopped every later row from being stored.
 * tests/collector/ingest/row-json.test.ts checks the equality on generated rows.
 */
import { EVENT_COLUMNS, type EventRow } from '../schema/event.js';

/**
 * How the writer inserts log lines: format, column list, and settings. Old lines may be shorter
 * (see above). And one batch may span any number of months, i.e. of the table's partitions: an
 * imported history of nine years or more is over ClickHouse's default limit of 100 per insert
 * (TOO_MANY_PARTS), which no retry would get past: the log would stop moving. The import range
 * (2000–2200, collector/schema/event.ts) bounds it instead.
 */
export const EVENT_LINES = {
  format: 'JSONCompactEachRow',
  columns: EVENT_COLUMNS,
  settings: { input_format_json_compact_allow_variable_number_of_columns: 1, max_partitions_per_insert_block: 0 },
} as const;

/** Characters JSON.stringify does not copy as they are, and surrogates (paired ones are copied, but rare). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

const str = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s.toWellFormed()) : `"${s}"`);
/** JSON.stringify's numbers: non-finite ones become null. */
const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

function props(p: Record<string, string>): string {
  let out = '{';
  let first = true;
  for (const key of Object.keys(p)) {
    const value = p[key];
    // Not a row zod would pass (stay exact), or a key with a lone surrogate: two such keys can
    // become one, which JSON.stringify of the rebuilt object keeps once, as for any object.
    if (typeof value !== 'string' || !key.isWellFormed()) return JSON.stringify(p, wellFormed);
    out += (first ? '' : ',') + str(key) + ':' + str(value);
    first = false;
  }
  return out + '}';
}

/** A log line's JSON array or object; undefined for anything else (kept as it is: ClickHouse refuses it, writer.ts sets it aside). */
function parsed(line: string): unknown[] | Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' ? (v as unknown[] | Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON.stringify replacer that makes every string well-formed, keys included, at any depth. */
function wellFormed(_key: string, v: unknown): unknown {
  if (typeof v === 'string') return v.toWellFormed();
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toWellFormed(), x]));
}

/** `JSON.stringify(EVENT_COLUMNS.map((c) => r[c])) + '\n'`, lone surrogates written as U+FFFD. */
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
/** How every surrogate escape starts; JSON.stringify escapes only lone ones (see rowLine). */
const SURROGATE_ESCAPES = [Buffer.from('\\ud'), Buffer.from('\\uD')];

/**
 * Log bytes as EVENT_LINES inserts them, from a log an earlier version may have written:
 *  - JSONEachRow objects, one per line (before lines became arrays): rewritten as arrays (by
 *    name, so any column order);
 *  - lines with a lone surrogate escape (before rowLine wrote U+FFFD): rewritten with U+FFFD,
 *    or ClickHouse would refuse their batch on every retry, and the log would never move again.
 * The rest are kept as they are (a line that is not JSON at all too: ClickHouse refuses it, and
 * the writer sets it aside). Cheap when there is nothing to do (byte searches).
 */
export function currentRowLines(body: Buffer): Buffer {
  const objects = body[0] === 0x7b || body.includes(OBJECT_LINE);
  if (!objects && !SURROGATE_ESCAPES.some((e) => body.includes(e))) return body;
  const lines = body.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const value = line.startsWith('{') || /\\u[dD]/.test(line) ? parsed(line) : undefined;
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : EVENT_COLUMNS.map((c) => (value as Record<string, unknown>)[c] ?? null);
    lines[i] = JSON.stringify(values, wellFormed);
  }
  return Buffer.from(lines.join('\n'));
}
