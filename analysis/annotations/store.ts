/**
 * Annotations live in ClickHouse (migration 008), versioned like journeys: each write is a new
 * version of (site, id), a delete a version with deleted = 1, reads use FINAL.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { nextRowVersion } from '../../collector/storage/row-version.js';
import { toClickHouseTime } from '../../collector/storage/time.js';
import { queryRows } from '../common/query.js';
import type { Annotation, AnnotationInput } from './schema.js';

const rowSchema = z.object({ id: z.string(), date: z.string(), text: z.string(), created_at: z.string() });

/** A site's annotations between two days (inclusive, either open), by day then creation. */
export async function listAnnotations(store: Store, site: string, from?: string, to?: string): Promise<Annotation[]> {
  return queryRows(
    store,
    `SELECT id, day AS date, text, toString(created_at) AS created_at FROM annotations FINAL
     WHERE site_id = {site:String} AND deleted = 0 AND day >= {from:String} AND day <= {to:String}
     ORDER BY day, created_at, id`,
    { site, from: from ?? '0000-00-00', to: to ?? '9999-99-99' },
    rowSchema,
  );
}

export async function addAnnotation(store: Store, site: string, input: AnnotationInput): Promise<Annotation> {
  const a = { id: randomUUID(), date: input.date, text: input.text, created_at: toClickHouseTime(Date.now()) };
  await store.insert({
    table: 'annotations',
    values: [{ site_id: site, id: a.id, day: a.date, text: a.text, created_at: a.created_at, version: nextRowVersion(), deleted: 0 }],
    format: 'JSONEachRow',
  });
  return a;
}

/** Tombstones (deleted = 1, text gone) for these annotations, in one insert. */
async function tombstone(store: Store, site: string, gone: readonly { id: string; date: string }[]): Promise<void> {
  if (gone.length === 0) return;
  const at = toClickHouseTime(Date.now());
  await store.insert({
    table: 'annotations',
    values: gone.map((a) => ({ site_id: site, id: a.id, day: a.date, text: '', created_at: at, version: nextRowVersion(), deleted: 1 })),
    format: 'JSONEachRow',
  });
}

/** Returns whether there was such an annotation. */
export async function deleteAnnotation(store: Store, site: string, id: string): Promise<boolean> {
  const rows = await queryRows(store, `SELECT id, day AS date FROM annotations FINAL WHERE site_id = {site:String} AND id = {id:String} AND deleted = 0`, { site, id }, z.object({ id: z.string(), date: z.string() }));
  await tombstone(store, site, rows);
  return rows.length > 0;
}

/** A deleted site's annotations, all of them (one read, one insert). */
export async function deleteSiteAnnotations(store: Store, site: string): Promise<number> {
  const all = await listAnnotations(store, site);
  await tombstone(store, site, all);
  return all.length;
}
