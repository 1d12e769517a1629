/**
 * Access to the dashboard: the login page without a session, a wrong token, the right token, the
 * `/?token=` sign-in link (token dropped from the address bar), sign out; HTML and asset headers.
 */
import { describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '../../collector/http/routes/dashboard.js';
import { spawnWaymark } from '../helpers/process.js';
import { tempDir } from '../helpers/server.js';
import { openDashboard, screenshot, settled, useDashboard } from './dashboard-helpers.js';

const d = useDashboard({ demo: false });

describe('dashboard sign-in', () => {
  it('shows the login page (HTML, 200) to a browser without a session, on every view URL', async () => {
    for (const p of ['/', '/overview', '/funnel?journey=checkout', '/journeys/checkout/map', '/sites']) {
      const res = await fetch(d.url + p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const body = await res.text();
      expect(body).toContain('action="/login"');
      expect(body).not.toMatch(/<script(?![^>]*\bsrc=)/); // no inline script
    }
    // The API itself answers 401 JSON, not the login page.
    const api = await fetch(`${d.url}/api/sites`);
    expect(api.status).toBe(401);
  });

  it('refuses a wrong token with an error, then signs in with the right one and out again', async () => {
    const tab = await openDashboard(d, { signedIn: false });
    const { page } = tab;
    await page.goto(`${d.url}/sites`);
    await page.fill('#token', 'not-the-token-at-all');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#login-error')).toContain('Wrong token');
    await screenshot(page, 'login-error');

    await page.fill('#token', d.server.adminToken);
    await page.click('button[type=submit]');
    await page.waitForURL(`${d.url}/sites`);
    await settled(page);
    expect(await page.textContent('h1')).toBe('Sites');
    const cookieName = `wm_session_${new URL(d.url).port}`; // the port: see the next test
    const cookie = (await tab.context.cookies()).find((c) => c.name === cookieName);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    await page.click('text=Sign out');
    await page.waitForSelector('#token');
    expect((await tab.context.cookies()).find((c) => c.name === cookieName)).toBeUndefined();
    // Signed out for real: the app is gone on reload too.
    await page.goto(`${d.url}/overview`);
    expect(await page.locator('#token').count()).toBe(1);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('stays signed in to two instances on one host, say production and staging on two ports (cookies ignore ports)', async () => {
    const other = await spawnWaymark(tempDir(), { WAYMARK_ADMIN_TOKEN: 'staging-admin-token-0123456789' });
    const tab = await openDashboard(d, { signedIn: false });
    try {
      for (const [url, token] of [[d.url, d.server.adminToken], [other.url, 'staging-admin-token-0123456789']] as const) {
        await tab.page.goto(`${url}/sites?token=${encodeURIComponent(token)}`);
        await settled(tab.page);
        expect(await tab.page.textContent('h1'), url).toBe('Sites');
      }
      // Signing in to the second did not sign the browser out of the first.
      await tab.page.goto(`${d.url}/sites`);
      await settled(tab.page);
      expect(await tab.page.locator('#token').count()).toBe(0);
      expect(await tab.page.textContent('h1')).toBe('Sites');
      const names = (await tab.context.cookies()).map((c) => c.name).sort();
      expect(names).toEqual([`wm_session_${new URL(d.url).port}`, `wm_session_${new URL(other.url).port}`].sort());
    } finally {
      await tab.close();
      other.proc.kill('SIGTERM');
      await other.exited;
    }
  });

  it('signs in through the /?token= link and removes the token from the URL', async () => {
    const tab = await openDashboard(d, { signedIn: false });
    await tab.page.goto(`${d.url}/sites?token=${encodeURIComponent(d.server.adminToken)}&site=x`);
    expect(tab.page.url()).toBe(`${d.url}/sites?site=x`);
    await settled(tab.page);
    expect(await tab.page.textContent('h1')).toBe('Sites');

    // A wrong link shows the login page with an explanation, not the app.
    const other = await openDashboard(d, { signedIn: false });
    await other.page.goto(`${d.url}/?token=wrong-token-value-123`);
    expect(await other.page.textContent('#login-error')).toContain('not valid');
    await Promise.all([tab.close(), other.close()]);
  });

  it('never redirects a fresh session off-site (open redirect)', async () => {
    for (const next of ['//evil.example/', '/\\evil.example', '/\t/evil.example', 'https://evil.example/']) {
      const res = await fetch(`${d.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: d.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: d.server.adminToken, next }).toString(),
      });
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location'), next).toBe('/');
    }
    const cross = await fetch(`${d.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: d.server.adminToken }).toString(),
    });
    expect(cross.status).toBe(403);
    expect(cross.headers.get('set-cookie')).toBeNull();
  });

  it('serves hashed assets as immutable and the demo shop', async () => {
    const shell = await d.fetch('/overview').then((r) => r.text());
    const js = /src="(\/assets\/app\.[\w-]+\.js)"/.exec(shell)?.[1];
    const css = /href="(\/assets\/app\.[\w-]+\.css)"/.exec(shell)?.[1];
    expect(js && css).toBeTruthy();
    for (const a of [js!, css!]) {
      const res = await fetch(d.url + a);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect((await fetch(`${d.url}/assets/nope.123.js`)).status).toBe(404);
    const shop = await fetch(`${d.url}/demo/`);
    expect(shop.status).toBe(200);
    expect(await shop.text()).toContain('data-site="demo"');
  });
});
