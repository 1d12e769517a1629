/** Every route through createApp, with auth on and off, against real storage. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_UA, createTestApp, pageview, type TestApp } from '../../helpers/app.js';
import { budgetKey } from '../../../collector/http/rate-limit.js';
import { awayFromMinuteTurn } from '../../helpers/clock.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ WAYMARK_RATE_LIMIT: '5' });
  await t.createSite('shop');
});
afterAll(() => t.close());

describe('admin authentication', () => {
  const adminRoutes: [string, string, string?][] = [
    ['GET', '/api/sites'],
    ['POST', '/api/sites', JSON.stringify({ id: 'x', domains: ['x.example'] })],
    ['GET', '/api/sites/shop'],
    ['GET', '/api/sites/shop/events'],
    ['GET', '/metrics'],
    ['POST', '/api/backups'],
  ];
  it.each(adminRoutes)('%s %s without a token → 401', async (method, path, body) => {
    const res = await t.admin(path, { method, body, auth: false });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
  it.each(adminRoutes)('%s %s with a wrong token → 401', async (method, path, body) => {
    const res = await t.admin(path, { method, body, auth: false, headers: { authorization: 'Bearer wrong-token-wrong-token' } });
    expect(res.status).toBe(401);
  });
  it('no site was created by the refused requests', async () => {
    const res = await t.admin('/api/sites');
    expect(((await res.json()) as { sites: { id: string }[] }).sites.map((s) => s.id)).toEqual(['shop']);
  });
});

describe('sites', () => {
  it('creates a site (201), lists it, and updates it (200)', async () => {
    let res = await t.admin('/api/sites', { method: 'POST', body: JSON.stringify({ id: 'blog', domains: ['Blog.Example'] }) });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: 'blog', domains: ['blog.example'], timezone: 'UTC' });
    res = await t.admin('/api/sites', { method: 'POST', body: JSON.stringify({ id: 'blog', domains: ['blog.example', 'www.blog.example'], timezone: 'Europe/Berlin' }) });
    expect(res.status).toBe(200);
    res = await t.admin('/api/sites');
    const { sites } = (await res.json()) as { sites: { id: string; timezone: string }[] };
    expect(sites.find((s) => s.id === 'blog')).toMatchObject({ timezone: 'Europe/Berlin' });
  });
  it.each([
    ['no domains', { id: 'a', domains: [] }, 'domains'],
    ['a bad domain', { id: 'a', domains: ['http://a.example'] }, 'domains.0'],
    ['a bad id', { id: 'A B', domains: ['a.example'] }, 'id'],
    ['a bad time zone', { id: 'a', domains: ['a.example'], timezone: 'Mars/Base' }, 'timezone'],
  ])('refuses %s', async (_, body, field) => {
    const res = await t.admin('/api/sites', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { details: { path: string }[] } };
    expect(json.error.details.map((d) => d.path)).toContain(field);
  });
  it('keeps a time zone by its exact IANA name, however it was spelt (ClickHouse knows only that one), and the site answers', async () => {
    const res = await t.admin('/api/sites', { method: 'POST', body: JSON.stringify({ id: 'tz-case', domains: ['tz.example'], timezone: 'europe/berlin' }) });
    expect(await res.json()).toMatchObject({ timezone: 'Europe/Berlin' });
    expect((await t.admin('/api/sites/tz-case/overview?from=2026-01-01&to=2026-01-31')).status).toBe(200);
    // A site stored before names were made canonical is read canonical.
    await t.parts.store.insert({
      table: 'sites',
      values: [{ id: 'tz-old', domains: ['old.example'], timezone: 'asia/tokyo', created_at: '2026-01-01 00:00:00.000', version: Date.now() * 1000, deleted: 0 }],
      format: 'JSONEachRow',
    });
    await t.parts.sites.refresh();
    expect(t.parts.sites.get('tz-old')).toMatchObject({ timezone: 'Asia/Tokyo' });
    expect((await t.admin('/api/sites/tz-old/overview?from=2026-01-01&to=2026-01-31')).status).toBe(200);
  });

  it('takes pages on www. of a listed domain, and nothing else', async () => {
    await t.createSite('www-test', ['www-test.example']);
    const send = (url: string) => t.send(pageview({ site: 'www-test', url }), { 'x-forwarded-for': '192.0.2.70' });
    expect((await send('https://www.www-test.example/')).status).toBe(202);
    expect((await send('https://cdn.www-test.example/')).status).toBe(403);
  });

  it('takes an internationalized domain as its owner writes it, and the pages on it (browsers report the punycode form)', async () => {
    const res = await t.admin('/api/sites', { method: 'POST', body: JSON.stringify({ id: 'idn', domains: ['Bücher.example', '*.café.example'] }) });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ domains: ['xn--bcher-kva.example', '*.xn--caf-dma.example'] });
    const send = (url: string) => t.send(pageview({ site: 'idn', url }), { 'x-forwarded-for': '192.0.2.71' });
    expect((await send('https://bücher.example/')).status).toBe(202);
    expect((await send('https://www.xn--bcher-kva.example/a')).status).toBe(202);
    expect((await send('https://shop.café.example/')).status).toBe(202);
    expect((await send('https://buecher.example/')).status).toBe(403);
  });

  it('404s an unknown site', async () => {
    expect((await t.admin('/api/sites/nope')).status).toBe(404);
    expect((await t.admin('/api/sites/nope/events')).status).toBe(404);
  });
});

describe('ingestion', () => {
  it('answers CORS preflight for any origin, without credentials', async () => {
    const res = await t.parts.app.request('/api/event', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('stores an enriched row and never the IP', async () => {
    const res = await t.send(
      pageview({ url: 'https://shop.example/p/1?utm_source=Newsletter&utm_medium=email&color=red', referrer: 'https://mail.example/', screen: 390, visitor: 'v-enrich' }),
      { 'x-forwarded-for': '8.8.8.8' },
    );
    expect(res.status).toBe(202);
    const row = (await t.rows('shop')).find((r) => r.visitor_id === 'v-enrich');
    expect(row).toMatchObject({
      path: '/p/1',
      query: 'color=red',
      hostname: 'shop.example',
      utm_source: 'newsletter',
      utm_medium: 'email',
      channel: 'Email',
      browser: 'Chrome',
      os: 'Windows',
      device: 'desktop',
      country: 'US',
      screen_class: 'mobile',
    });
    expect(JSON.stringify(row)).not.toContain('8.8.8.8');
  });

  it('cuts over-long free text at code points instead of refusing the event', async () => {
    const title = '😀'.repeat(600); // 1,200 UTF-16 units, 600 code points
    await t.send(pageview({ url: 'https://shop.example/long', title, referrer: 'https://ref.example/' + 'r'.repeat(9000) }));
    const row = (await t.rows('shop')).find((r) => r.path === '/long')!;
    expect(Array.from(row.title)).toHaveLength(512);
    expect(row.title).toBe('😀'.repeat(512));
    expect(row.referrer_domain).toBe('ref.example');
  });

  it('derives a cookieless visitor id from IP and UA, stable within the day', async () => {
    const body = pageview({ visitor: undefined, url: 'https://shop.example/cookieless' });
    await t.send(body, { 'x-forwarded-for': '198.51.100.7' });
    await t.send(body, { 'x-forwarded-for': '198.51.100.7' });
    await t.send(body, { 'x-forwarded-for': '198.51.100.8' });
    const ids = (await t.rows('shop')).filter((r) => r.path === '/cookieless').map((r) => r.visitor_id);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids[0]).not.toContain('198.51');
  });

  it('counts bots and stores nothing from them', async () => {
    const res = await t.send(pageview({ url: 'https://shop.example/bot' }), {
      'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 0, ignored: 1 });
    expect((await t.rows('shop')).some((r) => r.path === '/bot')).toBe(false);
    expect(await (await t.admin('/metrics')).text()).toMatch(/waymark_bot_events_total 1/);
  });

  it('stores a re-sent client event id once', async () => {
    const id = '6c1e2f0a-1b2c-4d3e-8f90-a1b2c3d4e5f6';
    await t.send(pageview({ id, url: 'https://shop.example/dup' }));
    const again = await t.send(pageview({ id, url: 'https://shop.example/dup' }));
    expect(await again.json()).toEqual({ accepted: 0, ignored: 1 });
    expect((await t.rows('shop')).filter((r) => r.path === '/dup')).toHaveLength(1);
  });

  it('keeps the order of a batch by the client clock, in server time, without ties', async () => {
    const batch = [
      pageview({ url: 'https://shop.example/b1', ts: 1000 }),
      pageview({ url: 'https://shop.example/b2', ts: 2000 }),
      pageview({ url: 'https://shop.example/b3', ts: 2000 }),
    ];
    const before = Date.now();
    await t.send(batch);
    const rows = (await t.rows('shop')).filter((r) => r.path.startsWith('/b'));
    expect(rows.map((r) => r.path)).toEqual(['/b1', '/b2', '/b3']);
    const t1 = Date.parse(rows[0]!.ts + 'Z');
    const t2 = Date.parse(rows[1]!.ts + 'Z');
    expect(t2 - t1).toBe(1000);
    expect(Date.parse(rows[2]!.ts + 'Z') - t2).toBe(1);
    expect(t2).toBeGreaterThanOrEqual(before - 5);
  });

  it('answers 429 with Retry-After when one address sends too much', async () => {
    await awayFromMinuteTurn();
    const ip = { 'x-forwarded-for': '192.0.2.50' };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.send(pageview(), ip)).status);
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    const res = await t.send(pageview(), ip);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.send(pageview(), { 'x-forwarded-for': '192.0.2.51' })).status).toBe(202);
  });

  it('counts an IPv6 client by its /64 (it can rotate through all of it), an IPv4 one however it is written', async () => {
    await awayFromMinuteTurn();
    const from = (ip: string) => t.send(pageview(), { 'x-forwarded-for': ip });
    const inOne64 = ['2001:db8:aa:1::1', '2001:db8:aa:1::2', '2001:db8:aa:1:ffff:ffff:ffff:ffff', '2001:0db8:00aa:0001::9', '2001:db8:aa:1:1:2:3:4'];
    for (const ip of inOne64) expect((await from(ip)).status).toBe(202);
    expect((await from('2001:db8:aa:1:abcd::42')).status).toBe(429);
    expect((await from('2001:db8:aa:2::1')).status).toBe(202); // the next /64: someone else
    for (const ip of ['192.0.2.60', '::ffff:192.0.2.60', '::FFFF:192.0.2.60', '192.0.2.60', '::ffff:192.0.2.60']) expect((await from(ip)).status).toBe(202);
    expect((await from('192.0.2.60')).status).toBe(429);
  });

  it('keeps budgets apart for what is not an address (no parsing error, no shared budget)', () => {
    expect(budgetKey('2001:db8:aa:1:ffff::1')).toBe('2001:db8:aa:1::/64');
    expect(budgetKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(budgetKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(budgetKey('10.0.0.1')).toBe('10.0.0.1');
    expect(budgetKey('not:an:address')).toBe('not:an:address');
    expect(budgetKey('')).toBe('');
  });
});

describe('export, health and metrics', () => {
  it('exports rows as NDJSON and CSV, within a time range', async () => {
    await t.send(pageview({ url: 'https://shop.example/export' }));
    const rows = await t.rows('shop');
    expect(rows.length).toBeGreaterThan(0);
    const csv = await (await t.admin('/api/sites/shop/events?format=csv')).text();
    expect(csv.split('\n')[0]).toContain('"site_id","ts","event_id"');
    expect(csv.trim().split('\n')).toHaveLength(rows.length + 1);
    const future = await t.admin('/api/sites/shop/events?from=2999-01-01');
    expect((await future.text()).trim()).toBe('');
    const bad = await t.admin('/api/sites/shop/events?from=yesterday');
    expect(bad.status).toBe(400);
  });

  it('reports health and backlog', async () => {
    const res = await t.parts.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', store: 'reachable', wal: { backlog_rows: expect.any(Number) } });
  });

  it('exposes Prometheus metrics: accepted, rejected by reason, log bytes, insert latency', async () => {
    await t.send('{bad', { 'x-forwarded-for': '192.0.2.99' });
    const text = await (await t.admin('/metrics')).text();
    expect(text).toMatch(/waymark_events_accepted_total \d+/);
    expect(text).toMatch(/waymark_events_rejected_total\{reason="malformed_json"\} \d+/);
    expect(text).toMatch(/waymark_wal_backlog_bytes \d+/);
    expect(text).toMatch(/waymark_insert_duration_seconds_count \d+/);
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await t.parts.app.request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    const api = await t.parts.app.request('/api/nope', { headers: { accept: 'text/html' } });
    expect(await api.json()).toMatchObject({ error: { code: 'not_found' } }); // under /api/ always JSON
  });

  it('shows a browser that navigates to no page a 404 page leading to the dashboard', async () => {
    const res = await t.parts.app.request('/journeys/checkout?x=<b>', { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await res.text();
    expect(page).toContain('No page here');
    expect(page).toContain('<a href="/">Open the dashboard</a>');
    expect(page).not.toContain('<b>');
  });
});

describe('import (admin)', () => {
  const past = Date.UTC(2026, 0, 15, 10, 0, 0);
  const event = (over: Record<string, unknown> = {}) =>
    pageview({ url: 'https://shop.example/imported', ts: past, visitor: 'imp-1', ...over });

  it('needs the admin token', async () => {
    const res = await t.admin('/api/import', { method: 'POST', body: JSON.stringify([event()]), auth: false });
    expect(res.status).toBe(401);
  });

  it("stores events at their own time, enriched from the named client's IP and UA", async () => {
    const res = await t.admin('/api/import', {
      method: 'POST',
      body: JSON.stringify([
        event({ ip: '8.8.8.8', ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1' }),
        event({ ts: past + 1000, type: 'event', name: 'add_to_cart', ua: 'Googlebot/2.1 (+http://www.google.com/bot.html)' }),
      ]),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, ignored: 1, duplicates: 0 });
    const rows = (await t.rows('shop')).filter((r) => r.visitor_id === 'imp-1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ts: '2026-01-15 10:00:00.000', country: 'US', device: 'mobile', os: 'iOS' });
    expect(JSON.stringify(rows[0])).not.toContain('8.8.8.8');
  });

  it('takes events that name no client from a script (its own UA is curl\'s): not bots, and not enriched from the sender', async () => {
    const res = await t.admin('/api/import', {
      method: 'POST',
      body: JSON.stringify([event({ visitor: 'imp-script' }), event({ visitor: 'imp-script', ts: past + 1000, ua: 'Googlebot/2.1 (+http://www.google.com/bot.html)' })]),
      headers: { 'user-agent': 'curl/8.5.0', 'x-forwarded-for': '8.8.8.8' },
    });
    expect(await res.json()).toEqual({ accepted: 1, ignored: 1, duplicates: 0 });
    const rows = (await t.rows('shop')).filter((r) => r.visitor_id === 'imp-script');
    expect(rows).toHaveLength(1);
    // The importing machine's address and program say nothing about the visitor.
    expect(rows[0]).toMatchObject({ country: '', browser: '', os: '' });
  });

  it('stores a history of many years in one request (one insert of more months than ClickHouse allows by default)', async () => {
    // 150 months: over the default max_partitions_per_insert_block (100), which no retry gets past.
    const months = Array.from({ length: 150 }, (_, i) => event({ ts: Date.UTC(2012, i, 15), visitor: 'history', ua: CHROME_UA }));
    const res = await t.admin('/api/import', { method: 'POST', body: JSON.stringify(months) });
    expect(await res.json()).toEqual({ accepted: 150, ignored: 0, duplicates: 0 });
    const rows = (await t.rows('shop')).filter((r) => r.visitor_id === 'history');
    expect(rows).toHaveLength(150);
    expect(t.parts.writer.lastError).toBeNull();
  });

  it('stores nothing twice when an import is sent again, with or without event ids, and says how many it skipped', async () => {
    const batch = [
      event({ visitor: 'rerun' }),
      event({ visitor: 'rerun', ts: past + 1000, type: 'event', name: 'add_to_cart', props: { sku: 'A1', size: 'M' } }),
      event({ visitor: 'rerun', ts: past + 2000, id: '0b7e6a52-6a4f-4b8e-9a39-6f1d2c3b4a59' }),
    ];
    const post = async (events: unknown[]) => (await t.admin('/api/import', { method: 'POST', body: JSON.stringify(events) })).json();
    expect(await post(batch)).toEqual({ accepted: 3, ignored: 0, duplicates: 0 });
    // A script that failed half-way and is run again from the start: the same file, the same events.
    expect(await post(batch)).toEqual({ accepted: 0, ignored: 3, duplicates: 3 });
    // Its props in another key order are still the same event; a new event beside them is taken.
    const reordered = { ...batch[1], props: { size: 'M', sku: 'A1' } };
    const next = event({ visitor: 'rerun', ts: past + 3000, url: 'https://shop.example/cart' });
    expect(await post([reordered, next])).toEqual({ accepted: 1, ignored: 1, duplicates: 1 });
    const rows = (await t.rows('shop')).filter((r) => r.visitor_id === 'rerun');
    expect(rows.map((r) => r.ts).sort()).toEqual(['2026-01-15 10:00:00.000', '2026-01-15 10:00:01.000', '2026-01-15 10:00:02.000', '2026-01-15 10:00:03.000']);
    expect(rows.find((r) => r.ts === '2026-01-15 10:00:02.000')?.event_id).toBe('0b7e6a52-6a4f-4b8e-9a39-6f1d2c3b4a59');
  });

  it('stores an event once when one import names it twice; the same event of another visitor, or at another time, is another event', async () => {
    const same = event({ visitor: 'twice', ts: past + 5000 });
    const res = await t.admin('/api/import', {
      method: 'POST',
      body: JSON.stringify([same, same, { ...same, visitor: 'twice-b' }, { ...same, ts: past + 5001 }]),
    });
    expect(await res.json()).toEqual({ accepted: 3, ignored: 1, duplicates: 1 });
    const rows = (await t.rows('shop')).filter((r) => r.visitor_id === 'twice' || r.visitor_id === 'twice-b');
    expect(rows).toHaveLength(3);
  });

  it('stores an event once when two imports of it are sent side by side (a script with parallel uploads)', async () => {
    const batch = Array.from({ length: 50 }, (_, i) => event({ visitor: 'side-by-side', ts: past + 10_000 + i }));
    const post = async () => (await t.admin('/api/import', { method: 'POST', body: JSON.stringify(batch) })).json() as Promise<{ accepted: number; duplicates: number }>;
    const results = await Promise.all([post(), post(), post()]);
    expect(results.map((r) => r.accepted).sort()).toEqual([0, 0, 50]);
    expect(results.map((r) => r.duplicates).sort()).toEqual([0, 50, 50]);
    expect((await t.rows('shop')).filter((r) => r.visitor_id === 'side-by-side')).toHaveLength(50);
  });

  it.each([
    ['without ts', { ts: undefined }, 'ts'],
    ['without visitor', { visitor: undefined }, 'visitor'],
    ['with a bad ip', { ip: 'localhost' }, 'ip'],
  ])('refuses an event %s', async (_, over, field) => {
    const res = await t.admin('/api/import', { method: 'POST', body: JSON.stringify([event(over)]) });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { details: { path: string }[] } };
    expect(json.error.details.map((d) => d.path)).toContain(`0.${field}`);
  });
});
