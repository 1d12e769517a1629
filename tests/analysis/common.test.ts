/** The shared pieces on their own: time zones, globs, ordering, quantiles, statistics, CSV. */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../analysis/common/csv.js';
import { cmpStr, quantileExact, uuidOrderKey } from '../../analysis/common/order.js';
import { benjaminiHochberg, twoProportionZ } from '../../analysis/common/stats.js';
import { bucketKeyLabel, bucketLabels, bucketSpans, rangePoint, zonedDayStart } from '../../analysis/common/time.js';
import { globToRegex } from '../../analysis/journeys/match.js';
import { baseParamsSchema, resolveScope } from '../../analysis/common/params.js';

describe('time zones', () => {
  it('finds the UTC start of a local day, across DST changes', () => {
    expect(zonedDayStart('2026-01-05', 'UTC')).toBe(Date.UTC(2026, 0, 5));
    expect(zonedDayStart('2026-01-05', 'America/New_York')).toBe(Date.UTC(2026, 0, 5, 5));
    expect(zonedDayStart('2026-03-29', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 28, 23)); // CET, DST starts 02:00
    expect(zonedDayStart('2026-03-30', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 22)); // CEST
    expect(zonedDayStart('2026-01-05', 'Asia/Kolkata')).toBe(Date.UTC(2026, 0, 4, 18, 30));
  });

  it('lists local hour buckets: 23 on a spring-forward day, 24 (one repeated) on a fall-back day', () => {
    const spring = bucketLabels(zonedDayStart('2026-03-29', 'Europe/Berlin'), zonedDayStart('2026-03-30', 'Europe/Berlin'), 'Europe/Berlin', 'hour');
    expect(spring).toHaveLength(23);
    expect(spring).not.toContain('2026-03-29 02:00');
    const fall = bucketLabels(zonedDayStart('2026-10-25', 'Europe/Berlin'), zonedDayStart('2026-10-26', 'Europe/Berlin'), 'Europe/Berlin', 'hour');
    expect(fall).toHaveLength(24);
  });

  it('gives each bucket its span: where a half-hour DST change lands between hours, to the minute', () => {
    // Lord Howe Island falls back 30 minutes at 02:00 on 2026-04-05: local 01:30 happens twice, so
    // the 01:00 hour lasts 90 minutes and 02:00 begins half-way between two whole UTC hours.
    const tz = 'Australia/Lord_Howe';
    const spans = bucketSpans(zonedDayStart('2026-04-05', tz), zonedDayStart('2026-04-06', tz), tz, 'hour');
    expect(spans.map((b) => b.label)).toEqual(Array.from({ length: 24 }, (_, h) => `2026-04-05 ${String(h).padStart(2, '0')}:00`));
    expect(spans[1]).toEqual({ label: '2026-04-05 01:00', start: Date.UTC(2026, 3, 4, 14), end: Date.UTC(2026, 3, 4, 15, 30) });
    expect(spans[2]).toEqual({ label: '2026-04-05 02:00', start: Date.UTC(2026, 3, 4, 15, 30), end: Date.UTC(2026, 3, 4, 16, 30) });
    expect(spans[23]!.end).toBe(zonedDayStart('2026-04-06', tz));
    // Days of a half-hour zone, from a range that starts at a local hour.
    const days = bucketSpans(Date.UTC(2026, 0, 5, 16, 30), Date.UTC(2026, 0, 6, 20, 30), 'Asia/Kolkata', 'day');
    expect(days).toEqual([
      { label: '2026-01-05', start: Date.UTC(2026, 0, 5, 16, 30), end: Date.UTC(2026, 0, 5, 18, 30) },
      { label: '2026-01-06', start: Date.UTC(2026, 0, 5, 18, 30), end: Date.UTC(2026, 0, 6, 18, 30) },
      { label: '2026-01-07', start: Date.UTC(2026, 0, 6, 18, 30), end: Date.UTC(2026, 0, 6, 20, 30) },
    ]);
  });

  it('reads bucket keys as labels', () => {
    expect(bucketKeyLabel(20260105, 'day')).toBe('2026-01-05');
    expect(bucketKeyLabel(2026010509, 'hour')).toBe('2026-01-05 09:00');
  });
});

describe('path globs', () => {
  const matches = (glob: string, path: string) => new RegExp(globToRegex(glob), 's').test(path);
  it('"*" stays within a segment, "**" crosses segments, the rest is literal', () => {
    expect(matches('/product/*', '/product/shoe')).toBe(true);
    expect(matches('/product/*', '/product/shoe/reviews')).toBe(false);
    expect(matches('/product/**', '/product/shoe/reviews')).toBe(true);
    expect(matches('/a.b', '/axb')).toBe(false);
    expect(matches('/(x)+', '/(x)+')).toBe(true);
    expect(matches('/café/*', '/café/😀')).toBe(true);
    expect(matches('/**', '/line\nbreak')).toBe(true);
  });
});

describe('ordering and quantiles (ClickHouse semantics)', () => {
  it('compares strings by code point, as ClickHouse compares UTF-8 bytes', () => {
    expect(cmpStr('\uE000', '😀')).toBeLessThan(0); // JavaScript's < says the opposite
    expect(cmpStr('(none)', 'a')).toBeLessThan(0);
  });
  it('orders UUIDs as ClickHouse does: second 64-bit half first (observed on chdb 26.7)', () => {
    const lt = (a: string, b: string) => uuidOrderKey(a) < uuidOrderKey(b);
    expect(lt('00000000-0000-0001-0000-000000000000', '00000000-0000-0000-0000-000000000001')).toBe(true);
    expect(lt('10000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000001')).toBe(true);
    expect(lt('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000010')).toBe(true);
    expect(lt('00000000-0000-0000-0100-000000000000', '00000000-0000-0000-0000-000000000001')).toBe(false);
  });
  it('quantileExact takes element floor(level·n) of the sorted values', () => {
    expect(quantileExact([4, 1, 3, 2], 0.5)).toBe(3);
    expect(quantileExact([4, 1, 3, 2], 0.75)).toBe(4);
    expect(quantileExact([7], 0.5)).toBe(7);
    expect(quantileExact([], 0.5)).toBeNull();
  });
});

describe('two-proportion z-test', () => {
  it('flags a clear difference and not a small one', () => {
    expect(twoProportionZ(18, 20, 5, 20)).toMatchObject({ z: 4.158, significant: true });
    expect(twoProportionZ(10, 20, 9, 20).significant).toBe(false);
    expect(twoProportionZ(5, 5, 7, 7)).toEqual({ z: null, p_value: null, significant: false });
    expect(twoProportionZ(1, 0, 1, 2).z).toBeNull();
  });

  it('adjusts p-values for many comparisons (Benjamini–Hochberg), as R p.adjust(method = "BH") does', () => {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.2, 0.005), "BH") → 0.025 0.05 0.05 0.2 0.025
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.2, 0.005])).toEqual([0.025, 0.05, 0.05, 0.2, 0.025]);
    // Nulls are no test: the same answer with them in between, and they stay null.
    expect(benjaminiHochberg([null, 0.01, 0.04, null, 0.03, 0.2, 0.005])).toEqual([null, 0.025, 0.05, null, 0.05, 0.2, 0.025]);
    // Capped at 1; ties share a value; one test is its own p.
    expect(benjaminiHochberg([0.9, 0.9, 0.8])).toEqual([0.9, 0.9, 0.9]);
    expect(benjaminiHochberg([0.6, 0.7])).toEqual([0.7, 0.7]);
    expect(benjaminiHochberg([0.03])).toEqual([0.03]);
    expect(benjaminiHochberg([])).toEqual([]);
  });
});

describe('params', () => {
  it('reports a malformed date as a validation error, not a crash', () => {
    const r = baseParamsSchema.safeParse({ from: 'yesterday', to: '2026-01-05' });
    expect(r.success).toBe(false);
  });

  it('takes days and hours at either end, both inclusive', () => {
    expect(rangePoint('2026-03-29')).toEqual({ start: Date.UTC(2026, 2, 29), end: Date.UTC(2026, 2, 30) });
    expect(rangePoint('2026-03-29T05')).toEqual({ start: Date.UTC(2026, 2, 29, 5), end: Date.UTC(2026, 2, 29, 6) });
    expect(rangePoint('2026-12-31T23')).toEqual({ start: Date.UTC(2026, 11, 31, 23), end: Date.UTC(2027, 0, 1) });
    for (const bad of ['2026-02-30', '2026-13-01', '2026-03-29T24', '2026-03-29T5', '2026-03-29T05:00', '2026-03-29 05', 'today', '']) {
      expect(rangePoint(bad), bad).toBeNull();
      expect(baseParamsSchema.safeParse({ from: bad, to: '2026-03-29' }).success, bad).toBe(false);
    }
    const scope = (from: string, to: string, tz = 'UTC') => {
      const s = resolveScope({ id: 'shop', timezone: tz }, baseParamsSchema.parse({ from, to }));
      return [s.fromMs, s.toMs];
    };
    expect(scope('2026-01-05T09', '2026-01-05T11')).toEqual([Date.UTC(2026, 0, 5, 9), Date.UTC(2026, 0, 5, 12)]);
    expect(scope('2026-01-05T22', '2026-01-06')).toEqual([Date.UTC(2026, 0, 5, 22), Date.UTC(2026, 0, 7)]);
    expect(scope('2026-01-05', '2026-01-05T00', 'Asia/Kolkata')).toEqual([Date.UTC(2026, 0, 4, 18, 30), Date.UTC(2026, 0, 4, 19, 30)]);
  });

  it('resolves hours across DST changes: a skipped hour is empty, a repeated hour covers both', () => {
    const scope = (from: string, to: string) => {
      const s = resolveScope({ id: 'shop', timezone: 'Europe/Berlin' }, baseParamsSchema.parse({ from, to }));
      return [s.fromMs, s.toMs];
    };
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
    expect(scope('2026-03-29T01', '2026-03-29T03')).toEqual([Date.UTC(2026, 2, 29, 0), Date.UTC(2026, 2, 29, 2)]);
    expect(scope('2026-03-29T02', '2026-03-29T02')).toEqual([Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 2, 29, 1)]);
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET (01:00 UTC); 02:00–03:00 happens twice.
    expect(scope('2026-10-25T02', '2026-10-25T02')).toEqual([Date.UTC(2026, 9, 25, 0), Date.UTC(2026, 9, 25, 2)]);
    expect(scope('2026-10-25T01', '2026-10-25T01')).toEqual([Date.UTC(2026, 9, 24, 23), Date.UTC(2026, 9, 25, 0)]);
  });

  it('refuses a range that ends before it starts or spans more than the limit', () => {
    const issue = (from: string, to: string) => {
      const r = baseParamsSchema.safeParse({ from, to });
      return r.success ? null : r.error.issues[0]!.path.join('.');
    };
    expect(issue('2026-01-05T10', '2026-01-05T09')).toBe('from');
    expect(issue('2026-01-06', '2026-01-05T23')).toBe('from');
    expect(issue('2026-01-05T10', '2026-01-05T10')).toBeNull();
    expect(issue('2026-01-05T10', '2026-01-05')).toBeNull();
    expect(issue('2026-01-01', '2027-02-04')).toBeNull(); // 400 days
    expect(issue('2026-01-01', '2027-02-05T00')).toBe('to');
  });
});

describe('CSV', () => {
  it('quotes separators and defuses spreadsheet formulas', () => {
    expect(toCsv(['a', 'b'], [{ a: 'x,y', b: '=1+1' }, { a: null, b: 3 }])).toBe('a,b\r\n"x,y",\'=1+1\r\n,3\r\n');
    expect(toCsv(['a'], [{ a: '+1' }, { a: '-1' }, { a: '@x' }, { a: '\tx' }, { a: '\rx' }, { a: -1 }, { a: 'x=1' }])).toBe(
      'a\r\n\'+1\r\n\'-1\r\n\'@x\r\n\'\tx\r\n"\'\rx"\r\n-1\r\nx=1\r\n',
    );
  });
});
