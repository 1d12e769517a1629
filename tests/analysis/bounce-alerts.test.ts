/**
 * Bounce alerts through the real server and a real webhook receiver: a day whose bounce rate rose
 * significantly against the same weekday a week before is told once, with the bounce_change API's
 * numbers; a steady site is quiet; a webhook that fails is tried again; `min_rise_pt`; admin only;
 * bad input is a 400 naming the field; deleting it, or its site, removes it and its checks.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { runDueBounceAlerts } from '../../analysis/alerts/bounce.js';
import { named } from '../../analysis/alerts/check.js';
import { dueDay } from '../../analysis/alerts/scheduler.js';
import { bounceChangeResultSchema } from '../../analysis/bounce-change/schema.js';
import { queryRows } from '../../analysis/common/query.js';
import { useAlertServer } from '../helpers/webhook.js';
import { ev, insertRows } from './helpers.js';

const DAY = '2026-01-05';
const WEEK_BEFORE = '2025-12-29';
const at = (day: string, h: number, m = 0) => Date.parse(`${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`);

/** 40 sessions a day: `bounced` of them view one page and leave (entering at /sale), the rest view two. */
const day = (site: string, d: string, bounced: number) =>
  Array.from({ length: 40 }, (_, i) => {
    const v = `${site}-${d}-${i}`;
    const bounce = i < bounced;
    return [
      ev({ site_id: site, ms: at(d, 10, i), visitor_id: v, path: bounce ? '/sale' : '/' }),
      ...(bounce ? [] : [ev({ site_id: site, ms: at(d, 10, i) + 60_000, visitor_id: v, path: '/product' })]),
    ];
  }).flat();

const t = useAlertServer({ WAYMARK_PUBLIC_URL: 'https://waymark.example' }, async (server) => {
  for (const s of ['shop', 'calm', 'flaky']) await server.createSite(s);
  await insertRows(server.waymark.store, [
    ...day('shop', WEEK_BEFORE, 10),
    ...day('shop', DAY, 30),
    ...day('calm', WEEK_BEFORE, 10),
    ...day('calm', DAY, 11),
    ...day('flaky', WEEK_BEFORE, 5),
    ...day('flaky', DAY, 35),
  ]);
});
const { json } = t;
const put = (site: string, body: unknown) => json(`/api/sites/${site}/bounce-alert`, { method: 'PUT', body: JSON.stringify(body) });
const failures: unknown[] = [];
const tick = (now: number) =>
  runDueBounceAlerts({ store: t.server.waymark.store, sites: t.server.waymark.sites, now: () => now, publicUrl: 'https://waymark.example' }, (s) => dueDay(s, now), (_s, err) => failures.push(err));

describe('bounce alerts', () => {
  it('are set by the admin per site; bad input is a 400 naming the field; a site key may not read them', async () => {
    for (const [body, field] of [
      [{}, 'webhook'],
      [{ webhook: 'javascript:alert(1)' }, 'webhook'],
      [{ webhook: t.hook.url, min_rise_pt: 101 }, 'min_rise_pt'],
      [{ webhook: t.hook.url, extra: 1 }, 'extra'],
    ] as const) {
      const r = await put('shop', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    expect(await json('/api/sites/shop/bounce-alert')).toMatchObject({ status: 200, body: { alert: null } });
    expect((await json('/api/sites/shop/bounce-alert/check', { method: 'POST' })).status).toBe(404);
    for (const s of ['shop', 'calm', 'flaky']) expect((await put(s, { webhook: t.hook.url })).status).toBe(201);
    expect(await put('shop', { webhook: t.hook.url, min_rise_pt: 0 })).toMatchObject({ status: 200, body: { webhook: t.hook.url, min_rise_pt: 0, last_check: null } });
    const key = (await json('/api/sites/shop/keys', { method: 'POST', body: JSON.stringify({ name: 'k' }) })).body as { key: string };
    for (const [method, path] of [['GET', ''], ['PUT', ''], ['POST', '/check'], ['POST', '/test']]) {
      expect((await fetch(`${t.server.url}/api/sites/shop/bounce-alert${path}`, { method, headers: { authorization: `Bearer ${key.key}` } })).status).toBe(403);
    }
  });

  it("a day's check sends a significant rise with the bounce_change API's numbers against the same weekday a week before", async () => {
    const r = await json(`/api/sites/shop/bounce-alert/check?day=${DAY}`, { method: 'POST' });
    expect(r).toMatchObject({ status: 200, body: { site: 'shop', day: DAY, outcome: 'sent', detail: 'rose: 25.0 % → 75.0 %' } });
    expect(t.hook.got).toHaveLength(1);
    const msg = t.hook.got[0]!;
    const api = bounceChangeResultSchema.parse((await json(`/api/sites/shop/bounce_change?from=${DAY}&to=${DAY}&baseline_from=${WEEK_BEFORE}&baseline_to=${WEEK_BEFORE}&drivers=10`)).body);
    expect(msg.waymark).toMatchObject({ test: false, kind: 'bounce', site: 'shop', day: DAY, baseline_day: WEEK_BEFORE, bounce: { current: api.current, baseline: api.baseline, change: api.change, p_value: api.p_value, drivers: named(api.drivers) } });
    // Every session is on desktop, Chrome, Linux, from Germany and Direct: those segments are all of the traffic and explain nothing, so the entry pages are named.
    expect(named(api.drivers).map((d) => `${d.by} ${d.value}`)).toEqual(['entry_page /sale', 'entry_page /']);
    const lines = msg.text.split('\n');
    expect(lines[0]).toBe(`Waymark · shop: the bounce rate rose significantly on ${DAY} against the same weekday a week before (${WEEK_BEFORE}): 25.0 % → 75.0 % (+50.0 pt, p = ${api.p_value!.toPrecision(2)}), over 40 sessions.`);
    // /sale bounces as before (always) but brings 75 % of the sessions instead of 25 %: its mix effect, (1 − 0.25) · 0.5.
    expect(lines.slice(1, 3)).toEqual(['   entry page /sale: 100.0 % → 100.0 %, +37.5 pt of the change', '   entry page /: 0.0 % → 0.0 %, +12.5 pt of the change']);
    const url = `https://waymark.example/overview?site=shop&from=${DAY}&to=${DAY}&bounce_why=1&against=week`;
    expect(msg.waymark.url).toBe(url);
    expect(lines.at(-1)).toBe(`<${url.replaceAll('&', '&amp;')}|Open in Waymark>`);
    expect((await json('/api/sites/shop/bounce-alert')).body).toMatchObject({ alert: { last_check: { day: DAY, outcome: 'sent' } } });
  });

  it('the schedule checks each site’s yesterday once: a steady site is quiet, a failed delivery is tried again, a sent day not again', async () => {
    const next = at('2026-01-06', 8);
    t.hook.status = 500;
    expect((await tick(next)).map((o) => [o.site, o.outcome])).toEqual([['calm', 'quiet'], ['flaky', 'failed']]);
    t.hook.status = 200;
    expect((await tick(next)).map((o) => [o.site, o.outcome])).toEqual([['flaky', 'sent']]);
    expect(await tick(next)).toEqual([]);
    expect(failures).toEqual([]);
    expect(t.hook.got.map((m) => m.waymark.site)).toEqual(['flaky', 'flaky']);
  });

  it('a rise under min_rise_pt is quiet; a test message reaches the webhook', async () => {
    expect((await put('shop', { webhook: t.hook.url, min_rise_pt: 60 })).status).toBe(200);
    expect((await json(`/api/sites/shop/bounce-alert/check?day=${DAY}`, { method: 'POST' })).body).toMatchObject({ outcome: 'quiet' });
    expect((await json('/api/sites/shop/bounce-alert/check?day=2026-13-01', { method: 'POST' })).status).toBe(400);
    expect(await json('/api/sites/shop/bounce-alert/test', { method: 'POST' })).toMatchObject({ status: 200, body: { delivered: true } });
    expect(t.hook.got).toHaveLength(1);
    expect(t.hook.got[0]).toMatchObject({ waymark: { test: true, kind: 'bounce' } });
  });

  it('deleting it, or its site, removes it and its checks; the server’s own schedule runs the rest', async () => {
    expect((await json('/api/sites/calm/bounce-alert', { method: 'DELETE' })).status).toBe(204);
    expect((await json('/api/sites/calm/bounce-alert', { method: 'DELETE' })).status).toBe(404);
    expect((await json('/api/sites/flaky', { method: 'DELETE' })).status).toBe(200);
    const checks = (site: string) => queryRows(t.server.waymark.store, 'SELECT count() AS n FROM bounce_alert_checks WHERE site_id = {site:String}', { site }, z.object({ n: z.number() }));
    expect([await checks('calm'), await checks('flaky')]).toEqual([[{ n: 0 }], [{ n: 0 }]]);
    // Today's yesterday has no sessions on either day: quiet.
    expect((await t.server.waymark.checkAlerts()).bounce.map((o) => [o.site, o.outcome])).toEqual([['shop', 'quiet']]);
  });
});
