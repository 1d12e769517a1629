/**
 * A stored row as one JSONEachRow line, byte for byte what `JSON.stringify(row) + '\n'` writes,
 * at a fraction of its cost: JSON.stringify walks the 30 fields generically (~4.5 µs a row on
 * this box, the largest single cost of ingestion), while the row's shape is known here.
 * Strings are copied as they are unless they hold a character JSON must escape (quote,
 * backslash, control characters, surrogates: lone ones are escaped), which JSON.stringify then
 * writes. tests/collector/ingest/row-json.test.ts checks the equality on generated rows.
 */
import type { EventRow } from '../schema/event.js';

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

/** `JSON.stringify(row) + '\n'` for rows built by toRow() (same key order). */
export function rowLine(r: EventRow): string {
  return (
    '{"site_id":' + str(r.site_id) +
    ',"ts":' + str(r.ts) +
    ',"event_id":' + str(r.event_id) +
    ',"visitor_id":' + str(r.visitor_id) +
    ',"user_id":' + str(r.user_id) +
    ',"type":' + str(r.type) +
    ',"name":' + str(r.name) +
    ',"path":' + str(r.path) +
    ',"hostname":' + str(r.hostname) +
    ',"query":' + str(r.query) +
    ',"title":' + str(r.title) +
    ',"referrer":' + str(r.referrer) +
    ',"referrer_domain":' + str(r.referrer_domain) +
    ',"channel":' + str(r.channel) +
    ',"utm_source":' + str(r.utm_source) +
    ',"utm_medium":' + str(r.utm_medium) +
    ',"utm_campaign":' + str(r.utm_campaign) +
    ',"utm_term":' + str(r.utm_term) +
    ',"utm_content":' + str(r.utm_content) +
    ',"click_id_type":' + str(r.click_id_type) +
    ',"device":' + str(r.device) +
    ',"browser":' + str(r.browser) +
    ',"os":' + str(r.os) +
    ',"country":' + str(r.country) +
    ',"language":' + str(r.language) +
    ',"screen_class":' + str(r.screen_class) +
    ',"engaged_ms":' + num(r.engaged_ms) +
    ',"load_ms":' + num(r.load_ms) +
    ',"revenue":' + (r.revenue === null ? 'null' : num(r.revenue)) +
    ',"props":' + props(r.props) +
    '}\n'
  );
}
