/**
 * Closing the embedded store must outlast the engine's running work: a process exits right after
 * (the CLI, the server on SIGTERM), and libchdb's exit handlers under a running query crash it.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { openStore, type Store } from '../../../collector/storage/clickhouse.js';
import { tempDir } from '../../helpers/server.js';

const cfg = { kind: 'embedded', path: path.join(tempDir(), 'ch') } as const;

/**
 * On a second connection (a connection runs one statement at a time) and without parameters (the
 * parameterized ones run one at a time in the process), so it answers while the slow one runs.
 */
async function running(store: Store, marker: string): Promise<number> {
  const rs = await store.query({ query: `SELECT count() AS n FROM system.processes WHERE query LIKE '%${marker}%' AND query NOT LIKE '%system.processes%'`, format: 'JSONEachRow' });
  return Number(((await rs.json()) as { n: number }[])[0]!.n);
}

it('waits for the running query and cancels the statements queued behind it', async () => {
  let store = await openStore(cfg);
  const probe = await openStore(cfg);
  await store.command({ query: 'CREATE TABLE t (x UInt8) ENGINE = MergeTree ORDER BY x' });
  const sent = performance.now();
  const slow = store.query({ query: 'SELECT sum(sleepEachRow(0.2)) AS slow_marker FROM numbers({n:UInt32})', query_params: { n: 12 }, format: 'JSONEachRow' });
  slow.catch(() => {}); // closing cancels its answer; the engine still finishes it
  // Parameterized statements run one at a time in the process: this one waits behind the slow one.
  const queued = store.command({ query: 'INSERT INTO t SELECT {x:UInt8}', query_params: { x: 1 } });
  queued.catch(() => {});
  while ((await running(probe, 'slow_marker')) === 0) await new Promise((r) => setTimeout(r, 20));
  await store.close();
  // The slow query sleeps 2.4 s (the engine cannot end it sooner); close() returned after it ended.
  expect(performance.now() - sent).toBeGreaterThanOrEqual(2_400);
  await expect(queued).rejects.toThrow(/abort/i);
  await probe.close();

  store = await openStore(cfg);
  const rs = await store.query({ query: 'SELECT count() AS n FROM t', format: 'JSONEachRow' });
  expect(await rs.json()).toEqual([{ n: 0 }]); // the queued INSERT never ran
  await store.close();
});
