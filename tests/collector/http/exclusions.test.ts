/**
 * A site's exclusions through the real app: events on excluded pages, or from excluded addresses
 * (CIDR ranges, IPv6, IPv4 as a dual-stack server sees it), are acknowledged, counted and not
 * stored; everything else is stored as before; bad exclusions are refused naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isExcluded } from '../../../collector/ingest/exclusions.js';
import { excludeIpSchema, parseCidr, siteSchema } from '../../../collector/schema/site.js';
import { createTestApp, pageview, type TestApp } from '../../helpers/app.js';

const site = (exclude_paths: string[], exclude_ips: string[]) =>
  siteSchema.parse({ id: 'shop', domains: ['shop.example'], timezone: 'UTC', exclude_paths, exclude_ips, created_at: '' });

describe('isExcluded', () => {
  const s = site(['/admin/**', '/preview/*', '/ünï'], ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7', '::ffff:192.0.2.1']);
  it.each([
    ['https://shop.example/admin', '1.1.1.1', false],
    ['https://shop.example/admin/orders/7', '1.1.1.1', true],
    ['https://shop.example/preview/x', '1.1.1.1', true],
    ['https://shop.example/preview/x/y', '1.1.1.1', false],
    // The path as stored: decoded, without a trailing slash.
    ['https://shop.example/%C3%BCn%C3%AF/', '1.1.1.1', true],
    ['https://shop.example/', '203.0.113.200', true],
    ['https://shop.example/', '203.0.114.1', false],
    ['https://shop.example/', '::ffff:203.0.113.5', true],
    ['https://shop.example/', '2001:db8:1::9', true],
    ['https://shop.example/', '2001:db9::1', false],
    ['https://shop.example/', '198.51.100.7', true],
    ['https://shop.example/', '198.51.100.8', false],
    ['https://shop.example/', '', false],
    // An IPv4 address written as a dual-stack server shows it excludes that IPv4 address.
    ['https://shop.example/', '192.0.2.1', true],
    ['https://shop.example/', '::ffff:192.0.2.1', true],
    ['https://shop.example/', '192.0.2.2', false],
  ])('%s from %s: %s', (url, ip, excluded) => {
    expect(isExcluded(s, new URL(url), ip)).toBe(excluded);
  });

  it('accepts addresses and CIDR ranges only', () => {
    for (const ok of ['10.0.0.1', '10.0.0.0/8', '0.0.0.0/0', '::1', '2001:DB8::/32', 'fe80::1/128', '::ffff:1.2.3.4']) expect(excludeIpSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['10.0.0.256', '10.0.0.0/33', '01.2.3.4', 'shop.example', '2001:db8::/129', '10.0.0.0/8/8', '1.2.3.4/', 'fe80::1%eth0', '']) {
      expect(excludeIpSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(parseCidr('2001:db8::/32')).toEqual({ family: 'ipv6', address: '2001:db8::', prefix: 32 });
  });
});

describe('a site with exclusions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.admin('/api/sites', {
      method: 'POST',
      body: JSON.stringify({ id: 'shop', domains: ['shop.example'], exclude_paths: ['/admin/**'], exclude_ips: ['203.0.113.0/24'] }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ exclude_paths: ['/admin/**'], exclude_ips: ['203.0.113.0/24'] });
  });
  afterAll(() => t?.close());

  it('acknowledges excluded events, counts them and stores only the others', async () => {
    const office = { 'x-forwarded-for': '203.0.113.50' };
    const home = { 'x-forwarded-for': '198.51.100.1' };
    expect(await (await t.send(pageview({ url: 'https://shop.example/admin/orders', visitor: 'owner' }), home)).json()).toEqual({ accepted: 0, ignored: 1 });
    expect(await (await t.send(pageview({ visitor: 'owner' }), office)).json()).toEqual({ accepted: 0, ignored: 1 });
    const batch = [pageview({ visitor: 'buyer' }), pageview({ visitor: 'buyer', url: 'https://shop.example/admin/login' })];
    expect(await (await t.send(batch, home)).json()).toEqual({ accepted: 1, ignored: 1 });
    expect((await t.rows('shop')).map((r) => [r.visitor_id, r.path])).toEqual([['buyer', '/']]);
    expect(await (await t.admin('/metrics')).text()).toMatch(/^waymark_excluded_events_total 3$/m);
  });

  it('changes with the site: an update that drops them stores those events again', async () => {
    const res = await t.admin('/api/sites', { method: 'POST', body: JSON.stringify({ id: 'shop', domains: ['shop.example'] }) });
    expect(res.status).toBe(200);
    expect(await (await t.send(pageview({ visitor: 'owner2' }), { 'x-forwarded-for': '203.0.113.50' })).json()).toEqual({ accepted: 1, ignored: 0 });
  });

  it('refuses exclusions that are not paths or addresses, naming the field, and keeps the site as it was', async () => {
    for (const [field, value] of [['exclude_paths', 'admin'], ['exclude_paths', '/cut\ud83d'], ['exclude_ips', '203.0.113.0/40'], ['exclude_ips', 'office']] as const) {
      const res = await t.admin('/api/sites', { method: 'POST', body: JSON.stringify({ id: 'shop', domains: ['shop.example'], [field]: [value] }) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(field);
    }
    expect(await (await t.admin('/api/sites/shop')).json()).toMatchObject({ exclude_paths: [], exclude_ips: [] });
  });
});
