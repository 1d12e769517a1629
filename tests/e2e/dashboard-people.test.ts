/**
 * People and one person's journey, in a real browser on a real server: the list shows the
 * people of the demo data as the visitors API counts them; a person opens with their sessions and
 * events as the visitor API returns them; a user id that signed in on two devices shows both
 * visitor ids and the visits before sign-in; an id holding '/', spaces, quotes and unicode
 * survives the URL (and a reload); hostile paths, titles and props are text; a chosen journey
 * marks touchpoints with its stage names; the CSV buttons download the API's tables; a phone fits.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { visitorsResultSchema } from '../../analysis/visitors/schema.js';
import { funnelResultSchema } from '../../analysis/funnel/schema.js';
import { visitorResultSchema, type VisitorResult } from '../../analysis/visitor/schema.js';
import { dateTimeIn, resolveRange, timeIn } from '../../dashboard/src/dates.js';
import { int, openDashboard, screenshot, settled, useDashboard, useTab } from './dashboard-helpers.js';
import type { Page } from 'playwright-core';

const d = useDashboard();
const tab = useTab(d);
const TZ = 'Europe/Berlin';
const range = (preset: string) => resolveRange(new URLSearchParams({ range: preset }), TZ);
const api = (site: string, name: string, preset: string, extra: Record<string, string> = {}) => {
  const r = range(preset);
  return `/api/sites/${site}/${name}?${new URLSearchParams({ from: r.from, to: r.to, ...extra })}`;
};
const text = (page: Page, selector: string) => page.locator(selector).first().textContent();
const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ''));

const IMG = '<img src=x onerror=alert(1)>';
const USER = 'user/42 "ä"';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/** One customer on site "people": browses and signs in on a laptop, buys a day later, comes back on a phone. */
async function importCustomer(): Promise<void> {
  const post = async (p: string, body: unknown, method = 'POST') => {
    const res = await d.fetch(p, { method, body: JSON.stringify(body) });
    expect(res.status, `${p}: ${await res.clone().text()}`).toBeLessThan(300);
  };
  await post('/api/sites', { id: 'people', domains: ['shop.example'], timezone: TZ });
  const t0 = Date.now() - 3 * 86_400_000;
  const laptop = { site: 'people', visitor: 'laptop-1', ua: CHROME };
  const phone = { site: 'people', visitor: 'phone-2', ua: IPHONE };
  const day = 86_400_000;
  await post('/api/import', [
    { ...laptop, type: 'pageview', ts: t0, url: 'https://shop.example/', title: 'Home', referrer: 'https://www.google.com/' },
    { ...laptop, type: 'pageview', ts: t0 + 30_000, url: 'https://shop.example/products/shoe', title: IMG, load_ms: 850 },
    { ...laptop, type: 'event', ts: t0 + 60_000, name: 'add_to_cart', url: 'https://shop.example/products/shoe', props: { size: '42', note: IMG } },
    { ...laptop, type: 'pageview', ts: t0 + 90_000, url: 'https://shop.example/cart', title: 'Cart' },
    { ...laptop, type: 'identify', ts: t0 + 100_000, user: USER, url: 'https://shop.example/account' },
    { ...laptop, type: 'pageview', ts: t0 + day, url: 'https://shop.example/checkout?utm_source=newsletter&utm_medium=email&utm_campaign=spring', title: 'Checkout' },
    { ...laptop, type: 'event', ts: t0 + day + 120_000, name: 'purchase', url: 'https://shop.example/checkout', revenue: 59.5, props: { order: 'A-1' } },
    { ...laptop, type: 'pageview', ts: t0 + day + 125_000, url: 'https://shop.example/thank-you', title: 'Thanks', load_ms: 1234 },
    { ...phone, type: 'identify', ts: t0 + 2 * day - 1000, user: USER, url: 'https://shop.example/account' },
    { ...phone, type: 'pageview', ts: t0 + 2 * day, url: `https://shop.example/search/${IMG}`, title: IMG },
    { site: 'people', visitor: 'anon-1', ua: CHROME, type: 'pageview', ts: t0 + 2 * day + 3_600_000, url: 'https://shop.example/' },
  ]);
  await post('/api/sites/people/journeys/buy', {
    name: 'Buy',
    stages: [
      { name: 'Browse', matchers: [{ path: '/products/*' }] },
      { name: 'Cart', matchers: [{ event: 'add_to_cart' }] },
      { name: 'Purchase', matchers: [{ event: 'purchase' }] },
    ],
  }, 'PUT');
  await d.server.waymark.writer.drain();
}

/** What a session card and its timeline must show, from the API's answer. */
async function expectSessions(page: Page, v: VisitorResult, tz: string) {
  expect(await page.$$eval('[data-session]', (els) => els.map((e) => e.getAttribute('data-session')))).toEqual(v.sessions.map((s) => String(s.n)));
  for (const s of v.sessions.slice(0, 3)) {
    const card = `[data-session="${s.n}"]`;
    expect(await text(page, `${card} .session-when time`)).toBe(dateTimeIn(tz, s.start_ms, { weekday: true }));
    expect(await text(page, `${card} [data-fig=pageviews]`)).toBe(`${int(s.pageviews)} ${s.pageviews === 1 ? 'page view' : 'page views'}`);
    expect(await page.locator(`${card} .badge.bounced`).count()).toBe(s.bounced ? 1 : 0);
    expect(await text(page, `${card} .session-pages`)).toContain(s.entry_page);
    if (s.timeline.length <= 25) {
      expect(await page.$$eval(`${card} .tl`, (els) => els.map((e) => e.getAttribute('data-type')))).toEqual(s.timeline.map((e) => e.type));
    }
  }
}

describe('people', () => {
  it('lists the people of the demo data as the visitors API counts them; one opens with their sessions', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/people?site=demo&range=30d`);
    await settled(page);
    const list = await d.get(api('demo', 'visitors', '30d', { limit: '50' }), visitorsResultSchema);
    expect(list.total).toBeGreaterThan(50);
    expect(await text(page, '[data-people-total]')).toBe(`${int(list.total)} people seen in this range; the 50 most recent.`);
    expect(await texts(page, '[data-table=people] tbody [data-col=person] a')).toEqual(list.people.map((p) => p.person));
    const first = list.people[0]!;
    expect(await text(page, '[data-table=people] tbody tr:first-child [data-col=last_seen]')).toBe(dateTimeIn(TZ, first.last_ms));
    expect(await text(page, '[data-table=people] tbody tr:first-child [data-col=pageviews]')).toBe(int(first.pageviews));
    await screenshot(page, 'people');
    await page.click('text=Show 50 more');
    await page.waitForURL(/limit=100/);
    await settled(page);
    expect(await page.locator('[data-table=people] tbody tr').count()).toBe(Math.min(100, list.total));

    // A person with more than one visit: open them from the list.
    const who = list.people.find((p) => p.pageviews >= 3) ?? first;
    await page.click(`[data-table=people] [data-col=person] a >> text="${who.person}"`);
    await page.waitForURL((u) => u.pathname === `/people/${encodeURIComponent(who.person)}`);
    await settled(page);
    const v = await d.get(api('demo', 'visitor', '30d', { id: who.person, limit: '2000' }), visitorResultSchema);
    expect(v.sessions.length).toBeGreaterThan(0);
    expect(await text(page, '.person-name')).toBe(v.person);
    expect(await text(page, '[data-kpi=sessions] .kpi-value')).toBe(int(v.totals.sessions));
    expect(await text(page, '[data-kpi=pageviews] .kpi-value')).toBe(int(v.totals.pageviews));
    expect(await text(page, '[data-kpi=last_seen] .kpi-value')).toBe(dateTimeIn(TZ, v.totals.last_ms!));
    await expectSessions(page, v, TZ);
    expect(v.totals.pageviews).toBe(who.pageviews);
  });

  it('finds a user id that signed in on two devices: both visitor ids, and the visits before sign-in', async () => {
    const { page } = tab;
    const all = await d.get(api('demo', 'visitors', '30d', { limit: '1000' }), visitorsResultSchema);
    const user = all.people.find((p) => p.identified && p.visitor_ids >= 2);
    expect(user, 'the demo has customers who came back on another device').toBeDefined();
    await page.goto(`${d.url}/people?site=demo&range=30d`);
    await settled(page);
    await page.fill('form[aria-label="Find a person"] input[name=person-id]', user!.person);
    await page.press('form[aria-label="Find a person"] input[name=person-id]', 'Enter');
    await page.waitForURL((u) => u.pathname === `/people/${encodeURIComponent(user!.person)}`);
    await settled(page);
    const v = await d.get(api('demo', 'visitor', '30d', { id: user!.person, limit: '2000' }), visitorResultSchema);
    expect(v.identified).toBe(true);
    expect(v.visitor_ids.length).toBeGreaterThanOrEqual(2);
    expect(await texts(page, '[data-visitor-ids] code')).toEqual(v.visitor_ids);
    expect(await page.locator('.person-head .badge.identified').count()).toBe(1);
    expect(await page.locator('[data-identify]').count()).toBe(v.identifies.length);
    // Before the first sign-in the visits were anonymous, and they are this person's too.
    const signedIn = v.identifies[0]!.first_ms;
    const before = v.sessions.filter((s) => s.start_ms < signedIn);
    expect(before.length).toBeGreaterThan(0);
    for (const s of before) await page.locator(`[data-session="${s.n}"]`).waitFor();
    await expectSessions(page, v, TZ);
    // Each device's visits name it.
    const devices = await texts(page, '.session-device');
    expect(new Set(devices.flatMap((t) => t.replace('visitor id ', '').split(', ')))).toEqual(new Set(v.visitor_ids));
    await screenshot(page, 'person-two-devices');
  });
});

describe('the people behind a funnel number', () => {
  it('"where they went" leads to the people who dropped at that stage, and the funnel to who converted', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/funnel?site=demo&range=30d&journey=checkout&device=mobile&stage=2`);
    await settled(page);
    const dropped = Number((await text(page, '[data-where="2"] [data-dropped]'))!.replace(/,/g, ''));
    expect(dropped).toBeGreaterThan(0);
    await page.click('[data-where="2"] [data-people-link]');
    await page.waitForURL((u) => u.pathname === '/people' && u.searchParams.get('stage') === '2' && u.searchParams.get('device') === 'mobile');
    await settled(page);
    const list = await d.get(api('demo', 'visitors', '30d', { journey: 'checkout', stage: '2', device: 'mobile', limit: '50' }), visitorsResultSchema);
    // The checkout journey is per visitor: one person per dropped unit.
    expect(list.total).toBe(dropped);
    expect(await text(page, '[data-level]')).toMatch(/^People who reached “.+” but not “.+” in “.+”, among device mobile\. Show everyone$/);
    expect(await texts(page, '[data-table=people] tbody [data-col=person] a')).toEqual(list.people.map((p) => p.person));
    await screenshot(page, 'people-dropped');
    // One of them opens with the journey's stages marked: stage 2 among them.
    await page.click(`[data-table=people] [data-col=person] a >> text="${list.people[0]!.person}"`);
    await page.waitForURL((u) => u.pathname.startsWith('/people/') && u.searchParams.get('journey') === 'checkout');
    await settled(page);
    const reached = await page.$$eval('.session .session-figures .stage-mark', (els) => els.map((e) => e.getAttribute('data-stage')));
    expect(reached).toContain('2');
    await page.click('.back-link');
    await page.waitForURL((u) => u.pathname === '/people' && u.searchParams.get('stage') === '2');
    await settled(page);
    await page.click('[data-level] a');
    await page.waitForURL((u) => u.pathname === '/people' && !u.searchParams.has('stage') && !u.searchParams.has('device'));
    await settled(page);
    expect(await page.locator('[data-level]').count()).toBe(0);

    await page.goto(`${d.url}/funnel?site=demo&range=30d&journey=checkout`);
    await settled(page);
    await page.click('[data-converted-link]');
    await page.waitForURL((u) => u.pathname === '/people' && u.searchParams.has('stage'));
    await settled(page);
    const converted = await d.get(api('demo', 'funnel', '30d', { journey: 'checkout' }), funnelResultSchema);
    const last = converted.stages.at(-1)!;
    expect(await text(page, '[data-people-total] strong')).toBe(int(last.reached));
    expect(await text(page, '[data-level]')).toMatch(/^People who completed “.+”\. Show everyone$/);
  });

  it('the journey map\'s drop-off pain points and the realtime panel lead to the people', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/journeys/checkout/map?site=demo&range=30d`);
    await settled(page);
    const link = page.locator('[data-pain=dropoff] [data-pain-people]').first();
    const href = new URL((await link.getAttribute('href'))!, d.url);
    const stage = href.searchParams.get('stage')!;
    await link.click();
    await page.waitForURL((u) => u.pathname === '/people' && u.searchParams.get('journey') === 'checkout' && u.searchParams.get('stage') === stage);
    await settled(page);
    const list = await d.get(api('demo', 'visitors', '30d', { journey: 'checkout', stage, limit: '50' }), visitorsResultSchema);
    expect(await text(page, '[data-people-total] strong')).toBe(int(list.total));

    // Someone on the site a second ago: the overview's realtime panel links to today's people, them first.
    const now = Date.now();
    const res = await d.fetch('/api/import', { method: 'POST', body: JSON.stringify([{ site: 'demo', visitor: 'just-now', type: 'pageview', ts: now - 1000, url: 'https://shop.waymark.demo/' }]) });
    expect(res.status, await res.clone().text()).toBe(202);
    await d.server.waymark.writer.drain();
    await page.goto(`${d.url}/overview?site=demo&range=30d&device=mobile`);
    await settled(page);
    await page.click('[data-realtime-people]');
    await page.waitForURL((u) => u.pathname === '/people' && u.searchParams.get('range') === 'today' && !u.searchParams.has('device'));
    await settled(page);
    expect(await text(page, '[data-table=people] tbody tr:first-child [data-col=person] a')).toBe('just-now');
  });
});

describe("one person's journey", () => {
  const base = `site=people&range=7d`;
  const path = `/people/${encodeURIComponent(USER)}`;
  beforeAll(importCustomer);
  const open = async (query = '') => {
    await tab.page.goto(`${d.url}${path}?${base}${query}`);
    await settled(tab.page);
  };

  it('opens an id with "/", spaces, quotes and unicode from the list, and again after a reload', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/people?${base}`);
    await settled(page);
    expect(await text(page, '[data-people-total]')).toBe('2 people seen in this range.');
    const row = page.locator('[data-table=people] tbody tr', { hasText: USER });
    expect(await row.locator('.badge.identified').count()).toBe(1);
    expect(await row.locator('[data-col=visitor_ids]').textContent()).toBe('2');
    expect(await row.locator('[data-col=pageviews]').textContent()).toBe('6');
    expect(await row.locator('[data-col=revenue]').textContent()).toBe('59.50');
    await row.locator('a.person-link').click();
    await page.waitForURL((u) => u.pathname === path);
    expect(path).toBe('/people/user%2F42%20%22%C3%A4%22');
    await settled(page);
    expect(await text(page, '.person-name')).toBe(USER);
    await page.reload();
    await settled(page);
    expect(await text(page, '.person-name')).toBe(USER);
    expect(await texts(page, '[data-visitor-ids] code')).toEqual(['laptop-1', 'phone-2']);
  });

  it('shows the sessions newest first with their source, pages, figures and timeline', async () => {
    const { page } = tab;
    await open();
    const v = await d.get(api('people', 'visitor', '7d', { id: USER, limit: '2000' }), visitorResultSchema);
    expect(v.sessions.map((s) => s.n)).toEqual([3, 2, 1]);
    expect(v.totals).toMatchObject({ sessions: 3, pageviews: 6, events: 2, revenue: 59.5 });
    await expectSessions(page, v, TZ);
    expect(await text(page, '[data-kpi=revenue] .kpi-value')).toBe('59.50');
    expect(await text(page, '[data-kpi=events] .kpi-value')).toBe('2');
    // The phone's one page view: bounced. The purchase visit: from the newsletter, with revenue.
    expect(await page.locator('[data-session="3"] .badge.bounced').count()).toBe(1);
    expect(await text(page, '[data-session="2"] .session-source')).toBe('Email · newsletter / email · campaign spring');
    expect(await text(page, '[data-session="2"] .session-pages')).toBe('/checkout → /thank-you');
    expect(await text(page, '[data-session="2"] [data-fig=revenue]')).toBe('revenue 59.50');
    expect(await text(page, '[data-session="2"] .tl-event .tl-revenue')).toBe('revenue 59.50');
    expect(await text(page, '[data-session="2"] .tl-pageview:last-child .tl-load')).toBe('load 1.2 s');
    // The first visit, before they signed in on the laptop, ends with the sign-in.
    const first = page.locator('[data-session="1"]');
    expect(await first.locator('.session-source strong').textContent()).toBe('Organic Search');
    expect(await first.locator('.tl-identify .tl-what').textContent()).toBe(`identified as ${USER}`);
    expect(await first.locator('.tl .tl-time').first().textContent()).toBe(timeIn(TZ, v.sessions[2]!.start_ms));
    expect(await texts(page, '[data-identify]')).toHaveLength(2);
    await screenshot(page, 'person');
  });

  it('shows hostile paths, titles and props as text', async () => {
    const { page } = tab;
    await open();
    expect(await text(page, '[data-session="3"] .session-pages')).toBe(`/search/${IMG}`);
    expect(await text(page, '[data-session="3"] .tl-pageview .tl-what')).toBe(`/search/${IMG}`);
    expect(await text(page, '[data-session="3"] .tl-pageview .tl-title')).toBe(IMG);
    expect(await texts(page, '[data-session="1"] .tl-event .tl-prop')).toEqual(expect.arrayContaining([`note=${IMG}`, 'size=42']));
    expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
  });

  it('marks touchpoints with the stages of a chosen journey', async () => {
    const { page } = tab;
    await open();
    expect(await page.locator('.stage-mark').count()).toBe(0);
    await page.selectOption('[data-testid=journey-picker]', 'buy');
    await page.waitForURL(/journey=buy/);
    await page.locator('[data-session="1"] .tl [data-stage]').first().waitFor();
    await settled(page);
    const v = await d.get(api('people', 'visitor', '7d', { id: USER, limit: '2000', journey: 'buy' }), visitorResultSchema);
    const names = ['Browse', 'Cart', 'Purchase'];
    const marked = v.sessions.flatMap((s) => s.timeline.filter((e) => e.stages.length).map((e) => e.stages.map((n) => `stage ${n} · ${names[n - 1]}`).join('')));
    expect(marked.sort()).toEqual(['stage 1 · Browse', 'stage 2 · Cart', 'stage 3 · Purchase']);
    expect((await texts(page, '.tl .stage-marks')).sort()).toEqual(marked);
    expect(await text(page, '[data-session="1"] .tl-event .stage-mark')).toBe('stage 2 · Cart');
    expect(await text(page, '[data-session="2"] .session-figures .stage-marks')).toBe('stage 3 · Purchase');
    await page.reload();
    await settled(page);
    expect(await page.inputValue('[data-testid=journey-picker]')).toBe('buy');
    await screenshot(page, 'journey-picker');
  });

  it('downloads the sessions and events tables as the API writes them', async () => {
    const { page } = tab;
    await open('&journey=buy');
    for (const table of ['sessions', 'events']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export=person-${table}]`)]);
      expect(download.suggestedFilename()).toBe(`person-${table}.csv`);
      const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString();
      const res = await d.fetch(api('people', 'visitor', '7d', { id: USER, limit: '2000', journey: 'buy', format: 'csv', table }));
      expect(csv).toBe(await res.text());
      // 8 touchpoints and the two sign-ins.
      expect(csv.trim().split('\n')).toHaveLength(table === 'sessions' ? 1 + 3 : 1 + 10);
    }
  });

  it('exports the people table and leads to erasing a person', async () => {
    const { page } = tab;
    await open();
    await page.click('a.erase-link');
    await page.waitForURL((u) => u.pathname === '/sites' && u.searchParams.get('erase') === USER);
    await settled(page);
    expect(await page.inputValue('form[aria-label="Erase a person\'s data"] input[name=erase-id]')).toBe(USER);
    await page.goto(`${d.url}/people?${base}`);
    await settled(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export=people]')]);
    expect(download.suggestedFilename()).toBe('people.csv');
    const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString();
    expect(csv.split('\r\n')[0]).toBe('person,last_seen,first_seen,visitor_ids,pageviews,events,revenue,first_channel,last_touchpoint,device,country');
    expect(csv).toContain('"user/42 ""ä""",');
  });

  it('says when only the newest events are shown', async () => {
    const { page } = tab;
    await open('&limit=3');
    const v = await d.get(api('people', 'visitor', '7d', { id: USER, limit: '3' }), visitorResultSchema);
    expect(v).toMatchObject({ shown: 3, events_in_range: 10 });
    expect(await text(page, '[data-truncated]')).toBe('Showing the newest 3 of 10 events; choose a shorter range or show up to 20,000.');
    // The thank-you page, then the phone's sign-in and page view.
    expect(await texts(page, '.tl')).toHaveLength(3);
    expect(await page.locator('.tl-identify').count()).toBe(1);
    await page.click('[data-truncated] button');
    await page.waitForURL(/limit=20000/);
    await settled(page);
    expect(await page.locator('[data-truncated]').count()).toBe(0);
    expect(await page.locator('.tl:not(.tl-identify)').count()).toBe(8);
    expect(await page.locator('.tl-identify').count()).toBe(2);
  });

  it('says so when the id has no visits in the range, and fits a phone', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/people/${encodeURIComponent('nobody here')}?${base}`);
    await settled(page);
    expect(await text(page, '.sessions .empty')).toContain('No visits in this range');
    const phone = await openDashboard(d, { viewport: { width: 390, height: 844 }, touch: true });
    try {
      for (const [name, p] of [['people', `/people?${base}`], ['person', `${path}?${base}&journey=buy`]]) {
        await phone.page.goto(d.url + p);
        await settled(phone.page);
        await screenshot(phone.page, `mobile-${name}`);
        const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${name} is ${width}px wide`).toBeLessThanOrEqual(390);
      }
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
