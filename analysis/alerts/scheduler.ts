/**
 * Checks every alert once its site's day is over, every tracking alert (tracking.ts), every
 * summary whose week or month is over (summary.ts) and every bounce alert (bounce.ts): at each tick, each alert's "yesterday" (in its
 * site's time zone) is checked unless it was already (quiet or sent); a webhook that did not take
 * the message is tried again at the next tick, until the next day replaces it. One check runs at a
 * time (the embedded engine runs one query at a time anyway); a tick that finds one running is skipped.
 */
import type { Logger } from 'pino';
import type { Store } from '../../collector/storage/clickhouse.js';
import type { SiteRef } from '../common/params.js';
import { addDays, localDate } from '../common/time.js';
import { getJourney } from '../journeys/store.js';
import { alertPayload, checkDay } from './check.js';
import { postWebhook } from './deliver.js';
import { daySettled, listAllAlerts, recordCheck, type SiteAlert } from './store.js';
import { runDueBounceAlerts } from './bounce.js';
import type { AlertCheck, AlertOutcome, BounceCheck, SummarySend } from './schema.js';
import { runDueSummaries } from './summary.js';
import { runTrackingAlerts, type TrackingOutcome } from './tracking.js';

export interface AlertDeps {
  store: Store;
  sites: { get(id: string): SiteRef | undefined };
  log: Logger;
  now?: () => number;
  /** The dashboard's public address: messages link to the day's "what changed". */
  publicUrl?: string | undefined;
  /** Counts each check by outcome (/metrics). */
  counted?: (outcome: AlertCheck['outcome'] | 'error') => void;
}

/** What a check of one day found. */
export type CheckOutcome = AlertOutcome;

/** Check one alert for one day and deliver what fell; records and returns the outcome. */
export async function runAlert(deps: Pick<AlertDeps, 'store' | 'now' | 'publicUrl'>, alert: SiteAlert, site: SiteRef, day: string): Promise<CheckOutcome | undefined> {
  const journey = await getJourney(deps.store, alert.site, alert.journey);
  if (!journey) return undefined; // deleted since (its alert goes with it): nothing to check
  const falls = await checkDay(deps.store, site, journey, day, alert.min_drop_pt);
  let outcome: AlertCheck['outcome'] = 'quiet';
  let detail = 'no stage converted significantly worse than a week before';
  if (falls.length > 0) {
    const sent = await postWebhook(alert.webhook, alertPayload(alert.site, journey, day, falls, { publicUrl: deps.publicUrl }));
    outcome = sent.ok ? 'sent' : 'failed';
    const what = falls.map((f) => `${f.name} ${(f.change * 100).toFixed(1)} pt`).join(', ');
    detail = sent.ok ? `fell: ${what}` : `fell: ${what}; ${sent.detail}`;
  }
  await recordCheck(deps.store, alert.site, alert.journey, { day, outcome, detail }, (deps.now ?? Date.now)());
  return { site: alert.site, journey: alert.journey, day, outcome, detail };
}

/** The day each alert is due for: its site's yesterday. */
export const dueDay = (site: SiteRef, now: number) => addDays(localDate(now, site.timezone), -1);

const rethrow = (_: string, err: unknown) => {
  throw err;
};

/**
 * One tick: every alert whose site's yesterday is not done yet. A check that could not run (store
 * busy or down) goes to `onError` (the scheduler logs and counts it) and is tried again at the next tick.
 */
export async function runDueAlerts(deps: Pick<AlertDeps, 'store' | 'sites' | 'now' | 'publicUrl'>, onError: (alert: string, err: unknown) => void = rethrow): Promise<CheckOutcome[]> {
  const now = (deps.now ?? Date.now)();
  const done: CheckOutcome[] = [];
  for (const alert of await listAllAlerts(deps.store)) {
    const site = deps.sites.get(alert.site);
    if (!site) continue;
    const day = dueDay(site, now);
    try {
      if (await daySettled(deps.store, alert.site, alert.journey, day)) continue;
      const out = await runAlert(deps, alert, site, day);
      if (out) done.push(out);
    } catch (err) {
      onError(`${alert.site}/${alert.journey}`, err);
    }
  }
  return done;
}

/** Every site's tracking alert (tracking.ts); a failure is logged and counted, tried again at the next tick. */
async function runTracking(deps: AlertDeps): Promise<TrackingOutcome[]> {
  try {
    const out = await runTrackingAlerts(deps);
    for (const o of out) {
      deps.counted?.(o.delivered ? 'sent' : 'failed');
      deps.log[o.delivered ? 'info' : 'warn']({ alert: `${o.site}/tracking`, told: o.told }, `tracking alert (${o.told}) ${o.delivered ? 'sent' : `not delivered: ${o.detail}`}`);
    }
    return out;
  } catch (err) {
    deps.counted?.('error');
    deps.log.warn({ err: String(err) }, 'tracking alert checks failed; trying again at the next tick');
    return [];
  }
}

/**
 * One kind of check over every site that has one (journey alerts, summaries, bounce alerts): each
 * outcome logged and counted; a check that failed is logged, counted and tried again at the next tick.
 */
async function runSiteChecks<T extends { site: string; outcome: AlertCheck['outcome']; detail: string }>(
  deps: AlertDeps,
  kind: string,
  run: (onError: (site: string, err: unknown) => void) => Promise<T[]>,
): Promise<T[]> {
  const failed = (site: string, err: unknown) => {
    deps.counted?.('error');
    deps.log.warn({ alert: `${site}/${kind}`, err: String(err) }, `${kind} failed; trying again at the next tick`);
  };
  try {
    const out = await run(failed);
    for (const o of out) {
      deps.counted?.(o.outcome);
      const fields: Record<string, unknown> = { alert: kind, ...o };
      deps.log[o.outcome === 'failed' ? 'warn' : 'info'](fields, `${kind} ${o.outcome}: ${o.detail}`);
    }
    return out;
  } catch (err) {
    failed('*', err);
    return [];
  }
}

/** What one tick did. */
export interface AlertTick {
  journeys: CheckOutcome[];
  tracking: TrackingOutcome[];
  summaries: SummarySend[];
  bounce: BounceCheck[];
}

/** Ticks every `intervalMs` (0: never) until stopped; the first a minute after start. */
export function startAlerts(deps: AlertDeps, intervalMs: number): { stop(): void; tick(): Promise<AlertTick> } {
  let running: Promise<AlertTick> | undefined;
  const run = async (): Promise<AlertTick> => {
    const now = (deps.now ?? Date.now)();
    return {
      journeys: await runSiteChecks(deps, 'journey alert', (onError) => runDueAlerts(deps, onError)),
      tracking: await runTracking(deps),
      summaries: await runSiteChecks(deps, 'summary', (onError) => runDueSummaries(deps, onError)),
      bounce: await runSiteChecks(deps, 'bounce', (onError) => runDueBounceAlerts(deps, (site) => dueDay(site, now), onError)),
    };
  };
  const tick = () => (running ??= run().finally(() => (running = undefined)));
  const safeTick = () => void tick().catch((err: unknown) => deps.log.warn({ err: String(err) }, 'alert checks failed'));
  const timers: NodeJS.Timeout[] = [];
  if (intervalMs > 0) {
    timers.push(setTimeout(safeTick, Math.min(60_000, intervalMs)).unref());
    timers.push(setInterval(safeTick, intervalMs).unref());
  }
  return { stop: () => timers.forEach((t) => clearTimeout(t)), tick };
}
