/**
 * The event contract, as a table: what a sender posts → the status it gets and, for a refusal,
 * the error code and the field named. Every refused request stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../collector/schema/event.js';
import { createTestApp, pageview, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.createSite('shop', ['shop.example', '*.shop.example']);
});
afterAll(() => t.close());

const uuid = '2f1c4f1e-9a53-4c52-8d6e-2a7f3f7e9b10';
const many = (n: number) => Array.from({ length: n }, () => pageview());

const accepted: [string, unknown][] = [
  ['a minimal page view', pageview()],
  ['every optional field', pageview({ referrer: 'https://news.example/a', title: 'Home', screen: 1280, lang: 'de-DE', id: uuid, ts: 1_700_000_000_000, engaged_ms: 1200, load_ms: 340, props: { plan: 'pro' }, revenue: 19.9 })],
  ['a custom event', pageview({ type: 'event', name: 'add_to_cart', props: { sku: 'A1' } })],
  ['an engagement ping', pageview({ type: 'engagement', engaged_ms: 5000 })],
  ['an identify', pageview({ type: 'identify', user: 'user-42' })],
  ['no visitor id (cookieless)', pageview({ visitor: undefined })],
  ['a subdomain matched by a wildcard', pageview({ url: 'https://eu.shop.example/x' })],
  ['a batch', [pageview(), pageview({ type: 'event', name: 'x' })]],
  ['the largest batch', many(LIMITS.maxBatch)],
  ['an over-long title and prop value (cut, not refused)', pageview({ title: 'x'.repeat(LIMITS.maxTitle + 100), props: { q: 'y'.repeat(LIMITS.maxPropValue + 1) } })],
  ['unicode in path and props', pageview({ url: 'https://shop.example/caf%C3%A9/über', props: { 'ключ': '値' } })],
  ['text cut inside a surrogate pair', pageview({ title: 'Sale \ud83d', referrer: 'https://news.example/\ude00', props: { ['k\ud800']: 'v\udfff' } })],
];

const refused: [string, unknown, number, string, string?][] = [
  ['not JSON', '{"site":', 400, 'malformed_json'],
  ['a JSON string', '"hello"', 400, 'invalid_event'],
  ['null', 'null', 400, 'invalid_event'],
  ['missing site', pageview({ site: undefined }), 400, 'invalid_event', 'site'],
  ['missing type', pageview({ type: undefined }), 400, 'invalid_event', 'type'],
  ['unknown type', pageview({ type: 'click' }), 400, 'invalid_event', 'type'],
  ['missing url', pageview({ url: undefined }), 400, 'invalid_event', 'url'],
  ['a relative url', pageview({ url: '/cart' }), 400, 'invalid_event', 'url'],
  ['a javascript: url', pageview({ url: 'javascript:alert(1)' }), 400, 'invalid_event', 'url'],
  ['event without a name', pageview({ type: 'event' }), 400, 'invalid_event', 'name'],
  ['identify without a user', pageview({ type: 'identify' }), 400, 'invalid_event', 'user'],
  ['an unknown field', pageview({ color: 'red' }), 400, 'invalid_event'],
  ['screen as a string', pageview({ screen: '1280' }), 400, 'invalid_event', 'screen'],
  ['negative engaged time', pageview({ engaged_ms: -1 }), 400, 'invalid_event', 'engaged_ms'],
  ['a non-UUID id', pageview({ id: 'abc' }), 400, 'invalid_event', 'id'],
  ['a nested prop value', pageview({ props: { a: { b: 1 } } }), 400, 'invalid_event', 'props.a'],
  ['too many props', pageview({ props: Object.fromEntries(Array.from({ length: LIMITS.maxProps + 1 }, (_, i) => [`k${i}`, 'v'])) }), 400, 'invalid_event', 'props'],
  ['a too long page URL', pageview({ url: 'https://shop.example/' + 'x'.repeat(LIMITS.maxUrl) }), 400, 'invalid_event', 'url'],
  ['a too long prop key', pageview({ props: { ['k'.repeat(LIMITS.maxPropKey + 1)]: 'v' } }), 400, 'invalid_event', `props.${'k'.repeat(LIMITS.maxPropKey + 1)}`],
  ['revenue as text', pageview({ revenue: '9.99' }), 400, 'invalid_event', 'revenue'],
  ['an empty batch', [], 400, 'invalid_event'],
  ['a batch with one bad event', [pageview(), pageview({ type: 'nope' })], 400, 'invalid_event', '1.type'],
  ['a batch over the limit', many(LIMITS.maxBatch + 1), 400, 'invalid_event'],
  ['a bad site id', pageview({ site: 'Shop!' }), 400, 'invalid_event', 'site'],
  ['an unknown site', pageview({ site: 'nosuchsite' }), 404, 'unknown_site'],
  ['a page on another domain', pageview({ url: 'https://evil.example/' }), 403, 'domain_not_allowed'],
  ['a lookalike domain', pageview({ url: 'https://notshop.example/' }), 403, 'domain_not_allowed'],
  ['one foreign page in a batch', [pageview(), pageview({ url: 'https://evil.example/' })], 403, 'domain_not_allowed'],
];

describe('POST /api/event contract', () => {
  it.each(accepted)('accepts %s with 202', async (_, body) => {
    const res = await t.send(body);
    expect(res.status).toBe(202);
    const n = Array.isArray(body) ? body.length : 1;
    expect(await res.json()).toEqual({ accepted: n, ignored: 0 });
  });

  it.each(refused)('refuses %s', async (_, body, status, code, field) => {
    const before = (await t.rows('shop')).length;
    const res = await t.send(body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string; details?: { path: string }[] } };
    expect(json.error.code).toBe(code);
    expect(json.error.message).toEqual(expect.any(String));
    if (field) {
      expect(json.error.details?.map((d) => d.path)).toContain(field);
      expect(json.error.message).toContain(field);
    }
    expect((await t.rows('shop')).length).toBe(before);
  });

  it('stores a lone surrogate as U+FFFD, and keeps storing the events after it', async () => {
    // What the snippet sends for a title cut inside an emoji: JSON.stringify writes "\ud83d".
    // ClickHouse refuses that escape, and with it the whole insert: the log must never hold one.
    const lone = pageview({ type: 'event', name: 'buy \ud83d', title: 'Sale \ud83d', url: 'https://shop.example/lone/\udc00', visitor: 'v-\ud800', props: { ['k\ud800']: 'v\udfff', ok: '😀' } });
    expect(JSON.stringify(lone)).toContain('\\ud83d');
    expect((await t.send(lone)).status).toBe(202);
    expect((await t.send(pageview({ url: 'https://shop.example/after-lone' }))).status).toBe(202);
    const rows = await t.rows('shop');
    const stored = rows.find((r) => r.name.startsWith('buy '));
    expect(stored).toMatchObject({ name: 'buy \ufffd', title: 'Sale \ufffd', path: '/lone/\ufffd', visitor_id: 'v-\ufffd', props: { 'k\ufffd': 'v\ufffd', ok: '😀' } });
    expect(rows.some((r) => r.path === '/after-lone')).toBe(true);
    expect(t.parts.writer.lastError).toBeNull();
  });

  it('refuses a body over the byte limit with 413 and stores nothing', async () => {
    const before = (await t.rows('shop')).length;
    const res = await t.send(pageview({ title: 'x'.repeat(LIMITS.maxBodyBytes) }));
    expect(res.status).toBe(413);
    expect((await res.json()) as unknown).toMatchObject({ error: { code: 'too_large' } });
    expect((await t.rows('shop')).length).toBe(before);
  });

  it('refuses other content types with 415', async () => {
    const res = await t.send(pageview(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
  });
});
