/** Sign-in sessions, CSRF, and per-site read-only API keys, through createApp. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
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
    expect(await (await req('/api/session', { headers: { cookie } })).json()).toEqual({ authenticated: true });
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
    expect((await req('/api/sites', { headers: bearer })).status).toBe(403);
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
