/**
 * Tracking alerts through the real server and a real webhook receiver: a site whose events stop
 * while the same hours a week before had traffic is told once, and once more when they are back;
 * a small site's quiet hours, a new site and a live one are not; a webhook that fails is tried
 * again; admin only; bad input is a 400 naming the field.
 */
import { describe, expect, it } from 'vitest';
import { MIN_EXPECTED, runTrackingAlerts } from '../../analysis/alerts/tracking.js';
import { useAlertServer } from '../helpers/webhook.js';
import { ev, insertRows } from './helpers.js';

const NOW = Date.UTC(2026, 0, 12, 12);
const H = 3_600_000;
const WEEK = 7 * 24 * H;
/** n page views of `site`, spread over the hour before `end`. */
const views = (site: string, n: number, end: number) => Array.from({ length: n }, (_, i) => ev({ site_id: site, ms: end - (i + 1) * 60_000, visitor_id: `${site}-${end}-${i}` }));

const t = useAlertServer({}, async (server) => {
  for (const s of ['busy', 'small', 'fresh', 'live', 'flaky']) await server.createSite(s);
  await insertRows(server.waymark.store, [
    // A week before, the 3 hours up to now: traffic; silent for 4 h now.
    ...views('busy', MIN_EXPECTED + 10, NOW - WEEK),
    ...views('busy', 5, NOW - 4 * H),
    // A small site: its quiet night is no outage.
    ...views('small', MIN_EXPECTED - 1, NOW - WEEK),
    ...views('small', 5, NOW - 4 * H),
    // Live: an event 10 minutes ago.
    ...views('live', MIN_EXPECTED + 10, NOW - WEEK),
    ...views('live', 5, NOW - 10 * 60_000 + 5 * 60_000),
    ...views('flaky', MIN_EXPECTED + 10, NOW - WEEK),
    ...views('flaky', 5, NOW - 5 * H),
  ]);
});
const { json } = t;
const put = (site: string, body: unknown) => json(`/api/sites/${site}/tracking-alert`, { method: 'PUT', body: JSON.stringify(body) });
const tick = (at: number) => runTrackingAlerts({ store: t.server.waymark.store, now: () => at, publicUrl: 'https://waymark.example' });

describe('tracking alerts', () => {
  it('are set by the admin per site; bad input is a 400 naming the field; a site key may not read them', async () => {
    for (const [body, field] of [
      [{}, 'webhook'],
      [{ webhook: 'javascript:alert(1)' }, 'webhook'],
      [{ webhook: t.hook.url, quiet_hours: 0 }, 'quiet_hours'],
      [{ webhook: t.hook.url, quiet_hours: 49 }, 'quiet_hours'],
      [{ webhook: t.hook.url, quiet_hours: 2.5 }, 'quiet_hours'],
    ] as const) {
      const r = await put('busy', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    expect(await json('/api/sites/busy/tracking-alert')).toMatchObject({ status: 200, body: { alert: null } });
    for (const s of ['busy', 'small', 'fresh', 'live', 'flaky']) expect((await put(s, { webhook: t.hook.url })).status).toBe(201);
    expect(await put('busy', { webhook: t.hook.url, quiet_hours: 3 })).toMatchObject({ status: 200, body: { webhook: t.hook.url, quiet_hours: 3, state: null } });
    const key = (await json('/api/sites/busy/keys', { method: 'POST', body: JSON.stringify({ name: 'k' }) })).body as { key: string };
    expect((await fetch(`${t.server.url}/api/sites/busy/tracking-alert`, { headers: { authorization: `Bearer ${key.key}` } })).status).toBe(403);
  });

  it('tells once that the events stopped, where the same hours a week before had traffic; again once they are back', async () => {
    t.hook.status = 500; // flaky's webhook fails at first
    const first = await tick(NOW);
    expect(first.map((o) => [o.site, o.told, o.delivered])).toEqual([
      ['busy', 'stopped', false],
      ['flaky', 'stopped', false],
    ]);
    t.hook.status = 200;
    t.hook.got = [];
    // Not delivered: both are tried again; then told, nothing more.
    expect((await tick(NOW + 60_000)).map((o) => [o.site, o.told, o.delivered])).toEqual([
      ['busy', 'stopped', true],
      ['flaky', 'stopped', true],
    ]);
    expect(await tick(NOW + 120_000)).toEqual([]);
    const busy = t.hook.got.find((m) => m.waymark.site === 'busy')!;
    expect(busy.text).toBe(
      `Waymark · busy: no events for 3 h (the last at 2026-01-12 07:59 UTC); the same hours a week before brought ${MIN_EXPECTED + 10}. Is the script still on the pages, and allowed by their Content-Security-Policy? /metrics counts refused events by reason.\n<https://waymark.example/overview?site=busy&amp;range=24h|Open in Waymark>`,
    );
    expect(busy.waymark).toMatchObject({ kind: 'tracking', told: 'stopped', quiet_hours: 3, week_before: MIN_EXPECTED + 10 });
    expect(busy).toMatchObject({ allowed_mentions: { parse: [] } });
    expect((await json('/api/sites/busy/tracking-alert')).body).toMatchObject({ alert: { state: { told: 'stopped', last_event: '2026-01-12 07:59:00.000' } } });

    // Events again: told once that they are back.
    await insertRows(t.server.waymark.store, views('busy', 1, NOW + 3 * 60_000));
    t.hook.got = [];
    expect((await tick(NOW + 4 * 60_000)).map((o) => [o.site, o.told, o.delivered])).toEqual([['busy', 'back', true]]);
    expect(t.hook.got[0]!.text).toMatch(/^Waymark · busy: events are back \(the silence began after 2026-01-12 07:59 UTC\)\./);
    expect(await tick(NOW + 5 * 60_000)).toEqual([]);
  });

  it('a test message reaches the webhook; DELETE removes the alert and what it told', async () => {
    expect(await json('/api/sites/live/tracking-alert/test', { method: 'POST' })).toMatchObject({ status: 200, body: { delivered: true } });
    expect(t.hook.got[0]!.text).toMatch(/^\[test\] Waymark · live: /);
    expect((await json('/api/sites/busy/tracking-alert', { method: 'DELETE' })).status).toBe(204);
    expect((await json('/api/sites/busy/tracking-alert', { method: 'DELETE' })).status).toBe(404);
    expect((await json('/api/sites/busy/tracking-alert/test', { method: 'POST' })).status).toBe(404);
    const left = await t.server.waymark.store.query({ query: "SELECT count() AS n FROM tracking_alert_state FINAL WHERE site_id = 'busy'", format: 'JSONEachRow' });
    expect(await left.json()).toEqual([{ n: 0 }]);
  });
});
