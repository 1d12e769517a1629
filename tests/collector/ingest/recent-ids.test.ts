import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../../collector/ingest/recent-ids.js';

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `id-${from + i}`);

describe('RecentIds', () => {
  it('reports an id as seen the second time only', () => {
    const r = new RecentIds(10);
    expect(r.seen('a')).toBe(false);
    expect(r.seen('a')).toBe(true);
    expect(r.seen('b')).toBe(false);
  });

  it('forgets an id on request, so a retry after a refused write is stored', () => {
    const r = new RecentIds(10);
    r.seen('a');
    r.forget('a');
    expect(r.seen('a')).toBe(false);
  });

  it('remembers at least the last capacity/2 ids and forgets older ones, so memory stays bounded', () => {
    const r = new RecentIds(100);
    for (const id of ids(1000)) r.seen(id);
    // hits do not change what is remembered, so check the newest first
    expect(ids(50, 950).every((id) => r.seen(id))).toBe(true);
    expect(r.seen('id-0')).toBe(false);
    expect(r.seen('id-800')).toBe(false);
  });

  it('stays fast once full (a Map evicting its oldest key per insert slowed to ~100 µs a call)', () => {
    const timeChecks = (r: RecentIds, from: number) => {
      const started = performance.now();
      for (const id of ids(20_000, from)) r.seen(id);
      return performance.now() - started;
    };
    const fresh = timeChecks(new RecentIds(), 0);
    const full = new RecentIds(); // the production capacity
    for (const id of ids(300_000)) full.seen(id);
    // Relative to the same work on an empty one, so a busy machine does not make it flaky:
    // about 1–2× now; the Map version was 50–100× slower here.
    expect(timeChecks(full, 300_000)).toBeLessThan(10 * fresh + 20);
  });
});
