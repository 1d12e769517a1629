/**
 * Alerts through the real server and a real webhook receiver: configured per journey (admin
 * only), a day's check against the same weekday a week before sends what fell significantly (the
 * change API's numbers) and nothing when nothing did; the scheduler checks each site's yesterday
 * once, tries a failed delivery again, and a test message reaches the webhook.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { alertPayload, named, type Fall } from '../../analysis/alerts/check.js';
import { runDueAlerts } from '../../analysis/alerts/scheduler.js';
import { changeResultSchema } from '../../analysis/change/schema.js';
import { storedJourneySchema } from '../../analysis/journeys/schema.js';
import { useAlertServer } from '../helpers/webhook.js';
import { ev, insertRows } from './helpers.js';

const DAY = '2026-01-05';
const WEEK_BEFORE = '2025-12-29';
const hour = (day: string, h: number, m = 0) => Date.parse(`${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`);
const stage = (name: string, path: string) => ({ name, matchers: [{ path }] });
const cart = { name: 'Cart', stages: [stage('Land', '/'), stage('Cart', '/cart')] };
const steady = { name: 'Steady', stages: [stage('Land', '/'), stage('About', '/about')] };

/** 40 visitors a day landing on /: a week before 30 reach /cart, on DAY 5; /about 20 both days. */
const rows = [DAY, WEEK_BEFORE].flatMap((day) =>
  Array.from({ length: 40 }, (_, i) => {
    const v = `${day}-${i}`;
    const toCart = day === DAY ? i < 5 : i < 30;
    return [
      ev({ site_id: 'shop', ms: hour(day, 10, i), visitor_id: v, path: '/' }),
      ...(toCart ? [ev({ site_id: 'shop', ms: hour(day, 11, i), visitor_id: v, path: '/cart' })] : []),
      ...(i < 20 ? [ev({ site_id: 'shop', ms: hour(day, 12, i), visitor_id: v, path: '/about' })] : []),
    ];
  }).flat(),
);

const t = useAlertServer({ WAYMARK_PUBLIC_URL: 'https://waymark.example/' }, async (server) => {
  await server.createSite('shop');
  await insertRows(server.waymark.store, rows);
  for (const [id, j] of [['cart', cart], ['steady', steady]] as const) expect((await put(`/api/sites/shop/journeys/${id}`, j)).status).toBe(201);
});
const { json } = t;
const put = (path: string, body: unknown) => json(path, { method: 'PUT', body: JSON.stringify(body) });
const post = (path: string) => json(path, { method: 'POST' });
const deps = (now: number) => ({ store: t.server.waymark.store, sites: t.server.waymark.sites, log: pino({ level: 'silent' }), now: () => now });

describe('alerts', () => {
  it('are configured per journey by the admin; bad input is a 400 naming the field; a site key may not read them', async () => {
    expect(await put('/api/sites/shop/alerts/nope', { webhook: t.hook.url })).toMatchObject({ status: 404, body: { error: { code: 'unknown_journey' } } });
    for (const [body, field] of [
      [{}, 'webhook'],
      [{ webhook: 'ftp://example.com/x' }, 'webhook'],
      [{ webhook: 'not a url' }, 'webhook'],
      [{ webhook: t.hook.url, min_drop_pt: 200 }, 'min_drop_pt'],
      [{ webhook: t.hook.url, extra: 1 }, ''],
    ] as const) {
      const r = await put('/api/sites/shop/alerts/cart', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    expect((await put('/api/sites/shop/alerts/cart', { webhook: t.hook.url })).status).toBe(201);
    expect(await put('/api/sites/shop/alerts/cart', { webhook: t.hook.url, min_drop_pt: 0 })).toMatchObject({ status: 200, body: { journey: 'cart', webhook: t.hook.url, min_drop_pt: 0, last_check: null } });
    expect((await put('/api/sites/shop/alerts/steady', { webhook: t.hook.url })).status).toBe(201);
    expect((await json('/api/sites/shop/alerts')).body).toMatchObject({ alerts: [{ journey: 'cart' }, { journey: 'steady' }] });
    const key = (await json('/api/sites/shop/keys', { method: 'POST', body: JSON.stringify({ name: 'alerts' }) })).body as { key: string };
    expect((await fetch(`${t.server.url}/api/sites/shop/alerts`, { headers: { authorization: `Bearer ${key.key}` } })).status).toBe(403);
  });

  it("a day's check sends what fell, with the change API's numbers against the same weekday a week before", async () => {
    const r = await post(`/api/sites/shop/alerts/cart/check?day=${DAY}`);
    expect(r).toMatchObject({ status: 200, body: { journey: 'cart', day: DAY, outcome: 'sent' } });
    expect(t.hook.got).toHaveLength(1);
    const msg = t.hook.got[0]!;
    expect(msg.text).toContain('“Cart”');
    expect(msg.text).toContain('• Cart: 75.0 % → 12.5 % (−62.5 pt');
    // At the week before's 75 %, 30 of the 40 would have reached the cart; 5 did.
    expect(msg.text).toMatch(/• Cart: .*\); ≈ 25 fewer than at the week before’s rate\n/);
    // Discord's copy has its markdown characters escaped (shown without the backslashes) and mentions none.
    expect(msg.content).toContain('• Cart: 75.0 % → 12.5 % (−62.5 pt');
    expect(msg).toMatchObject({ allowed_mentions: { parse: [] } });
    // A link to the day's "what changed" at the stage that fell (WAYMARK_PUBLIC_URL), in each tool's form.
    const url = `https://waymark.example/funnel?site=shop&journey=cart&from=${DAY}&to=${DAY}&changes=1&against=week&change_stage=2`;
    expect(msg.waymark.url).toBe(url);
    expect(msg.text.endsWith(`\n<${url.replaceAll('&', '&amp;')}|Open in Waymark>`)).toBe(true);
    expect(msg.content.endsWith(`\n${url}`)).toBe(true);
    const change = changeResultSchema.parse((await json(`/api/sites/shop/change?journey=cart&from=${DAY}&to=${DAY}&baseline_from=${WEEK_BEFORE}&baseline_to=${WEEK_BEFORE}&drivers=10`)).body);
    const s = change.stages[1]!;
    expect(msg.waymark).toMatchObject({ test: false, site: 'shop', journey: 'cart', day: DAY, baseline_day: WEEK_BEFORE });
    expect(msg.waymark.falls).toEqual([{ stage: 2, name: 'Cart', baseline: s.baseline.rate, current: s.current.rate, change: s.change, p_value: s.p_value, shortfall: 25, drivers: named(change.drivers.filter((d) => d.stage === 2)) }]);
    expect((await json('/api/sites/shop/alerts')).body).toMatchObject({ alerts: [{ journey: 'cart', last_check: { day: DAY, outcome: 'sent' } }, { journey: 'steady', last_check: null }] });
  });

  it('the scheduler checks each alert for its site\'s yesterday once: quiet when nothing fell, a sent day not again', async () => {
    const next = hour('2026-01-06', 8);
    const out = await runDueAlerts(deps(next));
    // cart was checked (sent) for DAY above; steady had nothing fall.
    expect(out).toEqual([{ site: 'shop', journey: 'steady', day: DAY, outcome: 'quiet', detail: 'no stage converted significantly worse than a week before' }]);
    expect(t.hook.got).toHaveLength(0);
    expect(await runDueAlerts(deps(next))).toEqual([]);
    // The server's own schedule, today: yesterday has no events, so nothing fell; counted in /metrics.
    expect((await t.server.waymark.checkAlerts()).journeys.map((o) => o.outcome)).toEqual(['quiet', 'quiet']);
    expect(await (await t.server.api('/metrics')).text()).toMatch(/waymark_alert_checks_total\{outcome="quiet"\} 2\b/);
  });

  it('a webhook that fails is tried again at the next tick, until it takes the message', async () => {
    t.hook.status = 500;
    const failed = await post(`/api/sites/shop/alerts/cart/check?day=${DAY}`);
    expect(failed.body).toMatchObject({ outcome: 'failed' });
    expect(String(failed.body!.detail)).toContain('HTTP 500');
    expect(t.hook.got).toHaveLength(1);
    // DAY is "yesterday" on 2026-01-06: due again, since its newest check failed.
    t.hook.status = 200;
    const again = await runDueAlerts(deps(hour('2026-01-06', 9)));
    expect(again).toMatchObject([{ journey: 'cart', day: DAY, outcome: 'sent' }]);
    expect(t.hook.got).toHaveLength(2);
    expect(await runDueAlerts(deps(hour('2026-01-06', 10)))).toEqual([]);
    // A day before, checked by hand afterwards, does not hide the latest day's outcome.
    expect((await post(`/api/sites/shop/alerts/cart/check?day=${WEEK_BEFORE}`)).body).toMatchObject({ outcome: 'quiet' });
    // (The latest day is the server's own yesterday, checked by its schedule above.)
    const last = ((await json('/api/sites/shop/alerts')).body!.alerts as { journey: string; last_check: { day: string } }[]).find((a) => a.journey === 'cart')!.last_check;
    expect(last.day > DAY).toBe(true);
  });

  it('a fall smaller than min_drop_pt is quiet', async () => {
    expect((await put('/api/sites/shop/alerts/cart', { webhook: t.hook.url, min_drop_pt: 70 })).status).toBe(200);
    expect((await post(`/api/sites/shop/alerts/cart/check?day=${DAY}`)).body).toMatchObject({ outcome: 'quiet' });
    expect(t.hook.got).toHaveLength(0);
    expect((await put('/api/sites/shop/alerts/cart', { webhook: t.hook.url, min_drop_pt: 60 })).status).toBe(200);
    expect((await post(`/api/sites/shop/alerts/cart/check?day=${DAY}`)).body).toMatchObject({ outcome: 'sent' });
  });

  it('a test message reaches the webhook; an unreachable one says so', async () => {
    expect(await post('/api/sites/shop/alerts/steady/test')).toMatchObject({ status: 200, body: { delivered: true } });
    expect(t.hook.got[0]).toMatchObject({ waymark: { test: true, falls: [] } });
    expect(t.hook.got[0]!.text).toMatch(/^\[test\] Waymark · shop · “Steady”/);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect((await put('/api/sites/shop/alerts/steady', { webhook: `http://127.0.0.1:${port}/x` })).status).toBe(200);
    const r = await post('/api/sites/shop/alerts/steady/test');
    expect(r.body).toMatchObject({ delivered: false });
    expect(String(r.body!.detail)).toContain('could not be reached');
    expect((await post('/api/sites/shop/alerts/steady/check?day=yesterday')).status).toBe(400);
  });

  it('goes with its journey; DELETE removes it; the site\'s deletion removes alerts and their checks', async () => {
    expect((await json('/api/sites/shop/journeys/steady', { method: 'DELETE' })).status).toBe(204);
    expect(((await json('/api/sites/shop/alerts')).body!.alerts as { journey: string }[]).map((a) => a.journey)).toEqual(['cart']);
    expect((await json('/api/sites/shop/alerts/cart', { method: 'DELETE' })).status).toBe(204);
    expect((await json('/api/sites/shop/alerts/cart', { method: 'DELETE' })).status).toBe(404);
    expect((await put('/api/sites/shop/alerts/cart', { webhook: t.hook.url })).status).toBe(201);
    expect((await json('/api/sites/shop', { method: 'DELETE' })).status).toBe(200);
    const left = await t.server.waymark.store.query({ query: "SELECT count() AS n FROM alert_checks WHERE site_id = 'shop'", format: 'JSONEachRow' });
    expect(await left.json()).toEqual([{ n: 0 }]);
  });
});

describe('alert messages', () => {
  it("carry a visitor's values as text: no Slack mention or link, no Discord markdown or mention", () => {
    const hostile = '/<!channel>&<https://evil.example|win> *x* [y](https://evil.example) @everyone';
    const side = { from_previous: 10, reached: 1, rate: 0.1, share: 1 };
    const fall: Fall = {
      stage: 2, name: 'Cart', baseline: 0.5, current: 0.1, change: -0.4, p_value: 0.01, shortfall: 4,
      drivers: [{ stage: 2, by: 'entry_page', value: hostile, current: side, baseline: { ...side, rate: 0.5 }, rate_effect: -0.4, mix_effect: 0, effect: -0.4, change: -0.4, z: -2, p_value: 0.01, significant: true, q_value: 0.01 }],
    };
    const journey = storedJourneySchema.parse({ ...cart, id: 'cart', site: 'shop', updated_at: '2026-01-06 00:00:00.000' });
    const p = alertPayload('shop', journey, DAY, [fall]);
    expect(p.text).toContain('entry page /&lt;!channel&gt;&amp;&lt;https://evil.example|win&gt; *x* [y](https://evil.example) @everyone');
    expect(p.text).not.toMatch(/[<>]/);
    expect(p.content).toContain('entry page /<!channel>&<https://evil.example\\|win> \\*x\\* \\[y\\](https://evil.example) \\@everyone');
    expect(p.allowed_mentions).toEqual({ parse: [] });
    // The figures stay raw, for programs.
    expect(p.waymark.falls[0]!.drivers[0]!.value).toBe(hostile);
  });
});
