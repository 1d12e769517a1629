/**
 * Privacy switches of the script tag in real Chromium: cookieless mode, Do-Not-Track and Global
 * Privacy Control, the opt-out flag, excluded paths, and local hosts skipped by default.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openTab, rowsOf, useE2E, type Tab } from './helpers.js';

const env = useE2E();
let tab: Tab;
afterEach(() => tab?.close());

/** Records every Storage write and cookie write the page makes, from before any script runs. */
const watchStorage = (page: Page) =>
  page.addInitScript(() => {
    const writes: string[] = ((window as unknown as { __writes: string[] }).__writes = []);
    const proto = Storage.prototype;
    for (const m of ['setItem', 'removeItem', 'clear'] as const) {
      const orig = proto[m] as (...a: unknown[]) => unknown;
      proto[m] = function (this: Storage, ...a: unknown[]) {
        writes.push(m + ':' + String(a[0]));
        return orig.apply(this, a);
      } as never;
    }
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    Object.defineProperty(Document.prototype, 'cookie', {
      get: cookie.get,
      set(v: string) {
        writes.push('cookie:' + v);
        cookie.set!.call(this, v);
      },
    });
  });

const storageState = (t: Tab) =>
  t.page.evaluate(() => ({
    writes: (window as unknown as { __writes: string[] }).__writes,
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
  }));

describe('cookieless mode (data-cookieless)', () => {
  it('writes nothing to storage and sends no visitor id; the collector derives one', async () => {
    tab = await openTab(env, { init: watchStorage });
    await tab.goto('/cookieless.html');
    const pv = await tab.waitFor({ type: 'pageview' });
    await tab.page.click('#buy');
    const buy = await tab.waitFor({ type: 'event', name: 'buy' });
    expect(pv).not.toHaveProperty('visitor');
    expect(buy).not.toHaveProperty('visitor');
    expect(await storageState(tab)).toEqual({ writes: [], local: 0, session: 0, cookie: '' });
    const rows = await rowsOf(env, 'e2e', [pv, buy]);
    expect(rows[0]!.visitor_id).not.toBe('');
    expect(rows[0]!.visitor_id).toBe(rows[1]!.visitor_id);
  });

  it('(by contrast, the default mode keeps its visitor id in localStorage)', async () => {
    tab = await openTab(env);
    await tab.goto('/basic.html');
    const pv = await tab.waitFor({ type: 'pageview' });
    expect(await tab.page.evaluate(() => localStorage.getItem('waymark_id'))).toBe(pv.visitor);
  });
});

describe('data-respect-dnt', () => {
  const dnt = (page: Page) =>
    page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }));
  const gpc = (page: Page) =>
    page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));

  it.each([
    ['Do-Not-Track', dnt],
    ['Global Privacy Control', gpc],
  ])('sends nothing when %s is on', async (_, signal) => {
    tab = await openTab(env, { init: signal });
    await tab.goto('/dnt.html');
    await tab.page.click('#buy');
    await tab.page.evaluate(() => history.pushState(null, '', '/dnt/next'));
    await tab.expectNone();
    expect(tab.errors).toEqual([]);
  });

  it('sends as usual when neither is on', async () => {
    tab = await openTab(env);
    await tab.goto('/dnt.html');
    await tab.waitFor({ type: 'pageview' });
  });

  it('ignores DNT on pages that did not ask to respect it', async () => {
    tab = await openTab(env, { init: dnt });
    await tab.goto('/basic.html');
    await tab.waitFor({ type: 'pageview' });
  });
});

describe('opt-out flag', () => {
  it("localStorage.waymark_ignore stops all sending, and reads no visitor id", async () => {
    tab = await openTab(env, { init: (p) => p.addInitScript(() => localStorage.setItem('waymark_ignore', '1')) });
    await tab.goto('/basic.html');
    await tab.page.click('#signup');
    await tab.expectNone();
    expect(await tab.page.evaluate(() => localStorage.getItem('waymark_id'))).toBeNull();
  });
});

describe('excluded paths (data-exclude)', () => {
  it('sends nothing from excluded pages, and tracks again on the next allowed page', async () => {
    tab = await openTab(env);
    await tab.goto('/exclude.html');
    await tab.waitFor({ type: 'pageview' });
    const from = tab.events.length;
    await tab.page.evaluate(() => history.pushState(null, '', '/private/settings'));
    await tab.page.click('#buy'); // an event on an excluded page is not sent either
    await tab.page.evaluate(() => history.pushState(null, '', '/admin/users/7'));
    await tab.expectNone({ url: expect.stringMatching(/\/(private|admin)\//) }, from);
    await tab.page.evaluate(() => history.pushState(null, '', '/private/a/b')); // `*` stays within one segment
    const back = await tab.waitFor({ type: 'pageview', url: `${env.server.siteUrl}/private/a/b` }, { from });
    expect(back.referrer).toBe(`${env.server.siteUrl}/admin/users/7`);
    // All that was sent: the engaged time of the page left for the excluded ones, and the view
    // of the allowed page (the excluded pages' own engaged time is not sent either).
    expect(tab.events.slice(from).map((e) => e.type)).toEqual(['engagement', 'pageview']);
    expect(tab.events[from]!.url).toBe(`${env.server.siteUrl}/exclude.html`);
  });
});

describe('local hosts', () => {
  it('are skipped unless data-allow-localhost is set', async () => {
    tab = await openTab(env);
    await tab.goto('/no-localhost.html');
    await tab.page.click('#buy');
    await tab.expectNone();
  });
});
