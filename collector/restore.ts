/**
 * `waymark restore <backup dir> [--erasures FILE]`: a backup into an empty data dir, then the
 * erasures journaled after that backup made again (storage/erasure-journal.ts), so a restore
 * never brings back a person or a site erased since.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './config.js';
import { createWaymark, useDataDir } from './server.js';
import { BACKUP_MARKER, restoreBackup } from './storage/backup.js';
import { countRows, openStore } from './storage/clickhouse.js';
import { JOURNAL_FILE, eraseHashed, erasuresAfter, readErasures } from './storage/erasure-journal.js';

/** Into an empty data dir only: a restore never mixes with, or replaces, data already there. */
export async function restore(args: string[]): Promise<number> {
  const usage = 'usage: waymark restore <backup dir> [--erasures FILE]   (the directory `waymark backup` printed; FILE: the erasures journal, default the one beside it)';
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { erasures: { type: 'string' } } });
  } catch {
    parsed = null;
  }
  if (!parsed || parsed.positionals.length !== 1) {
    console.error(usage);
    return 2;
  }
  const source = path.resolve(parsed.positionals[0]!);
  const journal = path.resolve(parsed.values.erasures ?? path.join(path.dirname(source), JOURNAL_FILE));
  if (parsed.values.erasures !== undefined && !fs.existsSync(journal)) {
    console.error(`restore: no erasures journal at ${journal}`);
    return 2;
  }
  if (!fs.existsSync(path.join(source, BACKUP_MARKER))) {
    console.error(`restore: ${source} is not a Waymark backup (no ${BACKUP_MARKER} file in it): pass the directory \`waymark backup\` printed`);
    return 2;
  }
  const config = loadConfig();
  if (config.clickhouse.kind !== 'embedded') {
    console.error("restore: with CLICKHOUSE_URL, restore with the server's own RESTORE command");
    return 2;
  }
  const unlock = useDataDir(config.dataDir); // refuses while a server holds it
  const store = await openStore({ ...config.clickhouse, backupDir: path.dirname(source) });
  try {
    const rs = await store.query({
      query: `SELECT count() AS tables, countIf(name = 'events') AS has_events FROM system.tables WHERE database = currentDatabase()`,
      format: 'JSONEachRow',
    });
    const [held] = (await rs.json()) as { tables: string | number; has_events: string | number }[];
    if (Number(held?.tables ?? 0) > 0) {
      const events = Number(held?.has_events) > 0 ? await countRows(store, 'events') : 0;
      console.error(
        `restore: the data dir ${config.dataDir} already holds ${events > 0 ? `events (${events})` : 'a Waymark store'}: restore into an empty data dir (set WAYMARK_DATA_DIR to a new directory)`,
      );
      return 2;
    }
    const r = await restoreBackup(store, source);
    console.log(`restored ${r.events} events of ${r.sites} site${r.sites === 1 ? '' : 's'} from ${source} into ${config.dataDir}`);
  } finally {
    await store.close();
    unlock();
  }
  if (!fs.existsSync(journal)) {
    console.log(`no erasures journal at ${journal}: people erased and sites deleted after this backup are back (pass --erasures FILE)`);
  } else {
    console.log(await eraseAgain(config, source, journal));
  }
  console.log('start Waymark with this WAYMARK_DATA_DIR');
  return 0;
}

/** Applies the journal's erasures made after the backup `source` to the data dir it was restored into. */
async function eraseAgain(config: Config, source: string, journal: string): Promise<string> {
  const { erasures, marked } = erasuresAfter(source, readErasures(journal));
  // The journal goes on beside this data dir's backups (unless it is that one): a backup made
  // here and restored later must still meet the erasures made before it.
  const here = config.clickhouse.kind === 'embedded' ? config.clickhouse.backupDir : undefined;
  if (here && path.join(here, JOURNAL_FILE) !== journal && !fs.existsSync(path.join(here, JOURNAL_FILE))) {
    fs.mkdirSync(here, { recursive: true, mode: 0o700 });
    fs.copyFileSync(journal, path.join(here, JOURNAL_FILE));
  }
  const where = marked ? 'after this backup' : 'in it (all of them: it does not mark this backup)';
  if (erasures.length === 0) return `erasures journal ${journal}: none ${where}`;
  const parts = await createWaymark({ ...config, logLevel: 'warn' });
  try {
    const gone = new Set(erasures.flatMap((e) => (e.kind === 'site' ? [e.site] : [])));
    let sites = 0;
    for (const site of gone) {
      // The API's own deletion: the site, its journeys, keys and events.
      const res = await parts.app.request(`/api/sites/${encodeURIComponent(site)}`, { method: 'DELETE', headers: { authorization: `Bearer ${parts.adminToken}` } });
      if (res.status === 200) sites++;
      else if (res.status !== 404) throw new Error(`deleting site "${site}" again failed: HTTP ${res.status} ${await res.text()}`);
    }
    let people = 0;
    let rows = 0;
    for (const e of erasures) {
      if (e.kind !== 'person' || gone.has(e.site)) continue;
      people++;
      rows += await eraseHashed(parts.store, e.site, e.ids);
    }
    return `erasures journal ${journal}: applied ${erasures.length} erasure${erasures.length === 1 ? '' : 's'} ${where}: ${people} ${people === 1 ? 'person' : 'people'} (${rows} events) and ${sites} site${sites === 1 ? '' : 's'} erased again`;
  } finally {
    await parts.close();
  }
}
