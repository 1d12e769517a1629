import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toClickHouseTime } from '../../../collector/storage/time.js';

/** The plain definition the cached formatter must match. */
const reference = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');

describe('toClickHouseTime', () => {
  it('writes DateTime64(3) text in UTC', () => {
    expect(toClickHouseTime(Date.UTC(2026, 10, 23, 8, 19, 15, 123))).toBe('2026-11-23 08:19:15.123');
    expect(toClickHouseTime(Date.UTC(2026, 10, 23, 8, 19, 15, 5))).toBe('2026-11-23 08:19:15.005');
    expect(toClickHouseTime(0)).toBe('1970-01-01 00:00:00.000');
  });

  it('agrees with toISOString for any time, in any order (its per-second cache never leaks)', () => {
    const time = fc.oneof(
      fc.integer({ min: -1e13, max: 3e14 }),
      fc.integer({ min: 1_700_000_000_000, max: 1_700_000_003_000 }), // same seconds, over and over
      fc.double({ min: -1e13, max: 1e13, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(time, { minLength: 1, maxLength: 20 }), (times) => {
        for (const ms of times) expect(toClickHouseTime(ms)).toBe(reference(ms));
      }),
      { numRuns: 2000 },
    );
  });
});
