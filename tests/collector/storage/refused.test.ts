/**
 * Rows ClickHouse refuses as data (collector/storage/refused.ts): the writer sets exactly those
 * aside, in a file, counted, stores the rest of their batch once, and the log moves on — where it
 * used to retry the batch forever while every later event waited behind it. Real embedded ClickHouse.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMetrics } from '../../../collector/http/metrics.js';
import { EVENT_COLUMNS } from '../../../collector/schema/event.js';
import { EVENT_LINES, rowLine } from '../../../collector/ingest/row-json.js';
import { clickHouseErrorCode, insertLines } from '../../../collector/storage/clickhouse.js';
import { isRefusedData, lineStarts } from '../../../collector/storage/refused.js';
import { REFUSED_DIR, WriteAheadLog } from '../../../collector/storage/wal.js';
import { BatchWriter } from '../../../collector/storage/writer.js';
import { eventRow, useMigratedStore } from '../../helpers/store.js';

const db = useMigratedStore();
const { dir } = db;

const good = (site: string, i: number) => rowLine(eventRow(site, i));
/** Lines ClickHouse refuses as data: an unknown enum element, a line that is not JSON, a bad UUID. */
const badEnum = (site: string, i: number) => good(site, i).replace('"pageview"', '"click"');
const notJson = '{"half a line\n';
const badUuid = (site: string, i: number) => JSON.stringify(EVENT_COLUMNS.map((c) => (c === 'event_id' ? 'xyz' : eventRow(site, i)[c]))) + '\n';

async function stored(site: string): Promise<number[]> {
  const rs = await db.store.query({ query: 'SELECT load_ms FROM events WHERE site_id = {site:String} ORDER BY load_ms', query_params: { site }, format: 'JSONEachRow' });
  return z.array(z.object({ load_ms: z.number() })).parse(await rs.json()).map((r) => r.load_ms);
}

function writerFor(wal: WriteAheadLog) {
  const metrics = createMetrics(() => ({ bytes: wal.backlogBytes(), rows: wal.backlogRows() }));
  return { metrics, writer: new BatchWriter(db.store, wal, { flushIntervalMs: 50, minRows: 1000, maxRows: 1000 }, metrics, pino({ level: 'silent' })) };
}

const refusedFiles = (walDir: string) => {
  const d = path.join(walDir, REFUSED_DIR);
  return fs.existsSync(d) ? fs.readdirSync(d).map((f) => fs.readFileSync(path.join(d, f), 'utf8')) : [];
};

describe('rows ClickHouse refuses', () => {
  it('are set aside in a file and counted; the rest of their batch is stored once, and later batches flow', async () => {
    const walDir = path.join(dir, 'mixed');
    const wal = await WriteAheadLog.open({ dir: walDir, segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    const lines = Array.from({ length: 12 }, (_, i) => good('mixed', i));
    lines[3] = badEnum('mixed', 3);
    lines[4] = notJson;
    lines[10] = badUuid('mixed', 10);
    await wal.append(lines, lines.length); // one chunk: one batch
    await wal.append([good('mixed', 20), good('mixed', 21)], 2);
    const { writer, metrics } = writerFor(wal);
    await writer.drain();
    expect(await stored('mixed')).toEqual([0, 1, 2, 5, 6, 7, 8, 9, 11, 20, 21]);
    expect(refusedFiles(walDir)).toEqual([lines[3]! + lines[4]! + lines[10]!]);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^waymark_rows_set_aside_total 3$/m);
    expect(text).toMatch(/^waymark_events_stored_total 11$/m);
    expect(wal.backlogRows()).toBe(0);
    expect(writer.lastError).toBeNull();
    await wal.close();
  });

  it('a restart in the middle stores no row twice, even once the whole batch would be accepted', async () => {
    // A log an earlier version wrote: a lone surrogate escape, which that version shipped as it was,
    // and ClickHouse refused. It had stored the first half of the batch when the process died.
    // The new code repairs the line (currentRowLines), so the whole batch would now insert: it must
    // still ship the same parts, or the half already stored would be stored again.
    const walDir = path.join(dir, 'restart');
    let wal = await WriteAheadLog.open({ dir: walDir, segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    const lone = { ...eventRow('restart', 5), title: 'cut \ud83d' };
    const lines = [0, 1, 2, 3, 4].map((i) => good('restart', i));
    lines.push(JSON.stringify(EVENT_COLUMNS.map((c) => lone[c])) + '\n', good('restart', 6));
    await wal.append(lines, lines.length);
    const batch = wal.nextBatch(1000)!;
    await wal.markInflight(batch);
    await wal.markIsolating(batch);
    // What the writer had done before the crash: lines [0, 3) inserted with their part's token.
    await insertLines(db.store, 'events', Buffer.from(lines.slice(0, 3).join('')), EVENT_LINES, { insert_deduplicate: 1, insert_deduplication_token: `${batch.token}:0-3` });
    await wal.close();

    wal = await WriteAheadLog.open({ dir: walDir, segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    expect(wal.nextBatch(1000)).toMatchObject({ start: batch.start, end: batch.end, isolating: true });
    await writerFor(wal).writer.drain();
    expect(await stored('restart')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(refusedFiles(walDir)).toEqual([]);
    await wal.close();
  });

  it('are retried, not set aside, when a batch has more of them than a bad row explains', async () => {
    const walDir = path.join(dir, 'systemic');
    const wal = await WriteAheadLog.open({ dir: walDir, segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    const lines = Array.from({ length: 150 }, (_, i) => badEnum('systemic', i));
    await wal.append(lines, lines.length);
    const { writer } = writerFor(wal);
    await expect(writer.drain()).rejects.toThrow(/refused more than 100 rows of one batch/);
    expect(wal.backlogRows()).toBe(150);
    expect(refusedFiles(walDir)).toEqual([]);
    expect(await stored('systemic')).toEqual([]);
    await wal.close();
  });
});

describe('refused.ts', () => {
  it('reads the ClickHouse error code from a server error and from a chdb error', () => {
    expect(clickHouseErrorCode(Object.assign(new Error('Cannot parse input'), { code: '27' }))).toBe(27);
    expect(clickHouseErrorCode(Object.assign(new Error('Code: 25. DB::Exception: Cannot parse escape sequence'), { code: 'CHDB_INSERT', clickhouseCode: 25 }))).toBe(25);
    expect(clickHouseErrorCode(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }))).toBeNull();
    expect(clickHouseErrorCode('Code: 27.')).toBeNull();
  });

  it('takes only data errors for refused data: never a store that is down, busy or out of memory', () => {
    const chdb = (code: number) => Object.assign(new Error(`Code: ${code}. DB::Exception: …`), { code: 'CHDB_INSERT', clickhouseCode: code });
    for (const code of [25, 27, 41, 72, 376, 691]) expect(isRefusedData(chdb(code))).toBe(true);
    // MEMORY_LIMIT_EXCEEDED, TIMEOUT_EXCEEDED, TOO_MANY_PARTS, TABLE_IS_READ_ONLY, UNKNOWN_TABLE, NETWORK_ERROR
    for (const code of [241, 159, 252, 242, 60, 210]) expect(isRefusedData(chdb(code))).toBe(false);
    expect(isRefusedData(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(false);
  });

  it('finds where each line starts', () => {
    expect(lineStarts(Buffer.from('a\nbb\nc\n'))).toEqual([0, 2, 5, 7]);
    expect(lineStarts(Buffer.from('a\n'))).toEqual([0, 2]);
    expect(lineStarts(Buffer.from('a\nb'))).toEqual([0, 2, 3]);
  });
});
