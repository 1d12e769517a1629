/**
 * Summaries through the real server and a real webhook receiver: set per site by the admin; after
 * each week (or month) in the site's time zone the webhook gets that period's figures against the
 * period before — the overview API's and the change API's own numbers — once; a webhook that fails
 * is tried again; a site without visitors is quiet; sending now, a test, deleting.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { runDueSummaries, lastPeriods } from '../../analysis/alerts/summary.js';
import { listSummaries } from '../../analysis/alerts/summary-store.js';
import { queryRows } from '../../analysis/common/query.js';
import { changeResultSchema } from '../../analysis/change/schema.js';
import { overviewResultSchema } from '../../analysis/overview/schema.js';
import { useAlertServer } from '../helpers/webhook.js';
import { ev, insertRows } from './helpers.js';

const at = (day: string, h: number, m = 0) => Date.parse(`${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`);
/** Monday 2026-01-12, 08:00 UTC: the last whole week is 5–11 January, the one before 29 December – 4 January. */
const NOW = at('2026-01-12', 8);
const WEEK = { from: '2026-01-05', to: '2026-01-11' };
const BEFORE = { from: '2025-12-29', to: '2026-01-04' };

/** 40 visitors land on / each week (10 from search, first): 30 reach /cart the week before, 5 this week (all from search). */
const week = (site: string, day: string, toCart: number) =>
  Array.from({ length: 40 }, (_, i) => {
    const v = `${site}-${day}-${i}`;
    const channel = i < 10 ? 'Organic Search' : 'Direct';
    return [
      ev({ site_id: site, ms: at(day, 10, i), visitor_id: v, path: '/', channel }),
      ...(i < toCart ? [ev({ site_id: site, ms: at(day, 10, i) + 5 * 60_000, visitor_id: v, path: '/cart', channel })] : []),
    ];
  }).flat();

const t = useAlertServer({}, async (server) => {
  for (const s of ['shop', 'empty', 'flaky']) await server.createSite(s);
  // Also visitors last month (by the real clock), for sending a monthly summary now.
  const lastMonth = lastPeriods('month', Date.now(), 'UTC').current.from;
  await insertRows(server.waymark.store, [...week('shop', '2025-12-30', 30), ...week('shop', '2026-01-06', 5), ...week('flaky', '2026-01-07', 1), ...week('shop', lastMonth, 2)]);
  const journey = { name: 'Cart', stages: [{ name: 'Land', matchers: [{ path: '/' }] }, { name: 'Cart', matchers: [{ path: '/cart' }] }] };
  expect((await json('/api/sites/shop/journeys/cart', { method: 'PUT', body: JSON.stringify(journey) })).status).toBe(201);
});
const { json } = t;
const put = (site: string, body: unknown) => json(`/api/sites/${site}/summary`, { method: 'PUT', body: JSON.stringify(body) });
const failures: unknown[] = [];
const tick = (now = NOW) =>
  runDueSummaries({ store: t.server.waymark.store, sites: t.server.waymark.sites, now: () => now, publicUrl: 'https://waymark.example' }, (_site, err) => failures.push(err));

describe('the last whole period', () => {
  it('is the week from Monday to Sunday, or the calendar month, in the site’s time zone', () => {
    expect(lastPeriods('week', NOW, 'UTC')).toEqual({ current: WEEK, baseline: BEFORE });
    // Sunday 23:30 in UTC is already Monday in Tokyo, still Sunday in New York.
    const sundayNight = at('2026-01-11', 23, 30);
    expect(lastPeriods('week', sundayNight, 'Asia/Tokyo').current).toEqual(WEEK);
    expect(lastPeriods('week', sundayNight, 'America/New_York').current).toEqual({ from: '2025-12-29', to: '2026-01-04' });
    expect(lastPeriods('month', NOW, 'UTC')).toEqual({ current: { from: '2025-12-01', to: '2025-12-31' }, baseline: { from: '2025-11-01', to: '2025-11-30' } });
    expect(lastPeriods('month', at('2024-03-01', 0, 30), 'UTC')).toEqual({ current: { from: '2024-02-01', to: '2024-02-29' }, baseline: { from: '2024-01-01', to: '2024-01-31' } });
    expect(lastPeriods('month', at('2024-03-01', 0, 30), 'America/Los_Angeles').current).toEqual({ from: '2024-01-01', to: '2024-01-31' });
  });
});

describe('summaries', () => {
  it('are set by the admin per site; bad input is a 400 naming the field; a site key may not read them', async () => {
    for (const [body, field] of [
      [{}, 'webhook'],
      [{ webhook: 'javascript:alert(1)' }, 'webhook'],
      [{ webhook: t.hook.url, every: 'day' }, 'every'],
      [{ webhook: t.hook.url, hour: 24 }, 'hour'],
      [{ webhook: t.hook.url, extra: 1 }, 'extra'],
    ] as const) {
      const r = await put('shop', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    expect(await json('/api/sites/shop/summary')).toMatchObject({ status: 200, body: { summary: null } });
    expect((await json('/api/sites/shop/summary/send', { method: 'POST' })).status).toBe(404);
    for (const s of ['shop', 'empty', 'flaky']) expect((await put(s, { webhook: t.hook.url })).status).toBe(201);
    expect(await put('shop', { webhook: t.hook.url, every: 'week' })).toMatchObject({ status: 200, body: { webhook: t.hook.url, every: 'week', hour: 8, last_send: null } });
    const key = (await json('/api/sites/shop/keys', { method: 'POST', body: JSON.stringify({ name: 'k' }) })).body as { key: string };
    for (const [method, path] of [['GET', ''], ['PUT', ''], ['POST', '/send'], ['POST', '/test']]) {
      expect((await fetch(`${t.server.url}/api/sites/shop/summary${path}`, { method, headers: { authorization: `Bearer ${key.key}` } })).status).toBe(403);
    }
  });

  it("sends the last week's figures against the week before, the overview's and the change API's own numbers, once", async () => {
    // Monday before 08:00 in the sites' zone (UTC): not yet.
    expect(await tick(at('2026-01-12', 7, 59))).toEqual([]);
    t.hook.status = 500; // every webhook fails at first: tried again at the next tick
    const first = await tick();
    expect(first.map((o) => [o.site, o.outcome])).toEqual([['empty', 'quiet'], ['flaky', 'failed'], ['shop', 'failed']]);
    expect(t.hook.got).toHaveLength(2);
    t.hook.status = 200;
    t.hook.got = [];
    const second = await tick();
    expect(second.map((o) => [o.site, o.period, o.outcome])).toEqual([['flaky', '2026-01-05/2026-01-11', 'sent'], ['shop', '2026-01-05/2026-01-11', 'sent']]);
    expect(await tick()).toEqual([]);
    expect(failures).toEqual([]);

    const msg = t.hook.got.find((m) => m.waymark.site === 'shop')!;
    const overview = async (p: { from: string; to: string }) => overviewResultSchema.parse((await json(`/api/sites/shop/overview?from=${p.from}&to=${p.to}&limit=50`)).body);
    const [now, before] = [await overview(WEEK), await overview(BEFORE)];
    const change = changeResultSchema.parse((await json(`/api/sites/shop/change?journey=cart&from=${WEEK.from}&to=${WEEK.to}&baseline_from=${BEFORE.from}&baseline_to=${BEFORE.to}&drivers=10`)).body);
    const totals = (o: typeof now) => ({ visitors: o.totals.visitors, sessions: o.totals.sessions, pageviews: o.totals.pageviews, bounce_rate: o.totals.bounce_rate });
    expect(msg.waymark).toMatchObject({
      kind: 'summary',
      every: 'week',
      ...WEEK,
      baseline_from: BEFORE.from,
      baseline_to: BEFORE.to,
      totals: { current: totals(now), baseline: totals(before) },
      channels: [...now.channels].sort((a, b) => b.visitors - a.visitors || a.value.localeCompare(b.value)).slice(0, 3).map((c) => ({ channel: c.value, visitors: c.visitors, baseline_visitors: before.channels.find((b) => b.value === c.value)!.visitors })),
      url: `https://waymark.example/overview?site=shop&from=${WEEK.from}&to=${WEEK.to}`,
    });
    const j = (msg.waymark.journeys as Record<string, unknown>[])[0]!;
    const { current, baseline, change: ch, p_value, significant } = change.completion;
    expect(j).toMatchObject({ id: 'cart', name: 'Cart', started: 40, completed: 5, completion: { current, baseline, change: ch, p_value, significant } });
    expect(j.moved).toMatchObject({ stage: 'Cart', baseline: 0.75, current: 0.125, change: change.stages[1]!.change, shortfall: 25, driver: change.drivers.find((d) => d.stage === 2 && d.by === 'channel' && d.value === 'Direct') });
    expect(msg.text.split('\n')).toEqual([
      'Waymark · shop · weekly summary, week 2026-01-05 – 2026-01-11 (against 2025-12-29 – 2026-01-04)',
      'Visitors 40 (±0 %) · sessions 40 (±0 %) · page views 45 (−35.7 %) · bounce rate 87.5 % (+62.5 pt)',
      'Top channels: Direct 30 (±0 %) · Organic Search 10 (±0 %)',
      '“Cart”: 5 of 40 completed (12.5 %, −62.5 pt, significant)',
      // At the week before's 75 %, 30 of the 40 would have reached the cart; 5 did.
      '   Cart fell most: 75.0 % → 12.5 % (−62.5 pt; ≈ 25 fewer than at the week before’s rate); channel Direct 66.7 % → 0.0 %',
      `<https://waymark.example/overview?site=shop&amp;from=${WEEK.from}&amp;to=${WEEK.to}|Open in Waymark>`,
    ]);
    expect(msg).toMatchObject({ allowed_mentions: { parse: [] } });
    // The preview of the same week is the same text (plain, without the link) and figures, sent nowhere.
    const preview = await json('/api/sites/shop/summary/preview?at=2026-01-12');
    const { test: _t, kind: _k, site: _s, url: _u, ...figures } = msg.waymark;
    expect(preview).toMatchObject({ status: 200, body: { period: '2026-01-05/2026-01-11', text: msg.text.split('\n').slice(0, -1).join('\n'), figures } });
    expect(t.hook.got).toHaveLength(2);
    for (const q of ['every=day', 'at=2026-13-01', 'at=yesterday', 'extra=1']) expect((await json(`/api/sites/shop/summary/preview?${q}`)).status, q).toBe(400);
    expect((await json('/api/sites/shop/summary')).body).toMatchObject({ summary: { last_send: { period: '2026-01-05/2026-01-11', outcome: 'sent' } } });
  });

  it('a month: the calendar month before against the one before it; "send now" sends the last period (by the clock), again if need be; a test message', async () => {
    expect((await put('shop', { webhook: t.hook.url, every: 'month' })).status).toBe(200);
    expect((await tick(at('2026-02-01', 6))).filter((o) => o.site === 'shop')).toEqual([]); // the 1st, before 08:00
    const [out] = (await tick(at('2026-02-01', 9))).filter((o) => o.site === 'shop');
    expect(out).toMatchObject({ period: '2026-01-01/2026-01-31', outcome: 'sent' });
    expect(t.hook.got[0]!.text.split('\n')[0]).toBe('Waymark · shop · monthly summary, January 2026 (against December 2025)');
    t.hook.got = [];
    for (let i = 0; i < 2; i++) expect(await json('/api/sites/shop/summary/send', { method: 'POST' })).toMatchObject({ status: 200, body: { site: 'shop', outcome: 'sent', detail: '40 visitors' } });
    expect(t.hook.got).toHaveLength(2);
    t.hook.got = [];
    expect(await json('/api/sites/shop/summary/test', { method: 'POST' })).toMatchObject({ status: 200, body: { delivered: true } });
    expect(t.hook.got[0]).toMatchObject({ waymark: { test: true, kind: 'summary', every: 'month' } });
    expect(t.hook.got[0]!.text).toContain('[test]');
  });

  it('deleting it, or its site, removes it and its record of sends', async () => {
    expect((await json('/api/sites/empty/summary', { method: 'DELETE' })).status).toBe(204);
    expect((await json('/api/sites/empty/summary', { method: 'DELETE' })).status).toBe(404);
    // At hour 0, so that the server's own schedule below finds it due whatever the hour of the run.
    expect(await put('empty', { webhook: t.hook.url, hour: 0 })).toMatchObject({ status: 201, body: { hour: 0, last_send: null } });
    expect((await json('/api/sites/flaky', { method: 'DELETE' })).status).toBe(200);
    expect((await listSummaries(t.server.waymark.store)).map((s) => s.site)).toEqual(['empty', 'shop']);
    expect(await queryRows(t.server.waymark.store, "SELECT count() AS n FROM summary_sends WHERE site_id = 'flaky'", {}, z.object({ n: z.number() }))).toEqual([{ n: 0 }]);
  });

  it('the server’s own schedule runs what is due: the empty site’s last week (quiet); the shop’s last month was sent', async () => {
    expect((await t.server.waymark.checkAlerts()).summaries.map((o) => [o.site, o.outcome])).toEqual([['empty', 'quiet']]);
    expect(t.hook.got).toEqual([]);
  });
});
