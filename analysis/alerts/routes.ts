/**
 * Alerts over HTTP, admin only (collector/http/app.ts: a webhook URL is often a secret):
 *   GET /api/sites/:site/alerts; PUT/DELETE /api/sites/:site/alerts/:journey
 *   POST /api/sites/:site/alerts/:journey/check[?day=YYYY-MM-DD]: check that day now (default:
 *     yesterday) and deliver what fell, as the scheduler would; recorded like its checks
 *   POST /api/sites/:site/alerts/:journey/test: a test message to the webhook, nothing recorded
 *   GET/PUT/DELETE /api/sites/:site/tracking-alert, POST …/test: the site's tracking alert (tracking.ts)
 *   GET/PUT/DELETE /api/sites/:site/summary, POST …/test, POST …/send: the site's weekly or
 *     monthly summary (summary.ts); send: the last whole period's now, recorded as the scheduler's
 */
import { Hono, type Context } from 'hono';
import type { Store } from '../../collector/storage/clickhouse.js';
import { ApiError, invalid } from '../../collector/http/errors.js';
import { readJson } from '../../collector/http/read-json.js';
import { daySchema, type SiteRef } from '../common/params.js';
import { siteParam } from '../common/site-param.js';
import { journeyIdSchema } from '../journeys/schema.js';
import { getJourney } from '../journeys/store.js';
import { alertPayload } from './check.js';
import { postWebhook } from './deliver.js';
import { alertInputSchema, summaryInputSchema, trackingAlertInputSchema } from './schema.js';
import { runSummary, summaryTestPayload } from './summary.js';
import { deleteSummary, listSummaries, putSummary, type SiteSummary } from './summary-store.js';
import { deleteTrackingAlert, listTrackingAlerts, putTrackingAlert, trackingPayload, type SiteTrackingAlert } from './tracking.js';
import { dueDay, runAlert } from './scheduler.js';
import { deleteAlert, getAlert, listAlerts, putAlert, type SiteAlert } from './store.js';

export interface AlertRouteDeps {
  store: Store;
  sites: { get(id: string): SiteRef | undefined };
  now?: () => number;
  publicUrl?: string | undefined;
}

const publicAlert = ({ site: _site, ...a }: SiteAlert) => a;

export function alertRoutes(deps: AlertRouteDeps): Hono {
  const app = new Hono();
  const now = deps.now ?? Date.now;
  const site = (c: Context): SiteRef => siteParam(deps.sites, c);
  const journeyOf = async (c: Context, s: SiteRef) => {
    const id = journeyIdSchema.safeParse(c.req.param('journey'));
    if (!id.success) throw invalid(id.error, 'journey id');
    const j = await getJourney(deps.store, s.id, id.data);
    if (!j) throw new ApiError(404, 'unknown_journey', `no journey "${id.data}" on site "${s.id}"`);
    return j;
  };
  const alertOf = async (c: Context, s: SiteRef) => {
    const j = await journeyOf(c, s);
    const a = await getAlert(deps.store, s.id, j.id);
    if (!a) throw new ApiError(404, 'unknown_alert', `journey "${j.id}" has no alert`);
    return { journey: j, alert: a };
  };

  app.get('/api/sites/:site/alerts', async (c) => c.json({ alerts: (await listAlerts(deps.store, site(c).id)).map(publicAlert) }));
  app.put('/api/sites/:site/alerts/:journey', async (c) => {
    const s = site(c);
    const j = await journeyOf(c, s);
    const body = alertInputSchema.safeParse(await readJson(c));
    if (!body.success) throw invalid(body.error, 'alert');
    const existed = (await getAlert(deps.store, s.id, j.id)) !== undefined;
    return c.json(publicAlert(await putAlert(deps.store, s.id, j.id, body.data)), existed ? 200 : 201);
  });
  app.delete('/api/sites/:site/alerts/:journey', async (c) => {
    const s = site(c);
    const { journey } = await alertOf(c, s);
    await deleteAlert(deps.store, s.id, journey.id);
    return c.body(null, 204);
  });
  app.post('/api/sites/:site/alerts/:journey/check', async (c) => {
    const s = site(c);
    const { alert } = await alertOf(c, s);
    const day = daySchema.optional().safeParse(c.req.query('day'));
    if (!day.success) throw invalid(day.error, 'query');
    const out = await runAlert(deps, alert, s, day.data ?? dueDay(s, now()));
    return c.json(out);
  });
  app.post('/api/sites/:site/alerts/:journey/test', async (c) => {
    const s = site(c);
    const { journey, alert } = await alertOf(c, s);
    const sent = await postWebhook(alert.webhook, alertPayload(s.id, journey, dueDay(s, now()), [], { test: true, publicUrl: deps.publicUrl }));
    return c.json({ delivered: sent.ok, detail: sent.detail });
  });
  // A site's tracking alert (tracking.ts).
  const trackingPath = '/api/sites/:site/tracking-alert';
  const publicTracking = ({ site: _site, ...a }: SiteTrackingAlert) => a;
  app.get(trackingPath, async (c) => {
    const [a] = await listTrackingAlerts(deps.store, site(c).id);
    return c.json({ alert: a ? publicTracking(a) : null });
  });
  app.put(trackingPath, async (c) => {
    const s = site(c);
    const body = trackingAlertInputSchema.safeParse(await readJson(c));
    if (!body.success) throw invalid(body.error, 'alert');
    const existed = (await listTrackingAlerts(deps.store, s.id)).length > 0;
    return c.json(publicTracking(await putTrackingAlert(deps.store, s.id, body.data)), existed ? 200 : 201);
  });
  app.delete(trackingPath, async (c) => {
    const s = site(c);
    if (!(await deleteTrackingAlert(deps.store, s.id))) throw new ApiError(404, 'unknown_alert', `site "${s.id}" has no tracking alert`);
    return c.body(null, 204);
  });
  app.post(`${trackingPath}/test`, async (c) => {
    const s = site(c);
    const [a] = await listTrackingAlerts(deps.store, s.id);
    if (!a) throw new ApiError(404, 'unknown_alert', `site "${s.id}" has no tracking alert`);
    const sent = await postWebhook(a.webhook, trackingPayload(s.id, 'test', {}, deps.publicUrl));
    return c.json({ delivered: sent.ok, detail: sent.detail });
  });
  // A site's summary (summary.ts).
  const summaryPath = '/api/sites/:site/summary';
  const publicSummary = ({ site: _site, ...a }: SiteSummary) => a;
  const summaryOf = async (s: SiteRef) => {
    const [a] = await listSummaries(deps.store, s.id);
    if (!a) throw new ApiError(404, 'unknown_summary', `site "${s.id}" has no summary`);
    return a;
  };
  app.get(summaryPath, async (c) => {
    const [a] = await listSummaries(deps.store, site(c).id);
    return c.json({ summary: a ? publicSummary(a) : null });
  });
  app.put(summaryPath, async (c) => {
    const s = site(c);
    const body = summaryInputSchema.safeParse(await readJson(c));
    if (!body.success) throw invalid(body.error, 'summary');
    const existed = (await listSummaries(deps.store, s.id)).length > 0;
    return c.json(publicSummary(await putSummary(deps.store, s.id, body.data)), existed ? 200 : 201);
  });
  app.delete(summaryPath, async (c) => {
    const s = site(c);
    if (!(await deleteSummary(deps.store, s.id))) throw new ApiError(404, 'unknown_summary', `site "${s.id}" has no summary`);
    return c.body(null, 204);
  });
  app.post(`${summaryPath}/test`, async (c) => {
    const s = site(c);
    const a = await summaryOf(s);
    const sent = await postWebhook(a.webhook, summaryTestPayload(s.id, a.every));
    return c.json({ delivered: sent.ok, detail: sent.detail });
  });
  app.post(`${summaryPath}/send`, async (c) => {
    const s = site(c);
    return c.json(await runSummary(deps, await summaryOf(s), s));
  });
  return app;
}
