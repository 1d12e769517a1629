/** Sign-in sessions, CSRF, guessing, and per-site read-only API keys, through createApp. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import { WRONG_PER_MINUTE } from '../../../collector/http/auth.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { awayFromMinuteTurn } from '../../helpers/clock.js';
import { ADMIN_TOKEN } from '../../helpers/server.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.createSite('shop');
  await t.createSite('blog', ['blog.example']);
});
afterAll(() => t.close());

const ORIGIN = 'http://localhost';
const req = (path: string, init: RequestInit = {}) => Promise.resolve(t.parts.app.request(ORIGIN + path, init));

async function login(token = ADMIN_TOKEN): Promise<Response> {
  return req('/api/login', { method: 'POST', body: JSON.stringify({ token }), headers: { 'content-type': 'application/json', origin: ORIGIN } });
}
const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

describe('dashboard session', () => {
  it('refuses a wrong token and sets no cookie', async () => {
    const res = await login('not-the-token');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'wrong_token' } });
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('signs in with the admin token: an HttpOnly, SameSite=Strict cookie that reads data', async () => {
    const res = await login();
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = cookieOf(res);
    expect(await (await req('/api/session', { headers: { cookie } })).json()).toEqual({ authenticated: true, role: 'admin', address: expect.any(String) });
    expect(await (await req('/api/session')).json()).toEqual({ authenticated: false });
    expect((await req('/api/sites', { headers: { cookie } })).status).toBe(200);
  });

  it('rejects a forged or expired cookie', async () => {
    for (const cookie of ['wm_session=99999999999999.forged', `wm_session=1000.${cookieOf(await login()).split('.')[1]}`]) {
      expect((await req('/api/sites', { headers: { cookie } })).status).toBe(401);
    }
  });

  it('refuses cookie-signed mutations from another origin (CSRF), allows them from our own', async () => {
    const cookie = cookieOf(await login());
    const body = JSON.stringify({ id: 'csrf', domains: ['csrf.example'] });
    const headers = { cookie, 'content-type': 'application/json' };
    const evil = await req('/api/sites', { method: 'POST', body, headers: { ...headers, origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ error: { code: 'csrf' } });
    const none = await req('/api/sites', { method: 'POST', body, headers });
    expect(none.status).toBe(403);
    const ok = await req('/api/sites', { method: 'POST', body, headers: { ...headers, origin: ORIGIN } });
    expect(ok.status).toBe(201);
  });

  describe('behind a reverse proxy that ends TLS (the app sees http://127.0.0.1:8787, the browser is on https://analytics.example)', () => {
    const BEHIND = 'http://127.0.0.1:8787';
    const PUBLIC = 'https://analytics.example';
    const at = (path: string, init: RequestInit = {}) => Promise.resolve(t.parts.app.request(BEHIND + path, init));
    const json = { 'content-type': 'application/json' };
    const form = (token: string) => ({ method: 'POST', body: new URLSearchParams({ token, next: '/overview' }) });

    it('takes the dashboard\'s own requests, which modern browsers mark Sec-Fetch-Site: same-origin', async () => {
      const signIn = await at('/login', { ...form(ADMIN_TOKEN), headers: { origin: PUBLIC, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' } });
      expect(signIn.status).toBe(303);
      const cookie = cookieOf(signIn);
      const body = JSON.stringify({ id: 'proxied', domains: ['proxied.example'] });
      const own = await at('/api/sites', { method: 'POST', body, headers: { ...json, cookie, origin: PUBLIC, 'sec-fetch-site': 'same-origin' } });
      expect(own.status).toBe(201);
      for (const site of ['cross-site', 'same-site', 'none']) {
        const res = await at('/api/sites', { method: 'POST', body, headers: { ...json, cookie, origin: PUBLIC, 'sec-fetch-site': site } });
        expect(res.status, site).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: 'csrf' } });
      }
      const evilSignIn = await at('/login', { ...form(ADMIN_TOKEN), headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' } });
      expect(evilSignIn.status).toBe(403);
      expect(evilSignIn.headers.get('set-cookie')).toBeNull();
    });

    it('takes an older browser\'s (Origin only) by the origin the trusted proxy forwards, and marks the cookie Secure', async () => {
      const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'analytics.example' };
      const signIn = await at('/api/login', { method: 'POST', body: JSON.stringify({ token: ADMIN_TOKEN }), headers: { ...json, ...forwarded, origin: PUBLIC } });
      expect(signIn.headers.get('set-cookie')).toMatch(/; Secure/);
      const cookie = cookieOf(signIn);
      const body = JSON.stringify({ id: 'proxied-old', domains: ['proxied.example'] });
      expect((await at('/api/sites', { method: 'POST', body, headers: { ...json, ...forwarded, cookie, origin: PUBLIC } })).status).toBe(201);
      expect((await at('/api/sites', { method: 'POST', body, headers: { ...json, ...forwarded, cookie, origin: 'https://evil.example' } })).status).toBe(403);
      // Without the forward the app sees its own origin, port 8787 included, and so reads the cookie by that port's name.
      const sameCookieAsSeen = `${cookie}; ${cookie.replace(/^wm_session=/, 'wm_session_8787=')}`;
      expect((await at('/api/sites', { method: 'POST', body, headers: { ...json, cookie: sameCookieAsSeen, origin: PUBLIC } })).status).toBe(403);
    });
  });

  it('logs out by clearing the cookie', async () => {
    const res = await req('/api/logout', { method: 'POST', headers: { origin: ORIGIN } });
    expect(res.headers.get('set-cookie')).toMatch(/wm_session=;.*Max-Age=0/);
  });
});

describe('read-only API keys', () => {
  it('are created by the admin (shown once), listed without the secret, and read only their site', async () => {
    const created = await t.admin('/api/sites/shop/keys', { method: 'POST', body: JSON.stringify({ name: 'reporting' }) });
    expect(created.status).toBe(201);
    const { id, key } = (await created.json()) as { id: string; key: string };
    expect(key).toMatch(/^wmk_/);
    const list = (await (await t.admin('/api/sites/shop/keys')).json()) as { keys: Record<string, unknown>[] };
    expect(list.keys).toEqual([expect.objectContaining({ id, name: 'reporting' })]);
    expect(JSON.stringify(list)).not.toContain(key);

    const bearer = { authorization: `Bearer ${key}` };
    expect((await req('/api/sites/shop/events', { headers: bearer })).status).toBe(200);
    expect((await req('/api/sites/blog/events', { headers: bearer })).status).toBe(403);
    // The list of sites answers with the key's own site alone.
    expect(await (await req('/api/sites', { headers: bearer })).json()).toEqual({ sites: [expect.objectContaining({ id: 'shop' })] });
    expect((await req('/api/sites', { method: 'POST', body: JSON.stringify({ id: 'mine', domains: ['mine.example'] }), headers: bearer })).status).toBe(403);
    expect((await req('/api/sites/shop/keys', { headers: bearer })).status).toBe(403);
    expect((await req('/api/import', { method: 'POST', body: '[]', headers: bearer })).status).toBe(403);

    expect((await t.admin(`/api/sites/shop/keys/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await req('/api/sites/shop/events', { headers: bearer })).status).toBe(401);
    expect((await t.admin(`/api/sites/shop/keys/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a name that is not Unicode text (a lone surrogate) with 400, and creates no key', async () => {
    const before = await (await t.admin('/api/sites/shop/keys')).text();
    const res = await t.admin('/api/sites/shop/keys', { method: 'POST', body: JSON.stringify({ name: 'report \ud83d' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_key', details: [{ path: 'name' }] } });
    expect(await (await t.admin('/api/sites/shop/keys')).text()).toBe(before);
  });
});

describe('the dashboard signed in with a site\'s API key: that site alone, read-only', () => {
  it('reads its site and nothing else, changes nothing, and is signed out when the key is revoked', async () => {
    const { id, key } = (await (await t.admin('/api/sites/shop/keys', { method: 'POST', body: JSON.stringify({ name: 'agency' }) })).json()) as { id: string; key: string };
    const res = await login(key);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ authenticated: true, role: 'reader', site: 'shop' });
    const cookie = cookieOf(res);
    // The cookie names the key by its id, never the key itself.
    expect(cookie).toContain(`.${id}.`);
    expect(cookie).not.toContain(key);
    const headers = { cookie, origin: ORIGIN, 'content-type': 'application/json' };
    expect(await (await req('/api/session', { headers })).json()).toEqual({ authenticated: true, role: 'reader', site: 'shop' });
    expect(await (await req('/api/sites', { headers })).json()).toEqual({ sites: [expect.objectContaining({ id: 'shop' })] });
    expect((await req('/api/sites/shop', { headers })).status).toBe(200);
    expect((await req('/api/sites/shop/overview?from=2026-01-05&to=2026-01-05', { headers })).status).toBe(200);
    expect((await req('/api/sites/shop/journeys', { headers })).status).toBe(200);
    // Another site, and everything that writes or is the admin's, even from our own pages.
    expect((await req('/api/sites/blog/overview?from=2026-01-05&to=2026-01-05', { headers })).status).toBe(403);
    const journey = JSON.stringify({ name: 'x', stages: [{ name: 'a', matchers: [{ path: '/' }] }] });
    expect((await req('/api/sites/shop/journeys/x', { method: 'PUT', body: journey, headers })).status).toBe(403);
    expect((await req('/api/sites/shop/annotations', { headers })).status).toBe(200);
    expect((await req('/api/sites/shop/annotations', { method: 'POST', body: JSON.stringify({ date: '2026-01-05', text: 'x' }), headers })).status).toBe(403);
    expect((await req('/api/sites', { method: 'POST', body: JSON.stringify({ id: 'mine', domains: ['mine.example'] }), headers })).status).toBe(403);
    expect((await req('/api/sites/shop/visitors/v1', { method: 'DELETE', headers })).status).toBe(403);
    expect((await req('/api/sites/shop', { method: 'DELETE', headers })).status).toBe(403);
    expect((await req('/api/sites/shop/keys', { headers })).status).toBe(403);
    expect((await req('/metrics', { headers })).status).toBe(403);
    expect((await req('/api/sites/shop/journeys', { headers })).status).toBe(200);
    // The dashboard's pages open for it.
    expect(await (await req('/overview?site=shop', { headers: { cookie } })).text()).not.toContain('name="token"');

    // A cookie naming the key is worth nothing without our signature: another key id, or no id, is refused.
    const [name, value] = cookie.split('=') as [string, string];
    const [expires, , mac] = value.split('.');
    for (const forged of [`${name}=${expires}.00000000-0000-0000-0000-000000000000.${mac}`, `${name}=${expires}.${mac}`]) {
      expect((await req('/api/sites/shop/events', { headers: { cookie: forged } })).status).toBe(401);
    }

    expect((await t.admin(`/api/sites/shop/keys/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await req('/api/sites/shop/overview?from=2026-01-05&to=2026-01-05', { headers })).status).toBe(401);
    expect(await (await req('/api/session', { headers })).json()).toEqual({ authenticated: false });
    expect(await (await req('/overview?site=shop', { headers: { cookie } })).text()).toContain('name="token"');
    expect((await login(key)).status).toBe(401);
  });

  it('signs in through a link with the key, like the admin\'s', async () => {
    const { key } = (await (await t.admin('/api/sites/blog/keys', { method: 'POST', body: JSON.stringify({ name: 'writer' }) })).json()) as { key: string };
    const link = await req(`/funnel?site=blog&token=${encodeURIComponent(key)}`);
    expect(link.status).toBe(302);
    expect(link.headers.get('location')).toBe('/funnel?site=blog');
    const cookie = cookieOf(link);
    expect(await (await req('/api/session', { headers: { cookie } })).json()).toEqual({ authenticated: true, role: 'reader', site: 'blog' });
  });
});

describe('guessing the admin token', () => {
  const from = (ip: string, init: RequestInit = {}) => ({ ...init, headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': ip } });
  const loginFrom = (ip: string, token: string) =>
    req('/api/login', from(ip, { method: 'POST', body: JSON.stringify({ token }), headers: { 'content-type': 'application/json', origin: ORIGIN } }));

  it(`refuses every token from a client past ${WRONG_PER_MINUTE} wrong credentials in a minute, the right one too; others, and signed-in sessions, are not affected`, async () => {
    await awayFromMinuteTurn();
    const guesser = '198.51.100.7';
    const signedIn = cookieOf(await loginFrom(guesser, ADMIN_TOKEN)); // someone at that address signed in before
    for (let i = 0; i < WRONG_PER_MINUTE - 1; i++) expect((await loginFrom(guesser, `guess-${i}-0123456789abcdef`)).status).toBe(401);
    // A forged cookie is refused, but it is no guess (an HMAC cannot be guessed); a wrong bearer token is.
    expect((await req('/api/sites/shop/events', from(guesser, { headers: { cookie: 'wm_session=99999999999999.forged' } }))).status).toBe(401);
    expect((await loginFrom(guesser, ADMIN_TOKEN)).status).toBe(200);
    expect((await req('/api/sites', from(guesser, { headers: { authorization: 'Bearer guess-bearer-0123456789' } }))).status).toBe(401);
    const refused = await loginFrom(guesser, ADMIN_TOKEN);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { code: 'too_many_attempts' } });
    expect((await req('/api/sites', from(guesser, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }))).status).toBe(429);
    // A session we signed cannot be guessed: the one signed in at that address stays signed in.
    expect((await req('/api/sites', from(guesser, { headers: { cookie: signedIn } }))).status).toBe(200);
    // Another address, and the ingestion endpoint (no credentials), are not affected.
    expect((await loginFrom('198.51.100.8', ADMIN_TOKEN)).status).toBe(200);
    expect((await t.send({ site: 'shop', type: 'pageview', url: 'https://shop.example/' }, { 'x-forwarded-for': guesser })).status).toBe(202);
  });

  it('tells a browser on the login page (not in JSON) once its client is refused, and keeps it signed out', async () => {
    await awayFromMinuteTurn();
    const ip = '198.51.100.10';
    const post = (token: string) =>
      req('/login', from(ip, { method: 'POST', body: new URLSearchParams({ token, next: '/overview' }), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN } }));
    for (let i = 0; i < WRONG_PER_MINUTE; i++) expect(await (await post(`guess-${i}-0123456789abcdef`)).text()).toContain('Wrong token');
    const page = await post(ADMIN_TOKEN);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await page.text()).toMatch(/Sign-in refused: too many wrong credentials from this address: try again in \d+ s/);
    const link = await req(`/overview?token=${ADMIN_TOKEN}`, from(ip));
    expect(link.headers.get('set-cookie')).toBeNull();
    expect(await link.text()).toContain('Sign-in refused');
  });

  it('does not count a session cookie signed under another admin token (one changed since, or another instance that had this port)', async () => {
    await awayFromMinuteTurn();
    const ip = '198.51.100.11';
    const otherSecret = createHash('sha256').update('waymark-session\0another-admin-token-0123456789').digest();
    const expires = String(Date.now() + 86_400_000);
    const sibling = `wm_session=${expires}.${createHmac('sha256', otherSecret).update(expires).digest('base64url')}`;
    for (let i = 0; i < WRONG_PER_MINUTE + 5; i++) {
      expect((await req('/api/sites', from(ip, { headers: { cookie: sibling } }))).status).toBe(401);
    }
    expect((await loginFrom(ip, ADMIN_TOKEN)).status).toBe(200);
    expect((await req('/api/sites', from(ip, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }))).status).toBe(200);
  });

  it('names its cookie after the port the browser used, so two instances on one host (staging :8788, production :8787) keep both sessions', async () => {
    const loginAt = (origin: string, headers: Record<string, string> = {}) =>
      Promise.resolve(
        t.parts.app.request(origin + '/api/login', {
          method: 'POST',
          body: JSON.stringify({ token: ADMIN_TOKEN }),
          headers: { 'content-type': 'application/json', origin, ...headers },
        }),
      );
    const prod = cookieOf(await loginAt('http://127.0.0.1:8787'));
    const staging = cookieOf(await loginAt('http://127.0.0.1:8788'));
    expect(prod).toMatch(/^wm_session_8787=/);
    expect(staging).toMatch(/^wm_session_8788=/);
    // A browser sends both cookies to both ports (cookies ignore ports); each instance reads its own.
    const session = (origin: string, cookie: string) => t.parts.app.request(origin + '/api/session', { headers: { cookie } });
    expect(await (await session('http://127.0.0.1:8787', `${staging}; ${prod}`)).json()).toEqual({ authenticated: true, role: 'admin', address: expect.any(String) });
    expect(await (await session('http://127.0.0.1:8787', staging)).json()).toEqual({ authenticated: false });
    // Default ports keep the plain name; behind a proxy, the port is the one it forwards.
    expect(cookieOf(await login())).toMatch(/^wm_session=/);
    const proxied = (host: string) => loginAt('http://127.0.0.1:8787', { origin: `https://${host}`, 'x-forwarded-proto': 'https', 'x-forwarded-host': host });
    expect(cookieOf(await proxied('analytics.example'))).toMatch(/^wm_session=/);
    expect(cookieOf(await proxied('analytics.example:8443'))).toMatch(/^wm_session_8443=/);
    // A forwarded host that is no host: the plain name, not a 500.
    const odd = await loginAt('http://127.0.0.1:8787', { origin: 'https://a b', 'sec-fetch-site': 'same-origin', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'a b' });
    expect(odd.status).toBe(200);
    expect(cookieOf(odd)).toMatch(/^wm_session=/);
  });

  it('does not count requests without credentials, or a session we signed that has expired', async () => {
    const ip = '198.51.100.9';
    const secret = createHash('sha256').update(`waymark-session\0${ADMIN_TOKEN}`).digest();
    const expired = `wm_session=1000.${createHmac('sha256', secret).update('1000').digest('base64url')}`;
    for (let i = 0; i < WRONG_PER_MINUTE + 5; i++) {
      expect((await req('/api/sites', from(ip))).status).toBe(401);
      expect((await req('/api/session', from(ip, { headers: { cookie: expired } }))).status).toBe(200);
    }
    expect((await loginFrom(ip, ADMIN_TOKEN)).status).toBe(200);
  });
});
