/**
 * Tracking alerts: events that stop arriving are the failure an analytics tool cannot see in its
 * own numbers (the script dropped from a template, blocked by a new Content-Security-Policy, a
 * domain the site no longer lists). At each tick, for each site with a tracking alert:
 *   - its newest touchpoint is `quiet_hours` old or older, and the same hours a week before
 *     brought at least MIN_EXPECTED touchpoints (a quiet night on a small site is no outage)
 *     → "events stopped", once per silence (the silence is named by its last event);
 *   - events came again after a silence that was told → "events are back", once.
 * A webhook that does not take the message is tried again at the next tick.
 */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { toClickHouseTime } from '../../collector/storage/time.js';
import { queryRows } from '../common/query.js';
import { DAY_MS, HOUR_MS } from '../common/time.js';
import { postWebhook } from './deliver.js';
import { chatMessage } from './check.js';
import { forgetSite, writeVersions } from './rows.js';
import type { TrackingAlert, TrackingAlertInput } from './schema.js';

/** Touchpoints the same hours a week before must have brought for a silence to count. */
export const MIN_EXPECTED = 20;
const WEEK_MS = 7 * DAY_MS;

const alertRow = z.object({ site_id: z.string(), webhook: z.string(), quiet_hours: z.number(), updated_at: z.string(), told: z.string(), last_event: z.string(), at: z.string() });
const SELECT = `
  SELECT a.site_id AS site_id, webhook, quiet_hours, toString(updated_at) AS updated_at,
    s.told AS told, if(s.told = '', '', toString(s.last_event)) AS last_event, if(s.told = '', '', toString(s.at)) AS at
  FROM (SELECT * FROM tracking_alerts FINAL WHERE deleted = 0) AS a
  LEFT JOIN (SELECT site_id, told, last_event, at FROM tracking_alert_state FINAL) AS s ON a.site_id = s.site_id`;

export type SiteTrackingAlert = TrackingAlert & { site: string };

function fromRow(r: z.infer<typeof alertRow>): SiteTrackingAlert {
  const told = r.told === 'stopped' ? 'stopped' : r.told === 'back' ? 'back' : undefined;
  const state: TrackingAlert['state'] = told ? { told, last_event: r.last_event, at: r.at } : null;
  return { site: r.site_id, webhook: r.webhook, quiet_hours: r.quiet_hours, updated_at: r.updated_at, state };
}

export async function listTrackingAlerts(store: Store, site?: string): Promise<SiteTrackingAlert[]> {
  const rows = await queryRows(store, `SELECT * FROM (${SELECT}) WHERE {site:String} = '' OR site_id = {site:String} ORDER BY site_id`, { site: site ?? '' }, alertRow);
  return rows.map(fromRow);
}

export async function putTrackingAlert(store: Store, site: string, input: TrackingAlertInput): Promise<SiteTrackingAlert> {
  await writeVersions(store, 'tracking_alerts', [{ site_id: site, webhook: input.webhook, quiet_hours: input.quiet_hours, deleted: 0 }]);
  return (await listTrackingAlerts(store, site))[0]!;
}

/** Returns whether there was one. A deleted site's goes with it (site-deletion.ts), with its state. */
export async function deleteTrackingAlert(store: Store, site: string): Promise<boolean> {
  const had = (await listTrackingAlerts(store, site)).length > 0;
  if (had) await writeVersions(store, 'tracking_alerts', [{ site_id: site, webhook: '', quiet_hours: 0, deleted: 1 }]);
  await forgetSite(store, 'tracking_alert_state', site);
  return had;
}

/**
 * The site's newest touchpoint since `from` (ms; 0: none), and how many it had in [from, to).
 * Only events since `from` are read (the sort key's site and time): a silence longer than that
 * was told when it began.
 */
async function traffic(store: Store, site: string, from: number, to: number): Promise<{ last: number; then: number }> {
  const rows = await queryRows(
    store,
    `SELECT toUInt64(toUnixTimestamp64Milli(max(ts))) AS last, countIf(ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')) AS then
     FROM events WHERE site_id = {site:String} AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND type IN ('pageview', 'event')`,
    { site, from, to },
    z.object({ last: z.number(), then: z.number() }),
  );
  return rows[0] ?? { last: 0, then: 0 };
}

export interface TrackingOutcome {
  site: string;
  told: 'stopped' | 'back';
  delivered: boolean;
  detail: string;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** The message, as every alert's (check.ts chatMessage): Slack and Discord forms and the figures. */
export function trackingPayload(site: string, told: 'stopped' | 'back' | 'test', figures: { last_event?: number; quiet_hours?: number; week_before?: number }, publicUrl?: string) {
  const text =
    told === 'test'
      ? `[test] Waymark · ${site}: this webhook will be told when the site's events stop, and when they are back.`
      : told === 'stopped'
        ? `Waymark · ${site}: no events for ${figures.quiet_hours} h (the last at ${iso(figures.last_event!)}); the same hours a week before brought ${figures.week_before}. Is the script still on the pages, and allowed by their Content-Security-Policy? /metrics counts refused events by reason.`
        : `Waymark · ${site}: events are back (the silence began after ${iso(figures.last_event!)}).`;
  const url = publicUrl === undefined ? undefined : `${publicUrl}/overview?site=${encodeURIComponent(site)}&range=24h`;
  return chatMessage(text, url, { test: told === 'test', site, kind: 'tracking', told, ...figures });
}

async function tell(store: Store, a: SiteTrackingAlert, told: 'stopped' | 'back', lastEvent: number, figures: Parameters<typeof trackingPayload>[2], publicUrl: string | undefined, now: number): Promise<TrackingOutcome> {
  const sent = await postWebhook(a.webhook, trackingPayload(a.site, told, figures, publicUrl));
  if (sent.ok) await writeVersions(store, 'tracking_alert_state', [{ site_id: a.site, last_event: toClickHouseTime(lastEvent), told, at: toClickHouseTime(now) }], 'none');
  return { site: a.site, told, delivered: sent.ok, detail: sent.detail };
}

/** One tick over every site's tracking alert. */
export async function runTrackingAlerts(deps: { store: Store; now?: () => number; publicUrl?: string | undefined }): Promise<TrackingOutcome[]> {
  const now = (deps.now ?? Date.now)();
  const out: TrackingOutcome[] = [];
  for (const a of await listTrackingAlerts(deps.store)) {
    const quietMs = a.quiet_hours * HOUR_MS;
    const { last, then } = await traffic(deps.store, a.site, now - WEEK_MS - quietMs, now - WEEK_MS);
    if (last === 0) continue; // none for over a week (told when it began), or a new site: nothing to tell
    const toldAbout = a.state ? Date.parse(a.state.last_event.replace(' ', 'T') + 'Z') : undefined;
    const silent = now - last >= quietMs;
    if (silent && then >= MIN_EXPECTED && !(a.state?.told === 'stopped' && toldAbout === last)) {
      out.push(await tell(deps.store, a, 'stopped', last, { last_event: last, quiet_hours: a.quiet_hours, week_before: then }, deps.publicUrl, now));
    } else if (!silent && a.state?.told === 'stopped' && toldAbout !== undefined && last > toldAbout) {
      out.push(await tell(deps.store, a, 'back', toldAbout, { last_event: toldAbout }, deps.publicUrl, now));
    }
  }
  return out;
}
