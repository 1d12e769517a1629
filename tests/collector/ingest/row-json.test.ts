/**
 * rowLine() is the WAL's (and so ClickHouse's) view of a row: it must write exactly what
 * JSON.stringify of the row's values in column order writes, plus a newline, for rows of any
 * content — quotes, backslashes, control characters, paired surrogates, odd numbers, props in
 * insertion order — except that a lone surrogate is written as U+FFFD (ClickHouse refuses it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_COLUMNS, EVENT_TYPES, type EventRow } from '../../../collector/schema/event.js';
import { rowLine } from '../../../collector/ingest/row-json.js';
import { toRow } from '../../../collector/ingest/row.js';

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udc00', 'é', '😀', 'a', '/'), maxLength: 12 }),
  fc.constantFrom('', 'https://shop.example/a?b=c', 'Shop Example – /cart'),
);
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, Infinity, -Infinity, NaN));

const row: fc.Arbitrary<EventRow> = fc
  .record({
    strings: fc.array(text, { minLength: 26, maxLength: 26 }),
    type: fc.constantFrom(...EVENT_TYPES),
    engaged_ms: number,
    load_ms: number,
    revenue: fc.option(number, { nil: null }),
    props: fc.dictionary(text, text, { maxKeys: 6 }),
  })
  .map(({ strings, type, engaged_ms, load_ms, revenue, props }) => {
    const r: Record<string, unknown> = {};
    let i = 0;
    // The columns in toRow's order (the schema's): every string column from the generated list.
    for (const col of EVENT_COLUMNS) {
      if (col === 'type') r.type = type;
      else if (col === 'engaged_ms') r.engaged_ms = engaged_ms;
      else if (col === 'load_ms') r.load_ms = load_ms;
      else if (col === 'revenue') r.revenue = revenue;
      else if (col === 'props') r.props = props;
      else r[col] = strings[i++];
    }
    return r as EventRow;
  });

/** The JSONCompactEachRow line JSON.stringify writes for a row whose strings were made well-formed first. */
const stringified = (r: EventRow) =>
  JSON.stringify(
    EVENT_COLUMNS.map((c) => r[c]),
    (_k, v: unknown) =>
      typeof v === 'string'
        ? v.toWellFormed()
        : v !== null && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toWellFormed(), x]))
          : v,
  ) + '\n';

/** A row as toRow() builds it. */
function sample(): EventRow {
  const site = { id: 's', domains: ['shop.example'], timezone: 'UTC', exclude_paths: [], exclude_ips: [], created_at: '' };
  return toRow(
    { site: 's', type: 'event', name: 'buy "now"', url: 'https://shop.example/p/\u00e9?utm_source=x&q=1#/x', props: { a: 'b' }, revenue: 1.5 },
    new URL('https://shop.example/p/\u00e9?utm_source=x&q=1#/x'),
    { site, ts: 1_700_000_000_123, eventId: 'e', visitorId: 'v', country: 'DE', ua: { browser: 'Chrome', os: 'Linux', device: 'desktop' } },
  );
}

describe('rowLine', () => {
  it('writes exactly JSON.stringify of the values in column order, plus a newline', () => {
    fc.assert(
      fc.property(row, (r) => {
        expect(rowLine(r)).toBe(stringified(r));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a lone surrogate as U+FFFD, and leaves a surrogate pair as it is', () => {
    const line = rowLine({ ...sample(), title: 'cut \ud83d', referrer: '\ude00 x', props: { 'k\ud800': 'v\udfff', ok: '😀' } });
    expect(line).not.toMatch(/\\ud[89a-f]/i);
    const values = JSON.parse(line) as unknown[];
    expect(values[EVENT_COLUMNS.indexOf('title')]).toBe('cut \ufffd');
    expect(values[EVENT_COLUMNS.indexOf('referrer')]).toBe('\ufffd x');
    expect(values[EVENT_COLUMNS.indexOf('props')]).toEqual({ 'k\ufffd': 'v\ufffd', ok: '😀' });
  });

  it('writes the values of a row toRow() builds in the column order', () => {
    const r = sample();
    expect(Object.keys(r)).toEqual(EVENT_COLUMNS);
    expect(rowLine(r)).toBe(stringified(r));
  });
});
