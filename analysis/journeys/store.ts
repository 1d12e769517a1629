/**
 * Journeys live in ClickHouse (migration 004) so every collector sees the same ones. Each write
 * is a new version of (site, id); a delete is a version with deleted = 1; reads use FINAL.
 */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { nextRowVersion } from '../../collector/storage/row-version.js';
import { toClickHouseTime } from '../../collector/storage/time.js';
import { queryRows } from '../common/query.js';
import { journeySchema, storedJourneySchema, type JourneyInput, type StoredJourney } from './schema.js';

const rowSchema = z.object({ id: z.string(), definition: z.string(), updated_at: z.string() });

function fromRow(site: string, r: z.infer<typeof rowSchema>): StoredJourney {
  const definition = journeySchema.parse(JSON.parse(r.definition));
  return storedJourneySchema.parse({ ...definition, id: r.id, site, updated_at: r.updated_at });
}

const SELECT = `SELECT id, definition, toString(updated_at) AS updated_at FROM journeys FINAL
  WHERE site_id = {site:String} AND deleted = 0`;

export async function getJourney(store: Store, site: string, id: string): Promise<StoredJourney | undefined> {
  const rows = await queryRows(store, `${SELECT} AND id = {id:String}`, { site, id }, rowSchema);
  return rows[0] && fromRow(site, rows[0]);
}

export async function listJourneys(store: Store, site: string): Promise<StoredJourney[]> {
  const rows = await queryRows(store, `${SELECT} ORDER BY id`, { site }, rowSchema);
  return rows.map((r) => fromRow(site, r));
}

/** Creates or replaces; returns the journey as stored (defaults filled in). */
export async function putJourney(store: Store, site: string, id: string, input: JourneyInput): Promise<StoredJourney> {
  const definition = journeySchema.parse(input);
  const updated_at = toClickHouseTime(Date.now());
  await store.insert({
    table: 'journeys',
    values: [{ site_id: site, id, definition: JSON.stringify(definition), updated_at, version: nextRowVersion(), deleted: 0 }],
    format: 'JSONEachRow',
  });
  return storedJourneySchema.parse({ ...definition, id, site, updated_at });
}

/** Returns whether there was a journey to delete. */
export async function deleteJourney(store: Store, site: string, id: string): Promise<boolean> {
  const existing = await getJourney(store, site, id);
  if (!existing) return false;
  await store.insert({
    table: 'journeys',
    values: [{ site_id: site, id, definition: '{}', updated_at: toClickHouseTime(Date.now()), version: nextRowVersion(), deleted: 1 }],
    format: 'JSONEachRow',
  });
  return true;
}
