/**
 * Page views from the script tag in real Chromium, against the real collector: the first view
 * (with load time and the queued calls after it), SPA navigations, hash routing, no duplicates.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { byTime, openTab, rowsOf, useE2E, type Tab } from './helpers.js';

const env = useE2E();
let tab: Tab;
afterEach(() => tab?.close());

const nav = (t: Tab, fn: string, url: string) =>
  t.page.evaluate(([f, u]) => (history as unknown as Record<string, (s: unknown, t: string, u: string) => void>)[f]!(null, '', u), [fn, url] as const);

describe('first page view', () => {
  it('is sent on load with page, screen, language, visitor, a UUID and the load time, as text/plain', async () => {
    tab = await openTab(env);
    await tab.goto('/basic.html?utm_source=newsletter');
    const pv = await tab.waitFor({ type: 'pageview' });
    expect(pv).toMatchObject({
      site: 'e2e',
      url: `${env.server.siteUrl}/basic.html?utm_source=newsletter`,
      title: 'Basic page',
      referrer: '',
      screen: expect.any(Number),
      lang: expect.stringMatching(/^en/),
      visitor: expect.any(String),
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      load_ms: expect.any(Number),
    });
    expect(pv.load_ms).toBeGreaterThan(0);
    expect(tab.requests[0]!.headers()['content-type']).toMatch(/^text\/plain/);

    const [row] = await rowsOf(env, 'e2e', [pv]);
    expect(row).toMatchObject({ type: 'pageview', path: '/basic.html', utm_source: 'newsletter', visitor_id: pv.visitor, title: 'Basic page' });
    expect(row!.load_ms).toBe(pv.load_ms);
  });

  it('sends calls queued before the script loaded right after the page view, in the same request', async () => {
    tab = await openTab(env);
    await tab.goto('/basic.html');
    const queued = await tab.waitFor({ type: 'event', name: 'queued_before_load' });
    expect(queued.props).toEqual({ n: '1' }); // coerced to the string the contract requires
    expect(tab.events.map((e) => e.type + ':' + (e.name ?? ''))).toEqual(['pageview:', 'event:queued_before_load']);
    expect(tab.requests).toHaveLength(1);
    const rows = (await rowsOf(env, 'e2e', tab.events)).sort(byTime);
    expect(rows.map((r) => r.type)).toEqual(['pageview', 'event']);
  });

  it('keeps one visitor id across page loads (localStorage)', async () => {
    tab = await openTab(env);
    await tab.goto('/basic.html');
    await tab.goto('/basic.html?again=1');
    const second = await tab.waitFor({ type: 'pageview', url: expect.stringContaining('again=1') });
    expect(second.visitor).toBe(tab.events[0]!.visitor);
    expect(await tab.page.evaluate(() => localStorage.getItem('waymark_id'))).toBe(second.visitor);
  });
});

describe('SPA navigation', () => {
  it('pushState counts a view whose referrer is the previous page; the same URL again does not', async () => {
    tab = await openTab(env);
    await tab.goto('/basic.html');
    await tab.waitFor({ type: 'pageview' });
    const first = tab.events.length;
    await nav(tab, 'pushState', '/app/a');
    const a = await tab.waitFor({ type: 'pageview', url: `${env.server.siteUrl}/app/a` }, { from: first });
    expect(a.referrer).toBe(`${env.server.siteUrl}/basic.html`);
    expect(a.load_ms).toBeUndefined(); // only the first view carries the load time

    await nav(tab, 'pushState', '/app/a'); // same URL: no new view
    await nav(tab, 'pushState', '/app/b');
    const b = await tab.waitFor({ type: 'pageview', url: `${env.server.siteUrl}/app/b` }, { from: first });
    expect(b.referrer).toBe(`${env.server.siteUrl}/app/a`);
    expect(tab.events.slice(first).filter((e) => e.type === 'pageview').map((e) => e.url)).toEqual([
      `${env.server.siteUrl}/app/a`,
      `${env.server.siteUrl}/app/b`,
    ]);

    const rows = await rowsOf(env, 'e2e', [a, b]);
    expect(rows.sort(byTime).map((r) => r.path)).toEqual(['/app/a', '/app/b']);
  });

  it('replaceState counts only when the path changes, not for a new query string', async () => {
    tab = await openTab(env);
    await tab.goto('/basic.html');
    await tab.waitFor({ type: 'pageview' });
    const first = tab.events.length;
    await nav(tab, 'replaceState', '/basic.html?tab=reviews');
    await nav(tab, 'replaceState', '/app/replaced');
    await tab.waitFor({ type: 'pageview', url: `${env.server.siteUrl}/app/replaced` }, { from: first });
    expect(tab.events.slice(first).filter((e) => e.type === 'pageview')).toHaveLength(1);
  });

  it('back/forward (popstate) counts the page returned to', async () => {
    tab = await openTab(env);
    await tab.goto('/basic.html');
    await tab.waitFor({ type: 'pageview' });
    await nav(tab, 'pushState', '/app/one');
    await nav(tab, 'pushState', '/app/two');
    const before = tab.events.length;
    await tab.page.goBack();
    const back = await tab.waitFor({ type: 'pageview', url: `${env.server.siteUrl}/app/one` }, { from: before });
    expect(back.referrer).toBe(`${env.server.siteUrl}/app/two`);
    const afterBack = tab.events.length;
    await tab.page.goForward();
    await tab.waitFor({ type: 'pageview', url: `${env.server.siteUrl}/app/two` }, { from: afterBack });
  });

  it('a page restored from the back/forward cache is counted again', async () => {
    tab = await openTab(env);
    await tab.goto('/basic.html');
    await tab.waitFor({ type: 'pageview' });
    const first = tab.events.length;
    // The fixture server sends no-store (not cacheable) and Playwright turns the cache off, so
    // replay what Chromium fires on a restore: pagehide, then pageshow with persisted = true.
    await tab.page.evaluate(() => {
      dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
      dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false })); // a normal show is not a view
    });
    const again = await tab.waitFor({ type: 'pageview' }, { from: first });
    expect(again.url).toBe(`${env.server.siteUrl}/basic.html`);
    await tab.expectNone({ type: 'pageview' }, tab.events.indexOf(again) + 1);
  });

  it('hash changes are not page views by default', async () => {
    tab = await openTab(env);
    await tab.goto('/basic.html');
    await tab.waitFor({ type: 'pageview' });
    const first = tab.events.length;
    await tab.page.evaluate(() => (location.hash = '#section-2'));
    await tab.page.waitForFunction(() => location.hash === '#section-2');
    await tab.expectNone({ type: 'pageview' }, first);
  });

  it('with data-hash, hash routes are page views (stored with the route in the path)', async () => {
    tab = await openTab(env);
    await tab.goto('/hash.html');
    await tab.waitFor({ type: 'pageview' });
    const first = tab.events.length;
    await tab.page.click('#to-cart');
    const cart = await tab.waitFor({ type: 'pageview', url: `${env.server.siteUrl}/hash.html#/cart` }, { from: first });
    expect(cart.referrer).toBe(`${env.server.siteUrl}/hash.html`);
    // popstate and hashchange both fire for that click: still one view.
    await tab.expectNone({ type: 'pageview' }, tab.events.indexOf(cart) + 1);
    const [row] = await rowsOf(env, 'e2e', [cart]);
    expect(row!.path).toBe('/hash.html#/cart');
  });
});
