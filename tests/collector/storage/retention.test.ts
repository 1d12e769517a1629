/**
 * WAYMARK_RETENTION_DAYS: events older than that many days are deleted by the store itself (a
 * TTL on the events table, set at start-up); 0 keeps everything. Changing it applies to the
 * events already stored.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp, pageview, type TestApp } from '../../helpers/app.js';
import { tempDir } from '../../helpers/server.js';

const DAY = 86_400_000;

async function visitors(t: TestApp): Promise<string[]> {
  return (await t.rows('shop')).map((r) => r.visitor_id).sort();
}

async function tableTtl(t: TestApp): Promise<string> {
  const rs = await t.parts.store.query({ query: "SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = 'events'", format: 'JSONEachRow' });
  const full = ((await rs.json()) as { engine_full: string }[])[0]!.engine_full;
  return / TTL (.*?)(?: SETTINGS|$)/.exec(full)?.[1] ?? '';
}

/** The store deletes expired rows in the background (a mutation, then merges): wait for it. */
async function eventually<T>(read: () => Promise<T>, expected: T, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await read();
    if (JSON.stringify(got) === JSON.stringify(expected) || Date.now() > deadline) return void expect(got).toEqual(expected);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('retention', () => {
  it('keeps everything by default, deletes what is past a retention set later, and keeps everything again at 0', async () => {
    const dir = tempDir();
    const now = Date.now();
    let t = await createTestApp({ WAYMARK_DATA_DIR: dir });
    try {
      await t.createSite('shop');
      const events = [
        pageview({ visitor: 'ten-days', ts: now - 10 * DAY }),
        pageview({ visitor: 'forty-days', ts: now - 40 * DAY }),
        pageview({ visitor: 'two-years', ts: now - 730 * DAY }),
      ];
      expect(await (await t.admin('/api/import', { method: 'POST', body: JSON.stringify(events) })).json()).toMatchObject({ accepted: 3 });
      expect(await tableTtl(t)).toBe('');
      expect(await visitors(t)).toEqual(['forty-days', 'ten-days', 'two-years']);
    } finally {
      await t.close();
    }

    t = await createTestApp({ WAYMARK_DATA_DIR: dir, WAYMARK_RETENTION_DAYS: '30' });
    try {
      expect(await tableTtl(t)).toBe('toDateTime(ts) + toIntervalDay(30)');
      await eventually(() => visitors(t), ['ten-days']);
    } finally {
      await t.close();
    }

    t = await createTestApp({ WAYMARK_DATA_DIR: dir, WAYMARK_RETENTION_DAYS: '0' });
    try {
      expect(await tableTtl(t)).toBe('');
      await t.admin('/api/import', { method: 'POST', body: JSON.stringify([pageview({ visitor: 'forty-days-again', ts: now - 40 * DAY })]) });
      await t.parts.writer.drain();
      await t.parts.store.command({ query: 'OPTIMIZE TABLE events FINAL' }); // a merge: what a TTL would act on
      expect(await visitors(t)).toEqual(['forty-days-again', 'ten-days']);
    } finally {
      await t.close();
    }
  });

  it('an import does not store events already past the retention (they would only wait for a merge to delete them)', async () => {
    const t = await createTestApp({ WAYMARK_RETENTION_DAYS: '30' });
    try {
      await t.createSite('shop');
      const now = Date.now();
      const res = await t.admin('/api/import', {
        method: 'POST',
        body: JSON.stringify([pageview({ visitor: 'recent', ts: now - 29 * DAY }), pageview({ visitor: 'expired', ts: now - 31 * DAY })]),
      });
      expect(await res.json()).toEqual({ accepted: 1, ignored: 1, duplicates: 0 });
      expect(await visitors(t)).toEqual(['recent']);
      const metrics = await (await t.admin('/metrics')).text();
      expect(metrics).toContain('waymark_events_rejected_total{reason="expired"} 1');
    } finally {
      await t.close();
    }
  });
});
