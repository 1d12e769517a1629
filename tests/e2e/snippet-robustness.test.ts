/**
 * The snippet as a guest on other people's pages, in real Chromium: it defines no global but
 * `waymark`, survives a host page full of its own errors without adding any, works under a
 * strict Content-Security-Policy, is served at the alias path, and ships as an ESM build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/server.js';
import { openTab, rowsOf, useE2E, type Tab } from './helpers.js';

const env = useE2E({ WAYMARK_SCRIPT_ALIAS: '/js/wm.js' });
let tab: Tab;
afterEach(() => tab?.close());

describe('a good guest', () => {
  it('defines no global but `waymark`', async () => {
    tab = await openTab(env, {
      init: (p) => p.addInitScript(() => ((window as unknown as { __before: string[] }).__before = Object.getOwnPropertyNames(window))),
    });
    await tab.goto('/cookieless.html'); // a page without inline scripts of its own
    await tab.waitFor({ type: 'pageview' });
    const added = await tab.page.evaluate(() => {
      const before = new Set((window as unknown as { __before: string[] }).__before);
      return Object.getOwnPropertyNames(window).filter((k) => !before.has(k) && k !== '__before');
    });
    expect(added).toEqual(['waymark']);
    expect(tab.errors).toEqual([]);
  });

  it("keeps working on a page that throws its own errors, and adds none of its own", async () => {
    tab = await openTab(env);
    await tab.goto('/throws.html');
    await tab.waitFor({ type: 'pageview' });
    await tab.page.click('#bad');
    await tab.waitFor({ type: 'event', name: 'bad_button' });
    // The host's own pushState throws: that error is the host's and still reaches the host.
    await expect(tab.page.evaluate(() => history.pushState(null, '', '/app/boom'))).rejects.toThrow(/host error: pushState/);
    await tab.page.evaluate(() => history.pushState(null, '', '/app/fine'));
    await tab.waitFor({ type: 'pageview', url: `${env.server.siteUrl}/app/fine` });
    await tab.settle();
    const messages = tab.errors.map((e) => e.message);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const m of messages) expect(m).toMatch(/host error|undefinedFunction/);
  });

  it('works under a strict CSP (script-src/connect-src self) with no violation', async () => {
    tab = await openTab(env);
    const violations: string[] = [];
    tab.page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    await tab.goto('/csp.html');
    const pv = await tab.waitFor({ type: 'pageview' });
    const queued = await tab.waitFor({ type: 'event', name: 'csp_queued' });
    await tab.page.click('#buy');
    const buy = await tab.waitFor({ type: 'event', name: 'csp_buy', props: { plan: 'basic' } });
    await rowsOf(env, 'e2e', [pv, queued, buy]);
    expect(violations).toEqual([]);
    expect(tab.errors).toEqual([]);
  });
});

describe('serving', () => {
  it('the alias path serves the same script, which tracks as usual', async () => {
    tab = await openTab(env);
    const [res] = await Promise.all([tab.page.waitForResponse((r) => r.url().endsWith('/js/wm.js')), tab.goto('/alias.html')]);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers()['etag']).toMatch(/^"[0-9a-f]{16}"$/);
    await tab.waitFor({ type: 'pageview', url: `${env.server.siteUrl}/alias.html` });
  });

  it('the collector serves the built file with a short cache + ETag, and a long immutable one when versioned', async () => {
    const built = fs.readFileSync(path.join(ROOT, 'snippet/dist/waymark.js'));
    const res = await fetch(env.server.url + '/js/waymark.js');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(built);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = res.headers.get('etag')!;
    expect((await fetch(env.server.url + '/js/waymark.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const versioned = await fetch(`${env.server.url}/js/waymark.${etag.slice(1, -1)}.js`);
    expect(versioned.status).toBe(200);
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});

describe('ESM build (waymark/snippet)', () => {
  it('init/track/identify work from a module; calls before init are dropped without throwing', async () => {
    const esm = fs.readFileSync(path.join(ROOT, 'snippet/dist/waymark.esm.js'));
    tab = await openTab(env, {
      init: (p) =>
        p.route('**/esm/waymark.esm.js', (route) => route.fulfill({ body: esm, contentType: 'application/javascript' })),
    });
    await tab.goto('/esm.html');
    const pv = await tab.waitFor({ type: 'pageview', url: `${env.server.siteUrl}/esm.html` });
    expect(pv.load_ms).toBeGreaterThan(0);
    const e = await tab.waitFor({ type: 'event', name: 'esm_event' });
    expect(e).toMatchObject({ props: { source: 'bundle', n: '3' }, revenue: 5, visitor: pv.visitor });
    await tab.waitFor({ type: 'identify', user: 'esm-user' });
    await tab.page.click('#signup');
    await tab.waitFor({ type: 'event', name: 'esm_signup' });
    await tab.page.click('#go');
    await tab.waitFor({ type: 'pageview', url: `${env.server.siteUrl}/esm/next` });
    expect(tab.events.filter((x) => x.name === 'before_init')).toEqual([]);
    expect(await tab.page.evaluate(() => 'waymark' in window)).toBe(false);
    expect(tab.errors).toEqual([]);
  });
});
