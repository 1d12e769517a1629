/**
 * Deleting a site: the site, its journeys, annotations, API keys and every event stored for it, for good
 * (a shop closed, a site added by mistake, or an owner's request to erase what was collected).
 *
 * The order matters, because events keep arriving and the log holds rows not yet in the store:
 * 1. the store must take inserts now (the log's rows must reach it before they can be deleted);
 * 2. the site is marked deleted: from then on its events are refused (404 unknown_site);
 * 3. the log's rows up to now are shipped, then the site's rows deleted (delete-rows.ts);
 * 4. a request that had passed the site check just before step 2 may still append a row: the
 *    log is shipped and counted again, and deleted again if it has any (a few rounds at most).
 * A site that is gone but still has rows, journeys or keys (a deletion cut short, or rows another
 * collector took before it saw the deletion) can be deleted again: that deletes what is left.
 */
import type { ApiKeyStore } from './api-keys.js';
import { countRows, type Store } from './clickhouse.js';
import type { SiteStore } from './sites.js';
import type { SiteDeletion } from '../schema/site.js';
import { deleteEvents } from './delete-rows.js';
import { recordErasure } from './erasure-journal.js';
import { shipLogged } from './log-barrier.js';
import type { BatchWriter } from './writer.js';
import type { WriteAheadLog } from './wal.js';
import { EVENT_COLUMNS } from '../schema/event.js';
import { deleteJourney, listJourneys } from '../../analysis/journeys/store.js';
import { deleteSiteAnnotations } from '../../analysis/annotations/store.js';
import { deleteSiteAlerts } from '../../analysis/alerts/store.js';
import { deleteTrackingAlert } from '../../analysis/alerts/tracking.js';
import { deleteSummary } from '../../analysis/alerts/summary-store.js';
import { deleteBounceAlert } from '../../analysis/alerts/bounce.js';

const SITE_COLUMN = EVENT_COLUMNS.indexOf('site_id');

export interface SiteDeletionDeps {
  store: Store;
  sites: SiteStore;
  keys: ApiKeyStore;
  writer: BatchWriter;
  wal: WriteAheadLog;
  /** Where backups go (null: not ours, with CLICKHOUSE_URL): the deletion is journaled there. */
  backupDir: string | null;
}

const ROUNDS = 3;

/** Returns undefined when there is no such site and no rows of it. */
export async function deleteSite(deps: SiteDeletionDeps, id: string): Promise<SiteDeletion | undefined> {
  const { store, sites, keys, writer } = deps;
  await shipLogged(writer, 'events in the log must be stored before they can be deleted; nothing was deleted');
  const known = sites.get(id) !== undefined;
  let events = await countEvents(store, id);
  // A deletion cut short may also have left the site's journeys or keys: those count as its rows.
  const journeys = await listJourneys(store, id);
  const siteKeys = keys.list(id);
  if (!known && events === 0 && journeys.length === 0 && siteKeys.length === 0) {
    // Nothing in the store; set-aside rows of it may still be in the log's directory.
    const setAside = await deps.wal.eraseSetAside((v) => v[SITE_COLUMN] === id);
    return setAside > 0 ? { site: id, events: 0, journeys: 0, keys: 0, set_aside: setAside } : undefined;
  }
  await sites.remove(id);
  for (const j of journeys) await deleteJourney(store, id, j.id);
  await deleteSiteAnnotations(store, id);
  await deleteSiteAlerts(store, id);
  await deleteTrackingAlert(store, id);
  await deleteSummary(store, id);
  await deleteBounceAlert(store, id);
  for (const k of siteKeys) await keys.revoke(id, k.id);
  let deleted = 0;
  for (let round = 0; round < ROUNDS; round++) {
    await shipLogged(writer, 'events in the log must be stored before they can be deleted; the site is deleted, not all of its events yet: send the request again');
    events = await countEvents(store, id);
    if (events === 0) break;
    await deleteEvents(store, 'site_id = {site:String}', { site: id });
    deleted += events;
  }
  // Rows ClickHouse refused are kept aside in the log's directory: the site's go too.
  const setAside = await deps.wal.eraseSetAside((v) => v[SITE_COLUMN] === id);
  // Backups made before now still hold the site: a restore deletes it again (erasure-journal.ts).
  if (deps.backupDir) recordErasure(deps.backupDir, { kind: 'site', site: id });
  return { site: id, events: deleted, journeys: journeys.length, keys: siteKeys.length, set_aside: setAside };
}

const countEvents = (store: Store, id: string) => countRows(store, 'events', 'site_id = {site:String}', { site: id });
