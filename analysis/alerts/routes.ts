/**
 * Alerts over HTTP, admin only (collector/http/app.ts: a webhook URL is often a secret):
 *   GET /api/sites/:site/alerts; PUT/DELETE /api/sites/:site/alerts/:journey
 *   POST /api/sites/:site/alerts/:journey/check[?day=YYYY-MM-DD]: check that day now (default:
 *     yesterday) and deliver what fell, as the scheduler would; recorded like its checks
 *   POST /api/sites/:site/alerts/:journey/test: a test message to the webhook, nothing recorded
 *   GET/PUT/DELETE /api/sites/:site/tracking-alert, POST …/test: the site's tracking alert (tracking.ts)
 *   GET/PUT/DELETE /api/sites/:site/summary, POST …/test, POST …/send: the site's weekly or
 *     monthly summary (summary.ts); send: the last whole period's now, recorded as the scheduler's;
 *     GET …/summary/preview[?every=&at=]: a period's summary as text and figures, sent nowhere
 *   GET/PUT/DELETE /api/sites/:site/bounce-alert, POST …/test, POST …/check[?day=]: the site's
 *     bounce alert (bounce.ts); check: that day now (default yesterday), as the scheduler would
 */
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { ApiError, invalid } from '../../collector/http/errors.js';
import { readJson } from '../../collector/http/read-json.js';
import { daySchema, type SiteRef } from '../common/params.js';
import { siteParam } from '../common/site-param.js';
import { journeyIdSchema } from '../journeys/schema.js';
import { getJourney } from '../journeys/store.js';
import { alertPayload } from './check.js';
import { postWebhook } from './deliver.js';
import { alertInputSchema, bounceAlertInputSchema, summaryInputSchema, summaryPreviewQuery, trackingAlertInputSchema } from './schema.js';
import { previewSummary, runSummary, summaryTestPayload } from './summary.js';
import { bouncePayload, deleteBounceAlert, listBounceAlerts, putBounceAlert, runBounceAlert } from './bounce.js';
import { deleteSummary, listSummaries, putSummary } from './summary-store.js';
import { deleteTrackingAlert, listTrackingAlerts, putTrackingAlert, trackingPayload } from './tracking.js';
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
  // A site's one webhook setting of each kind: its tracking alert (tracking.ts), its summary (summary.ts).
  siteWebhook(app, deps, {
    path: '/api/sites/:site/tracking-alert',
    key: 'alert',
    what: 'tracking alert',
    input: trackingAlertInputSchema,
    list: listTrackingAlerts,
    put: putTrackingAlert,
    remove: deleteTrackingAlert,
    test: (s) => trackingPayload(s.id, 'test', {}, deps.publicUrl),
  });
  const summaryOf = siteWebhook(app, deps, {
    path: summaryPath,
    key: 'summary',
    what: 'summary',
    input: summaryInputSchema,
    list: listSummaries,
    put: putSummary,
    remove: deleteSummary,
    test: (s, a) => summaryTestPayload(s.id, a.every),
  });
  const bounceOf = siteWebhook(app, deps, {
    path: bouncePath,
    key: 'alert',
    what: 'bounce alert',
    input: bounceAlertInputSchema,
    list: listBounceAlerts,
    put: putBounceAlert,
    remove: deleteBounceAlert,
    test: (s) => bouncePayload(s.id, dueDay(s, now()), null),
  });
  app.post(`${bouncePath}/check`, async (c) => {
    const s = site(c);
    const a = await bounceOf(s);
    const day = daySchema.optional().safeParse(c.req.query('day'));
    if (!day.success) throw invalid(day.error, 'query');
    return c.json(await runBounceAlert(deps, a, s, day.data ?? dueDay(s, now())));
  });
  app.get(`${summaryPath}/preview`, async (c) => {
    const s = site(c);
    const q = summaryPreviewQuery.safeParse(c.req.query());
    if (!q.success) throw invalid(q.error, 'query');
    return c.json(await previewSummary(deps.store, s, q.data.every, q.data.at, now()));
  });
  app.post(`${summaryPath}/send`, async (c) => {
    const s = site(c);
    return c.json(await runSummary(deps, await summaryOf(s), s));
  });
  return app;
}

const summaryPath = '/api/sites/:site/summary';
const bouncePath = '/api/sites/:site/bounce-alert';

/**
 * A site's one setting of a kind that names a webhook: GET (it or null, under `key`), PUT (201
 * when new), DELETE (404 when there is none), POST …/test (a test message to its webhook).
 * Returns the lookup that answers 404 when the site has none, for the kind's own routes.
 */
function siteWebhook<I, A extends { site: string; webhook: string }>(
  app: Hono,
  deps: AlertRouteDeps,
  kind: {
    path: string;
    key: string;
    what: string;
    input: z.ZodType<I>;
    list(store: Store, site: string): Promise<A[]>;
    put(store: Store, site: string, input: I): Promise<A>;
    remove(store: Store, site: string): Promise<boolean>;
    test(site: SiteRef, a: A): unknown;
  },
): (s: SiteRef) => Promise<A> {
  const site = (c: Context): SiteRef => siteParam(deps.sites, c);
  const shown = ({ site: _site, ...a }: A) => a;
  const missing = (s: SiteRef) => new ApiError(404, `unknown_${kind.key}`, `site "${s.id}" has no ${kind.what}`);
  const of = async (s: SiteRef) => {
    const [a] = await kind.list(deps.store, s.id);
    if (!a) throw missing(s);
    return a;
  };
  app.get(kind.path, async (c) => {
    const [a] = await kind.list(deps.store, site(c).id);
    return c.json({ [kind.key]: a ? shown(a) : null });
  });
  app.put(kind.path, async (c) => {
    const s = site(c);
    const body = kind.input.safeParse(await readJson(c));
    if (!body.success) throw invalid(body.error, kind.key);
    const existed = (await kind.list(deps.store, s.id)).length > 0;
    return c.json(shown(await kind.put(deps.store, s.id, body.data)), existed ? 200 : 201);
  });
  app.delete(kind.path, async (c) => {
    const s = site(c);
    if (!(await kind.remove(deps.store, s.id))) throw missing(s);
    return c.body(null, 204);
  });
  app.post(`${kind.path}/test`, async (c) => {
    const s = site(c);
    const a = await of(s);
    const sent = await postWebhook(a.webhook, kind.test(s, a));
    return c.json({ delivered: sent.ok, detail: sent.detail });
  });
  return of;
}
