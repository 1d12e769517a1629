/**
 * memoByString() sits in front of pure functions on the hot path (UA parsing, bot matching,
 * geo, channel, referrer parsing): it must answer exactly what the function answers, for any
 * sequence of keys, and keep at most `size` entries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoByString } from '../../../collector/ingest/memo.js';

describe('memoByString', () => {
  it('answers what the function answers, whatever the order, repeats and evictions', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('a', 'b', 'c', ''), fc.string({ maxLength: 12 })), { maxLength: 200 }), fc.integer({ min: 1, max: 8 }), (keys, size) => {
        let calls = 0;
        const fn = (k: string) => {
          calls++;
          return { k, n: k.length };
        };
        const memo = memoByString(fn, size, 10);
        for (const k of keys) expect(memo(k)).toEqual(fn(k));
        expect(calls).toBeLessThanOrEqual(keys.length * 2);
      }),
    );
  });

  it('keeps at most `size` keys and never caches keys over the length bound', () => {
    const seen: string[] = [];
    const memo = memoByString((k: string) => (seen.push(k), k.toUpperCase()), 3, 4);
    for (const k of ['a', 'b', 'c', 'd', 'a', 'long-key', 'long-key']) expect(memo(k)).toBe(k.toUpperCase());
    // 'a' was evicted by 'd' (oldest first) and computed again; the long key each time.
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'a', 'long-key', 'long-key']);
  });
});
