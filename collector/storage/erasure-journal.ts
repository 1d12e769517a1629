/**
 * Erasures outlive the backups made before them. A backup is a copy of the past: restoring one
 * would bring back a person erased (GDPR article 17) or a site deleted after it was made. So each
 * erasure is also written to a journal beside the backups (`<backup dir>/erasures.ndjson`, copied
 * with them), and `waymark restore` applies the journal to what it restored.
 *
 * The journal holds no ids, only their SHA-256 (a person's visitor ids and the id asked for, which
 * may be a user id given to `identify`): enough to find their rows again, not to read who they
 * were. A person is recorded even when nothing of them was stored any more: their rows may still
 * be in a backup.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Store } from './clickhouse.js';
import { deleteEvents } from './delete-rows.js';

export const JOURNAL_FILE = 'erasures.ndjson';

const hashSchema = z.string().regex(/^[0-9a-f]{64}$/);
export const erasureSchema = z.discriminatedUnion('kind', [
  /** A backup about to be taken: what comes after this line is not in it. */
  z.object({ at: z.string(), kind: z.literal('backup'), backup: z.string() }),
  z.object({ at: z.string(), kind: z.literal('site'), site: z.string() }),
  /** `ids`: SHA-256 (hex) of the id asked for and of each visitor id found for it. */
  z.object({ at: z.string(), kind: z.literal('person'), site: z.string(), ids: z.array(hashSchema) }),
]);
export type Erasure = z.infer<typeof erasureSchema>;

type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;

/** The same hash as `lower(hex(SHA256(x)))` in ClickHouse. */
export const idHash = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

/** Appends one line, on disk before it returns (an erasure is already done; a backup not begun). */
export function recordErasure(dir: string, e: WithoutAt<Erasure>): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = fs.openSync(path.join(dir, JOURNAL_FILE), 'a', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify({ at: new Date().toISOString(), ...e }) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The journal's erasures in order; throws naming the line that is not one. */
export function readErasures(file: string): Erasure[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (line.trim() === '') return [];
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      const e = erasureSchema.safeParse(value);
      if (!e.success) throw new Error(`${file}, line ${i + 1}: not an erasure`);
      return [e.data];
    });
}

/** Beside a backup's data: which journal line it follows (written once the backup is complete). */
export const BACKUP_ID_FILE = 'waymark-backup.json';

/**
 * What a restore of the backup `source` must erase again: the journal's erasures after the line
 * that marks it, or all of them when it has none (a backup from before journaling, or a journal
 * from elsewhere: erasing again what is gone already changes nothing).
 */
export function erasuresAfter(source: string, journal: Erasure[]): { erasures: Erasure[]; marked: boolean } {
  let id: string | undefined;
  try {
    id = z.object({ id: z.string() }).parse(JSON.parse(fs.readFileSync(path.join(source, BACKUP_ID_FILE), 'utf8'))).id;
  } catch {
    id = undefined;
  }
  const at = journal.findIndex((e) => e.kind === 'backup' && e.backup === id);
  const after = at >= 0 ? journal.slice(at + 1) : journal;
  return { erasures: after.filter((e) => e.kind !== 'backup'), marked: at >= 0 };
}

/**
 * Deletes the rows of the people whose hashes are given: of a hashed visitor id, or of a visitor
 * id an `identify` linked to a hashed user id (as eraseVisitor finds them). Returns the count.
 */
export async function eraseHashed(store: Store, site: string, ids: readonly string[]): Promise<number> {
  const where = `site_id = {site:String} AND (lower(hex(SHA256(visitor_id))) IN {ids:Array(String)}
    OR visitor_id IN (SELECT visitor_id FROM events WHERE site_id = {site:String} AND type = 'identify' AND lower(hex(SHA256(user_id))) IN {ids:Array(String)}))`;
  const params = { site, ids };
  const rs = await store.query({ query: `SELECT count() AS n FROM events WHERE ${where}`, query_params: params, format: 'JSONEachRow' });
  const n = Number(((await rs.json()) as { n: number | string }[])[0]?.n ?? 0);
  if (n > 0) await deleteEvents(store, where, params);
  return n;
}
