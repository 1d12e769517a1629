/**
 * Backups of the embedded store: ClickHouse's own BACKUP of the whole database (events, sites,
 * journeys, API keys, salts, the applied migrations), a consistent snapshot of each table, taken
 * while the server runs. The log is shipped first, so every event acknowledged before the backup
 * is in it. A backup is a directory; copy it anywhere. RESTORE puts it into the empty data dir
 * of a new machine (cli.ts `waymark restore`), which then starts as the old one stood.
 * With CLICKHOUSE_URL the server's own configuration decides where backups may go: use its
 * BACKUP there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { countRows, type Store } from './clickhouse.js';
import { shipLogged } from './log-barrier.js';
import { BACKUP_ID_FILE, recordErasure } from './erasure-journal.js';
import type { BatchWriter } from './writer.js';

/** What POST /api/backups answers. */
export const backupSchema = z.object({
  name: z.string(),
  path: z.string().describe('the backup directory, on the server'),
  bytes: z.number().int(),
  ms: z.number().int(),
  removed: z.array(z.string()).describe('older backups removed to keep the newest `keep`'),
});
export type Backup = z.infer<typeof backupSchema>;

/** ClickHouse writes this file last; a directory without it is no (complete) backup. */
export const BACKUP_MARKER = '.backup';

/** The names this module gives backups (an ISO time, `:` and `.` made `-`), so they sort by age. */
const BACKUP_NAME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/** `keep`: afterwards, remove our older backups past the newest `keep` (a nightly cron's rotation). */
export async function createBackup(deps: { store: Store; writer: BatchWriter }, dir: string, keep?: number): Promise<Backup> {
  const started = performance.now();
  await shipLogged(deps.writer, 'the events in the log must be stored to be in the backup; no backup was made');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 }); // visitors' paths and ids, as the data dir
  const name = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(dir, name);
  // Erasures journaled from here on are not (surely) in this backup: a restore applies them.
  const id = randomUUID();
  recordErasure(dir, { kind: 'backup', backup: id });
  // BACKUP takes no query parameters; the path is ours (config and a timestamp), quoted as a literal.
  await deps.store.command({ query: `BACKUP DATABASE ${await currentDatabase(deps.store)} TO File(${sqlString(target)})` });
  fs.writeFileSync(path.join(target, BACKUP_ID_FILE), JSON.stringify({ id }) + '\n', { mode: 0o600 });
  const removed = keep === undefined ? [] : prune(dir, keep);
  return { name, path: target, bytes: sizeOf(target), ms: Math.round(performance.now() - started), removed };
}

/**
 * Removes all but the newest `keep` complete backups of ours. Anything else in the directory
 * (an owner's own files, a backup cut short, which has no marker) is left alone.
 */
function prune(dir: string, keep: number): string[] {
  const ours = fs
    .readdirSync(dir)
    .filter((n) => BACKUP_NAME.test(n) && fs.existsSync(path.join(dir, n, BACKUP_MARKER)))
    .sort();
  const old = ours.slice(0, Math.max(0, ours.length - keep));
  for (const n of old) fs.rmSync(path.join(dir, n), { recursive: true, force: true });
  return old;
}

/** Restores into a database that has no tables yet; returns how many events it holds. */
export async function restoreBackup(store: Store, source: string): Promise<{ events: number; sites: number }> {
  await store.command({ query: `RESTORE DATABASE ${await currentDatabase(store)} FROM File(${sqlString(source)})` });
  return { events: await countRows(store, 'events'), sites: await countRows(store, 'sites FINAL', 'deleted = 0') };
}

async function currentDatabase(store: Store): Promise<string> {
  const rs = await store.query({ query: 'SELECT currentDatabase() AS db', format: 'JSONEachRow' });
  const db = ((await rs.json()) as { db: string }[])[0]!.db;
  return '`' + db.replace(/`/g, '``') + '`';
}

const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function sizeOf(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((n, f) => n + sizeOf(path.join(p, f)), 0);
}
