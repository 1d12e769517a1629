/**
 * Bounce alerts: a landing page that broke, a campaign sending the wrong people, a slow release —
 * the bounce rate says it first. After each day ends in the site's time zone, its bounce rate is
 * compared with the same weekday a week before (bounce-change/: the overview's own sessions, and
 * the segments behind the change); a significant rise (p < 0.05) of at least `min_rise_pt`
 * points is told to the webhook, with its three largest drivers (none that is all of the
 * traffic). Each day once; a webhook that does not take it is tried again at the next check.
 * Stored as the other alerts (rows.ts, migration 013).
 */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { toClickHouseTime } from '../../collector/storage/time.js';
import { bounceChangeSql } from '../bounce-change/sql.js';
import { bounceChangeParamsSchema, type BounceChangeResult } from '../bounce-change/schema.js';
import type { SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { addDays } from '../common/time.js';
import { DRIVERS_ASKED, chatMessage, named, pct, pt, segment } from './check.js';
import { postWebhook } from './deliver.js';
import { forgetSite, settled, withLatestRecordSql, writeVersions } from './rows.js';
import { bounceAlertSchema, type BounceAlert, type BounceAlertInput, type BounceCheck } from './schema.js';

const rowSchema = z.object({ site_id: z.string(), webhook: z.string(), min_rise_pt: z.number(), updated_at: z.string(), day: z.string(), outcome: z.string(), detail: z.string(), at: z.string() });

/** Each live bounce alert with the check of its latest day. */
const SELECT = withLatestRecordSql('bounce_alerts', ['webhook', 'min_rise_pt'], 'bounce_alert_checks', 'day');

export type SiteBounceAlert = BounceAlert & { site: string };

function fromRow(r: z.infer<typeof rowSchema>): SiteBounceAlert {
  const last = r.day === '' ? null : { day: r.day, outcome: r.outcome, detail: r.detail, at: r.at };
  return { site: r.site_id, ...bounceAlertSchema.parse({ webhook: r.webhook, min_rise_pt: r.min_rise_pt, updated_at: r.updated_at, last_check: last }) };
}

/** Every site's bounce alert, or one site's. */
export async function listBounceAlerts(store: Store, site?: string): Promise<SiteBounceAlert[]> {
  const rows = await queryRows(store, SELECT, { site: site ?? '' }, rowSchema);
  return rows.map(fromRow);
}

export async function putBounceAlert(store: Store, site: string, input: BounceAlertInput): Promise<SiteBounceAlert> {
  await writeVersions(store, 'bounce_alerts', [{ site_id: site, webhook: input.webhook, min_rise_pt: input.min_rise_pt, deleted: 0 }]);
  return (await listBounceAlerts(store, site))[0]!;
}

/** Returns whether there was one; its checks (segment values, figures) go with it. */
export async function deleteBounceAlert(store: Store, site: string): Promise<boolean> {
  const had = (await listBounceAlerts(store, site)).length > 0;
  if (had) await writeVersions(store, 'bounce_alerts', [{ site_id: site, webhook: '', min_rise_pt: 0, deleted: 1 }]);
  await forgetSite(store, 'bounce_alert_checks', site);
  return had;
}

const recordCheck = (store: Store, check: BounceCheck, at: number) =>
  writeVersions(store, 'bounce_alert_checks', [{ site_id: check.site, day: check.day, outcome: check.outcome, detail: check.detail, at: toClickHouseTime(at) }], 'none');


/** The day's bounce rate against the same weekday a week before, with its drivers. */
export function bounceDay(store: Store, site: SiteRef, day: string): Promise<BounceChangeResult> {
  const week = addDays(day, -7);
  return bounceChangeSql(store, site, bounceChangeParamsSchema.parse({ from: day, to: day, baseline_from: week, baseline_to: week, drivers: DRIVERS_ASKED }));
}

/** A significant rise of at least `minRisePt` points. */
export const rose = (r: BounceChangeResult, minRisePt: number) => r.significant && r.change !== null && r.change > 0 && r.change >= minRisePt / 100 - 1e-9;

export function bounceText(site: string, day: string, r: BounceChangeResult): string {
  const head = `Waymark · ${site}: the bounce rate rose significantly on ${day} against the same weekday a week before (${addDays(day, -7)}): ${pct(r.baseline.rate)} → ${pct(r.current.rate)} (${pt(r.change ?? 0)}, p = ${(r.p_value ?? 0).toPrecision(2)}), over ${r.current.sessions.toLocaleString('en-US')} sessions.`;
  return [head, ...named(r.drivers).map((d) => `   ${segment(d)}: ${pct(d.baseline.rate)} → ${pct(d.current.rate)}, ${pt(d.effect)} of the change`)].join('\n');
}

/** The day's "what moved it?" in the dashboard, against the week before. */
export const bounceLink = (publicUrl: string, site: string, day: string) => `${publicUrl}/overview?${new URLSearchParams({ site, from: day, to: day, bounce_why: '1', against: 'week' })}`;

export function bouncePayload(site: string, day: string, r: BounceChangeResult | null, publicUrl?: string) {
  const text = r ? bounceText(site, day, r) : `[test] Waymark · ${site}: this webhook will be told when a day's bounce rate rises significantly against the same weekday a week before.`;
  const url = publicUrl === undefined || !r ? undefined : bounceLink(publicUrl, site, day);
  return chatMessage(text, url, { test: r === null, kind: 'bounce', site, day, baseline_day: addDays(day, -7), ...(r ? { bounce: { current: r.current, baseline: r.baseline, change: r.change, p_value: r.p_value, drivers: named(r.drivers) } } : {}) });
}

export interface BounceDeps {
  store: Store;
  sites: { get(id: string): SiteRef | undefined };
  now?: () => number;
  publicUrl?: string | undefined;
}

/** Check one day and deliver a rise; records and returns the outcome. */
export async function runBounceAlert(deps: BounceDeps, a: SiteBounceAlert, site: SiteRef, day: string): Promise<BounceCheck> {
  const r = await bounceDay(deps.store, site, day);
  let out: BounceCheck = { site: a.site, day, outcome: 'quiet', detail: 'the bounce rate did not rise significantly against a week before' };
  if (rose(r, a.min_rise_pt)) {
    const sent = await postWebhook(a.webhook, bouncePayload(a.site, day, r, deps.publicUrl));
    const what = `${pct(r.baseline.rate)} → ${pct(r.current.rate)}`;
    out = { site: a.site, day, outcome: sent.ok ? 'sent' : 'failed', detail: sent.ok ? `rose: ${what}` : `rose: ${what}; ${sent.detail}` };
  }
  await recordCheck(deps.store, out, (deps.now ?? Date.now)());
  return out;
}

/** One tick: each bounce alert whose site's `dueDay` (its yesterday) is not done yet. */
export async function runDueBounceAlerts(deps: BounceDeps, dueDay: (site: SiteRef) => string, onError: (site: string, err: unknown) => void): Promise<BounceCheck[]> {
  const done: BounceCheck[] = [];
  for (const a of await listBounceAlerts(deps.store)) {
    const site = deps.sites.get(a.site);
    if (!site) continue;
    try {
      const day = dueDay(site);
      if (await settled(deps.store, 'bounce_alert_checks', { site_id: a.site, day })) continue;
      done.push(await runBounceAlert(deps, a, site, day));
    } catch (err) {
      onError(a.site, err);
    }
  }
  return done;
}
