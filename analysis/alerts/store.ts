/**
 * Alerts and their checks live in ClickHouse (migration 010), versioned like journeys: each write
 * is a new version, a delete a version with deleted = 1, reads use FINAL.
 */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { toClickHouseTime } from '../../collector/storage/time.js';
import { queryRows } from '../common/query.js';
import { forgetSite, settled, writeVersions } from './rows.js';
import { alertCheckSchema, type Alert, type AlertCheck, type AlertInput } from './schema.js';

const rowSchema = z.object({
  site_id: z.string(),
  journey_id: z.string(),
  webhook: z.string(),
  min_drop_pt: z.number(),
  updated_at: z.string(),
  day: z.string(),
  outcome: z.string(),
  detail: z.string(),
  at: z.string(),
});

/** Each live alert with the check of its latest day (empty strings: none yet); a day checked again by hand shows its newest outcome. */
const SELECT = `
  SELECT a.site_id AS site_id, a.journey_id AS journey_id, webhook, min_drop_pt, toString(updated_at) AS updated_at,
    c.last_day AS day, c.outcome AS outcome, c.detail AS detail, if(c.last_day = '', '', toString(c.last_at)) AS at
  FROM (SELECT * FROM alerts FINAL WHERE deleted = 0) AS a
  LEFT JOIN (
    SELECT site_id, journey_id, max(day) AS last_day, argMax(outcome, (day, at, version)) AS outcome,
      argMax(detail, (day, at, version)) AS detail, argMax(at, (day, at, version)) AS last_at
    FROM alert_checks FINAL GROUP BY site_id, journey_id
  ) AS c ON a.site_id = c.site_id AND a.journey_id = c.journey_id`;

export interface SiteAlert extends Alert {
  site: string;
}

function fromRow(r: z.infer<typeof rowSchema>): SiteAlert {
  const last = r.day === '' ? null : alertCheckSchema.parse({ day: r.day, outcome: r.outcome, detail: r.detail, at: r.at });
  return { site: r.site_id, journey: r.journey_id, webhook: r.webhook, min_drop_pt: r.min_drop_pt, updated_at: r.updated_at, last_check: last };
}

async function select(store: Store, filter: string, params: Record<string, unknown>): Promise<SiteAlert[]> {
  const rows = await queryRows(store, `SELECT * FROM (${SELECT}) WHERE ${filter} ORDER BY site_id, journey_id`, params, rowSchema);
  return rows.map(fromRow);
}

/** Every site's alerts (for the scheduler). */
export const listAllAlerts = (store: Store) => select(store, '1', {});
export const listAlerts = (store: Store, site: string) => select(store, 'site_id = {site:String}', { site });
export async function getAlert(store: Store, site: string, journey: string): Promise<SiteAlert | undefined> {
  return (await select(store, 'site_id = {site:String} AND journey_id = {journey:String}', { site, journey }))[0];
}

export async function putAlert(store: Store, site: string, journey: string, input: AlertInput): Promise<SiteAlert> {
  await writeVersions(store, 'alerts', [{ site_id: site, journey_id: journey, webhook: input.webhook, min_drop_pt: input.min_drop_pt, deleted: 0 }]);
  return (await getAlert(store, site, journey))!;
}

/** Tombstones for these alerts, in one insert. */
const tombstone = (store: Store, site: string, journeys: readonly string[]) =>
  writeVersions(store, 'alerts', journeys.map((journey_id) => ({ site_id: site, journey_id, webhook: '', min_drop_pt: 0, deleted: 1 })));

/** Returns whether there was such an alert. */
export async function deleteAlert(store: Store, site: string, journey: string): Promise<boolean> {
  const had = (await getAlert(store, site, journey)) !== undefined;
  if (had) await tombstone(store, site, [journey]);
  return had;
}

/** A deleted site's alerts, all of them, and what their checks found (stage names and figures). */
export async function deleteSiteAlerts(store: Store, site: string): Promise<number> {
  const all = await listAlerts(store, site);
  await tombstone(store, site, all.map((a) => a.journey));
  await forgetSite(store, 'alert_checks', site);
  return all.length;
}

export const recordCheck = (store: Store, site: string, journey: string, check: Omit<AlertCheck, 'at'>, at = Date.now()) =>
  writeVersions(store, 'alert_checks', [{ site_id: site, journey_id: journey, day: check.day, outcome: check.outcome, detail: check.detail, at: toClickHouseTime(at) }], 'none');

/** Whether this alert's day was checked for good (quiet or sent). */
export const daySettled = (store: Store, site: string, journey: string, day: string) => settled(store, 'alert_checks', { site_id: site, journey_id: journey, day });
