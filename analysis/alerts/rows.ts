/**
 * How the alerts' tables are written (migrations 010–013): settings are ReplacingMergeTree rows
 * where the newest version wins (read with FINAL) and a delete is a version with deleted = 1;
 * what the checks found is kept per site until the setting or the site goes, then deleted for good.
 */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { nextRowVersion } from '../../collector/storage/row-version.js';
import { toClickHouseTime } from '../../collector/storage/time.js';
import { queryRows } from '../common/query.js';

/** A new version of rows of `table` (a setting with its updated_at, or a check's record with its own times). */
export async function writeVersions(store: Store, table: string, rows: readonly Record<string, unknown>[], stamp: 'updated_at' | 'none' = 'updated_at'): Promise<void> {
  if (rows.length === 0) return;
  const now = toClickHouseTime(Date.now());
  await store.insert({ table, values: rows.map((r) => ({ ...(stamp === 'updated_at' ? { updated_at: now } : {}), ...r, version: nextRowVersion() })), format: 'JSONEachRow' });
}

/** Every row of the site in `table`, deleted for good (what its checks told: segment values, figures), waited for. */
export async function forgetSite(store: Store, table: string, site: string): Promise<void> {
  await store.command({ query: `ALTER TABLE ${table} DELETE WHERE site_id = {site:String} SETTINGS mutations_sync = 2`, query_params: { site } });
}

/**
 * Each live setting of `table` (its newest version, not deleted) with `columns`, beside the newest
 * record of `records` for its latest `key` (a day, a period): `key`, outcome, detail and at, as
 * empty strings while there is none. One site's or every site's (`{site:String}` = '').
 */
export function withLatestRecordSql(table: string, columns: readonly string[], records: string, key: string): string {
  const newest = (col: string) => `argMax(${col}, (${key}, at, version))`;
  return `
  SELECT * FROM (
    SELECT s.site_id AS site_id, ${columns.join(', ')}, toString(updated_at) AS updated_at,
      l.last_key AS ${key}, l.outcome AS outcome, l.detail AS detail, if(l.last_key = '', '', toString(l.last_at)) AS at
    FROM (SELECT * FROM ${table} FINAL WHERE deleted = 0) AS s
    LEFT JOIN (
      SELECT site_id, max(${key}) AS last_key, ${newest('outcome')} AS outcome, ${newest('detail')} AS detail, ${newest('at')} AS last_at
      FROM ${records} FINAL GROUP BY site_id
    ) AS l ON s.site_id = l.site_id
  )
  WHERE {site:String} = '' OR site_id = {site:String}
  ORDER BY site_id`;
}

/**
 * Whether the record of `key` in `records` (a site's day, period…) is settled — `quiet` or `sent` —
 * so the check is not run again; missing or `failed` (the webhook did not take it): run it.
 * Key columns are the caller's names; their values are parameters.
 */
export async function settled(store: Store, records: string, key: Record<string, string>): Promise<boolean> {
  const where = Object.keys(key).map((k) => `${k} = {${k}:String}`).join(' AND ');
  const rows = await queryRows(store, `SELECT outcome FROM ${records} FINAL WHERE ${where}`, key, z.object({ outcome: z.string() }));
  return rows[0]?.outcome === 'quiet' || rows[0]?.outcome === 'sent';
}
