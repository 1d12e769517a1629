/**
 * The batch writer against real embedded ClickHouse: a batch re-sent after a crash (inserted,
 * but the commit never recorded) is stored once; rows are removed from the log only after
 * the insert is confirmed.
 */
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMetrics } from '../../../collector/http/metrics.js';
import { currentRowLines, EVENT_LINES, rowLine } from '../../../collector/ingest/row-json.js';
import { EVENT_COLUMNS, type EventRow } from '../../../collector/schema/event.js';
import { insertLines, openStore } from '../../../collector/storage/clickhouse.js';
import { WriteAheadLog } from '../../../collector/storage/wal.js';
import { BatchWriter } from '../../../collector/storage/writer.js';
import { eventRow, useMigratedStore } from '../../helpers/store.js';

const db = useMigratedStore();
const { dir } = db;

/** A log line as the collector writes it. */
const row = (site: string, i: number) => rowLine(eventRow(site, i));

async function count(site: string): Promise<number> {
  const rs = await db.store.query({ query: 'SELECT count() AS n FROM events WHERE site_id = {site:String}', query_params: { site }, format: 'JSONEachRow' });
  return z.array(z.object({ n: z.number() })).parse(await rs.json())[0]!.n;
}

async function setup(site: string, rows: number) {
  const wal = await WriteAheadLog.open({ dir: path.join(dir, site), segmentBytes: 1 << 20, maxBytes: 1 << 30 });
  for (let i = 0; i < rows; i++) await wal.append(row(site, i), 1);
  const metrics = createMetrics(() => ({ bytes: wal.backlogBytes(), rows: wal.backlogRows() }));
  const writer = new BatchWriter(db.store, wal, { flushIntervalMs: 50, minRows: 1000, maxRows: 1000 }, metrics, pino({ level: 'silent' }));
  return { wal, writer };
}

describe('embedded store', () => {
  it('starts its engine with merges at a lower CPU priority than the request path', async () => {
    const rs = await db.store.query({ query: "SELECT value FROM system.server_settings WHERE name = 'os_threads_nice_value_merge_mutate'", format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ value: '10' }]);
  });

  it('syncs every inserted part to disk, so the log never drops rows only the page cache holds', async () => {
    const rs = await db.store.query({ query: "SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = 'events'", format: 'JSONEachRow' });
    const [table] = z.array(z.object({ engine_full: z.string() })).parse(await rs.json());
    expect(table!.engine_full).toMatch(/fsync_after_insert = 1/);
    expect(table!.engine_full).toMatch(/fsync_part_directory = 1/);
  });

  it('stores the page path as LowCardinality, so stage matchers run per distinct path (migration 007)', async () => {
    const rs = await db.store.query({ query: "SELECT type FROM system.columns WHERE database = currentDatabase() AND table = 'events' AND name = 'path'", format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ type: 'LowCardinality(String)' }]);
  });
});

describe('batch writer', () => {
  it('ships the log and empties it', async () => {
    const { wal, writer } = await setup('ship', 25);
    await writer.drain();
    expect(await count('ship')).toBe(25);
    expect(wal.backlogRows()).toBe(0);
    await wal.close();
  });

  it('ships a burst of a thousand rows or more once appends pause, without waiting out the interval', async () => {
    const wal = await WriteAheadLog.open({ dir: path.join(dir, 'burst'), segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    const metrics = createMetrics(() => ({ bytes: wal.backlogBytes(), rows: wal.backlogRows() }));
    // An interval far longer than the test: only the pause after the burst can ship it.
    const writer = new BatchWriter(db.store, wal, { flushIntervalMs: 60_000, minRows: 5000, maxRows: 5000 }, metrics, pino({ level: 'silent' }));
    writer.start();
    await wal.append(Array.from({ length: 1500 }, (_, i) => row('burst', i)), 1500);
    // Shipped means stored AND committed (the log forgets the rows just after the insert returns).
    while ((await count('burst')) < 1500 || wal.backlogRows() > 0) await new Promise((r) => setTimeout(r, 50));
    expect(await count('burst')).toBe(1500);
    await writer.stop();
    await wal.close();
  }, 30_000);

  it('ships each batch once when the loop and several drains run at the same time', async () => {
    const { wal, writer } = await setup('concurrent', 3000);
    writer.start();
    await Promise.all([writer.drain(), writer.drain(), writer.drain()]);
    await writer.stop();
    expect(await count('concurrent')).toBe(3000);
    await wal.close();
  });

  it('stores a batch once when it is re-sent after a crash between insert and commit', async () => {
    const { wal, writer } = await setup('crash', 10);
    const batch = wal.nextBatch(1000)!;
    await wal.markInflight(batch);
    // The insert went through, then the process died before commit():
    await insertLines(db.store, 'events', await wal.read(batch), EVENT_LINES, { insert_deduplicate: 1, insert_deduplication_token: batch.token });
    await wal.close();
    // Restart: the in-flight batch is re-sent with the same token.
    const reopened = await WriteAheadLog.open({ dir: path.join(dir, 'crash'), segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    const metrics = createMetrics(() => ({ bytes: 0, rows: 0 }));
    const w2 = new BatchWriter(db.store, reopened, { flushIntervalMs: 50, minRows: 1000, maxRows: 1000 }, metrics, pino({ level: 'silent' }));
    await w2.drain();
    expect(await count('crash')).toBe(10);
    await reopened.close();
    expect(writer).toBeDefined();
  });

  it('does not mistake byte-identical rows from another log for a duplicate', async () => {
    // Two collectors (two WAL ids) shipping the same bytes at the same offsets: both are stored.
    const body = [0, 1, 2].map((i) => row('twin', i)).join('');
    for (const name of ['twin-a', 'twin-b']) {
      const wal = await WriteAheadLog.open({ dir: path.join(dir, name), segmentBytes: 1 << 20, maxBytes: 1 << 30 });
      await wal.append(body, 3);
      const metrics = createMetrics(() => ({ bytes: 0, rows: 0 }));
      await new BatchWriter(db.store, wal, { flushIntervalMs: 50, minRows: 1000, maxRows: 1000 }, metrics, pino({ level: 'silent' })).drain();
      await wal.close();
    }
    expect(await count('twin')).toBe(6);
  });

  it('ships a log written before lines became arrays: old JSONEachRow lines, then new ones', async () => {
    // What an upgrade finds: objects (keys in any order) left in the log, then the new code's arrays.
    const rows = Array.from({ length: 6 }, (_, i) => eventRow('legacy', i));
    const objectLine = (r: EventRow) => JSON.stringify(Object.fromEntries(Object.entries(r).reverse())) + '\n';
    const wal = await WriteAheadLog.open({ dir: path.join(dir, 'legacy'), segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    await wal.append(rows.slice(0, 3).map(objectLine), 3);
    await wal.append(rows.slice(3).map(rowLine), 3);
    const metrics = createMetrics(() => ({ bytes: 0, rows: 0 }));
    await new BatchWriter(db.store, wal, { flushIntervalMs: 50, minRows: 1000, maxRows: 1000 }, metrics, pino({ level: 'silent' })).drain();
    await wal.close();
    const rs = await db.store.query({ query: "SELECT * FROM events WHERE site_id = 'legacy' ORDER BY load_ms", format: 'JSONEachRow' });
    const stored = (await rs.json()) as Record<string, unknown>[];
    expect(stored.map((r) => ({ ...r, ts: String(r.ts) }))).toEqual(rows.map((r) => ({ ...r, ts: `${r.ts}` })));
  });

  it('ships a log an earlier version wrote with lone surrogate escapes (which ClickHouse refuses) as U+FFFD', async () => {
    // Before rowLine wrote U+FFFD, a title cut inside an emoji went to the log as "\ud83d": its
    // batch failed on every retry and nothing after it was ever stored.
    const lone = { ...eventRow('lone', 0), title: 'Sale \ud83d', props: { ['k\udc00']: 'v\ud800' } };
    const old = JSON.stringify(EVENT_COLUMNS.map((c) => lone[c])) + '\n';
    expect(old).toContain('\\ud83d');
    const wal = await WriteAheadLog.open({ dir: path.join(dir, 'lone'), segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    await wal.append([row('lone', 1), old, JSON.stringify({ ...eventRow('lone', 2), title: '\udfff' }) + '\n'], 3);
    const metrics = createMetrics(() => ({ bytes: 0, rows: 0 }));
    await new BatchWriter(db.store, wal, { flushIntervalMs: 50, minRows: 1000, maxRows: 1000 }, metrics, pino({ level: 'silent' })).drain();
    await wal.close();
    const rs = await db.store.query({ query: "SELECT title, props FROM events WHERE site_id = 'lone' ORDER BY load_ms", format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([
      { title: 'Sale \ufffd', props: { 'k\ufffd': 'v\ufffd' } },
      { title: 'P "é"', props: {} },
      { title: '\ufffd', props: {} },
    ]);
  });

  it('rewrites only object lines and lone surrogate escapes, and leaves a log of arrays as it is', () => {
    const arrays = Buffer.from([0, 1].map((i) => row('same', i)).join(''));
    expect(currentRowLines(arrays)).toBe(arrays);
    const r = eventRow('mixed', 7);
    expect(currentRowLines(Buffer.from(rowLine(r) + JSON.stringify(r) + '\n')).toString()).toBe(rowLine(r) + rowLine(r));
    const emoji = { ...r, title: 'Sale 😀' };
    expect(currentRowLines(Buffer.from(rowLine(emoji)))).toEqual(Buffer.from(rowLine(emoji)));
    const lone = { ...r, title: 'a\ud800b' };
    expect(currentRowLines(Buffer.from(rowLine(r) + JSON.stringify(EVENT_COLUMNS.map((c) => lone[c])) + '\n')).toString()).toBe(
      rowLine(r) + rowLine({ ...r, title: 'a\ufffdb' }),
    );
  });

  it('inserts a line logged before a column was appended: the missing value takes its default', async () => {
    // The shape of an old line once the table has grown a column: it lacks the last value(s).
    const r = eventRow('short', 1);
    const short = JSON.stringify(EVENT_COLUMNS.slice(0, -1).map((c) => r[c])) + '\n';
    await insertLines(db.store, 'events', Buffer.from(short), EVENT_LINES, {});
    const rs = await db.store.query({ query: "SELECT path, props FROM events WHERE site_id = 'short'", format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ path: '/p1', props: {} }]);
  });

  it('backs off while the store is down, however fast events arrive', async () => {
    const { wal } = await setup('backoff', 20);
    const broken = await openStore({ kind: 'server', url: 'http://127.0.0.1:9', username: 'default', password: '', database: 'default' });
    const metrics = createMetrics(() => ({ bytes: 0, rows: 0 }));
    const writer = new BatchWriter(broken, wal, { flushIntervalMs: 50, minRows: 10, maxRows: 1000 }, metrics, pino({ level: 'silent' }));
    writer.start();
    // 1.5 s of traffic, an event every 5 ms. Back-off waits 0.5 s, 1 s, 2 s…: at most 3 attempts.
    const end = Date.now() + 1500;
    for (let i = 20; Date.now() < end; i++) {
      await wal.append(row('backoff', i), 1);
      await new Promise((r) => setTimeout(r, 5));
    }
    const attempts = (await metrics.insertFailures.get()).values[0]?.value ?? 0;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(3);
    expect(await writer.stop(0)).toBe(false); // nothing could be shipped; the rows stay in the log
    expect(wal.backlogRows()).toBeGreaterThan(100);
    await broken.close();
    await wal.close();
  });

  it('keeps rows in the log while inserts fail, and ships them once they succeed', async () => {
    const { wal, writer } = await setup('retry', 5);
    // A real client for a ClickHouse server that is not there.
    const broken = await openStore({ kind: 'server', url: 'http://127.0.0.1:9', username: 'default', password: '', database: 'default' });
    const metrics = createMetrics(() => ({ bytes: 0, rows: 0 }));
    const failing = new BatchWriter(broken, wal, { flushIntervalMs: 50, minRows: 1000, maxRows: 1000 }, metrics, pino({ level: 'silent' }));
    await expect(failing.drain()).rejects.toThrow(/insert failed/);
    expect(failing.lastError).toMatch(/ECONNREFUSED/);
    await broken.close();
    expect(wal.backlogRows()).toBe(5);
    await writer.drain();
    expect(await count('retry')).toBe(5);
    await wal.close();
  });
});
