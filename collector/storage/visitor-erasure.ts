/**
 * Erasing one person's data from a site (a customer's request under GDPR article 17, or any
 * owner's wish): every event of a visitor id, or of a user id and every visitor id that an
 * `identify` linked to it (their visits before they signed in, on every device), for good.
 * The log's rows are stored first, so an event acknowledged a moment ago is erased too. Backups
 * keep their copy; the erasure is journaled beside them and applied again on restore.
 */
import type { Store } from './clickhouse.js';
import type { VisitorErasure } from '../schema/site.js';
import { deleteEvents } from './delete-rows.js';
import { shipLogged } from './log-barrier.js';
import type { BatchWriter } from './writer.js';
import type { WriteAheadLog } from './wal.js';
import { EVENT_COLUMNS } from '../schema/event.js';
import { idHash, recordErasure } from './erasure-journal.js';

const SITE = EVENT_COLUMNS.indexOf('site_id');
const VISITOR = EVENT_COLUMNS.indexOf('visitor_id');

export async function eraseVisitor(
  deps: { store: Store; writer: BatchWriter; wal: WriteAheadLog; backupDir: string | null },
  site: string,
  id: string,
): Promise<VisitorErasure> {
  const { store, writer } = deps;
  await shipLogged(writer, 'events in the log must be stored before they can be erased; nothing was erased');
  const params = { site, id };
  const rs = await store.query({
    query: `SELECT visitor_id, count() AS n FROM events
            WHERE site_id = {site:String}
              AND visitor_id IN (SELECT {id:String} UNION ALL
                                 SELECT visitor_id FROM events WHERE site_id = {site:String} AND type = 'identify' AND user_id = {id:String})
            GROUP BY visitor_id ORDER BY visitor_id`,
    query_params: params,
    format: 'JSONEachRow',
  });
  const found = (await rs.json()) as { visitor_id: string; n: number | string }[];
  const visitors = found.map((r) => r.visitor_id);
  const events = found.reduce((sum, r) => sum + Number(r.n), 0);
  if (events > 0) {
    await deleteEvents(store, 'site_id = {site:String} AND visitor_id IN {visitors:Array(String)}', { site, visitors });
  }
  // Rows ClickHouse refused are kept aside in the log's directory: theirs go too.
  const mine = new Set([id, ...visitors]);
  const setAside = await deps.wal.eraseSetAside((v) => v[SITE] === site && mine.has(v[VISITOR] as string));
  // Backups made before now still hold them: a restore erases them again (erasure-journal.ts).
  if (deps.backupDir) recordErasure(deps.backupDir, { kind: 'person', site, ids: [...mine].map(idHash) });
  return { site, id, visitors, events, set_aside: setAside };
}
