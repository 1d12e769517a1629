/**
 * Jobs for a bare embedded ClickHouse in a child process (servers/chdb.ts): count what a stopped
 * collector stored, and measure the raw insert ceiling with the same rows.
 */
import { z } from 'zod';
import { removeDir, startChild, stopChild, tempDir, type Child } from './children.js';

async function withChdb<T>(dataPath: string, job: (child: Child) => Promise<T>): Promise<T> {
  const child = startChild('chdb.ts', { BENCH_CHDB_PATH: dataPath });
  try {
    await child.next('ready', 180_000);
    const failed = child.next('error', 24 * 3600_000).then((e) => Promise.reject(new Error(String(e.message))));
    failed.catch(() => {}); // only raced below
    return await Promise.race([job(child), failed]);
  } finally {
    await stopChild(child);
  }
}

/** Rows of one site in a data directory no process holds any more. */
export function countRows(dataPath: string, site: string): Promise<number> {
  return withChdb(dataPath, async (child) => {
    child.send({ type: 'count', site });
    return z.number().parse((await child.next('count-done')).rows);
  });
}

const rawResult = z.object({ rows: z.number(), stored: z.number(), seconds: z.number(), inserts: z.number(), bytesPerRow: z.number(), cpuMs: z.number() });

/** Inserts copies of the sample rows (fresh event ids) for `durationS` into a fresh chdb. */
export async function rawInsert(sampleFile: string, durationS: number, batchRows: number) {
  const dir = tempDir('waymark-bench-raw-');
  try {
    return await withChdb(dir, async (child) => {
      child.send({ type: 'raw', sampleFile, durationMs: durationS * 1000, batchRows });
      const r = rawResult.parse(await child.next('raw-done', (durationS + 120) * 1000));
      if (r.stored !== r.rows) console.log(`  !! raw: ${r.rows} rows sent, ${r.stored} stored`);
      return { ...r, rowsPerS: r.stored / r.seconds, cores: r.cpuMs / 1000 / r.seconds, cpuUsPerRow: (r.cpuMs * 1000) / r.rows };
    });
  } finally {
    removeDir(dir);
  }
}
