/**
 * A bare embedded ClickHouse (chdb) in its own process, with the collector's own client
 * settings and migrations, for two jobs:
 *  - "raw": insert copies of real enriched rows (fresh event ids), serialized as the collector logs
 *    and inserts them (rowLine, EVENT_LINES), ~10k rows per INSERT, for a fixed time → the raw
 *    insert ceiling the collector is compared with;
 *  - "count": count the rows a stopped collector left in its data directory.
 * One data directory per process (chdb locks it), hence a process per directory.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EVENT_LINES, rowLine } from '../../../collector/ingest/row-json.js';
import { eventRowSchema } from '../../../collector/schema/event.js';
import { insertLines, openStore, type Store } from '../../../collector/storage/clickhouse.js';
import { migrate } from '../../../collector/storage/migrator.js';

const dataPath = process.env.BENCH_CHDB_PATH;
if (!dataPath) throw new Error('BENCH_CHDB_PATH is required');
const store = await openStore({ kind: 'embedded', path: dataPath });
await migrate(store);
// The raw ceiling is ClickHouse's default insert, which does not fsync its part: the collector's
// table does (migration 006), so this baseline is the faster of the two, a conservative one.
await store.command({ query: 'ALTER TABLE events MODIFY SETTING fsync_after_insert = 0, fsync_part_directory = 0' });
process.send!({ type: 'ready' });

const rawMsg = z.object({ type: z.literal('raw'), sampleFile: z.string(), durationMs: z.number(), batchRows: z.number() });
const countMsg = z.object({ type: z.literal('count'), site: z.string() });

process.on('message', (m: { type?: string }) => {
  void handle(m).catch((err: unknown) => {
    process.send!({ type: 'error', message: String(err instanceof Error ? err.stack : err) });
  });
});
process.on('disconnect', () => process.exit(1));

async function handle(m: { type?: string }): Promise<void> {
  if (m.type === 'raw') {
    const { sampleFile, durationMs, batchRows } = rawMsg.parse(m);
    process.send!({ type: 'raw-done', ...(await rawInsert(sampleFile, durationMs, batchRows)) });
  } else if (m.type === 'count') {
    process.send!({ type: 'count-done', rows: await count(countMsg.parse(m).site) });
  } else if (m.type === 'stop') {
    await store.close();
    process.send!({ type: 'stopped' }, () => process.exit(0));
  }
}

/** Rows of the sample, each split around its event_id so a batch is cheap to make unique. */
function templates(sampleFile: string): [string, string][] {
  const lines = fs.readFileSync(sampleFile, 'utf8').split('\n').filter(Boolean);
  if (lines.length === 0) throw new Error('empty sample');
  const MARK = '00000000-0000-4000-8000-00000000feed';
  return lines.map((l) => {
    const row = eventRowSchema.parse(JSON.parse(l));
    const [prefix, suffix] = rowLine({ ...row, event_id: MARK }).split(MARK) as [string, string];
    return [prefix, suffix];
  });
}

async function rawInsert(sampleFile: string, durationMs: number, batchRows: number) {
  const rows = templates(sampleFile);
  let cursor = 0;
  const makeBatch = (): Buffer => {
    const parts: string[] = [];
    for (let i = 0; i < batchRows; i++) {
      const [p, s] = rows[cursor++ % rows.length]!;
      parts.push(p, randomUUID(), s);
    }
    return Buffer.from(parts.join(''));
  };
  const before = await count(null);
  let inserted = 0;
  let inserts = 0;
  let next = makeBatch();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  while (performance.now() - started < durationMs) {
    const body = next;
    const running = insert(store, body);
    next = makeBatch(); // made while ClickHouse works on the previous batch (off the event loop)
    await running;
    inserted += batchRows;
    inserts++;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0); // this process: the engine's threads and batch making
  const stored = (await count(null)) - before;
  return { rows: inserted, stored, seconds, inserts, bytesPerRow: next.length / batchRows, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * The collector's own insert path (zero-copy rawInsert on chdb), so the ceiling is what ClickHouse
 * can take, not what the client's string copy allows (that measured ~half the rows/s).
 */
function insert(s: Store, body: Buffer): Promise<void> {
  return insertLines(s, 'events', body, EVENT_LINES, {});
}

async function count(site: string | null): Promise<number> {
  const rs = await store.query({
    query: site === null ? 'SELECT count() AS n FROM events' : 'SELECT count() AS n FROM events WHERE site_id = {site:String}',
    query_params: site === null ? {} : { site },
    format: 'JSONEachRow',
  });
  return z.array(z.object({ n: z.coerce.number() })).parse(await rs.json())[0]!.n;
}
