/** DELETE /api/sites/:site/visitors/:id: one person's events, on every device they signed in on, and nobody else's. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Batch } from '../../../collector/storage/wal.js';
import { createTestApp, pageview, setAsideLines, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  // The writer ships only when asked: the last event is still in the log when the erasure comes.
  t = await createTestApp({ WAYMARK_FLUSH_INTERVAL_MS: '60000', WAYMARK_BATCH_MIN_ROWS: '1000000', WAYMARK_BATCH_MAX_ROWS: '1000000' });
  await t.createSite('shop');
  await t.createSite('blog', ['blog.example']);
  const at = (m: number) => Date.UTC(2026, 4, 1, 10, m);
  const events = [
    // One customer on two devices, signed in on both.
    pageview({ visitor: 'laptop-1', ts: at(0) }),
    pageview({ visitor: 'laptop-1', ts: at(1), url: 'https://shop.example/cart' }),
    { site: 'shop', type: 'identify', user: 'cust-42', url: 'https://shop.example/account', visitor: 'laptop-1', ts: at(2) },
    pageview({ visitor: 'phone-1', ts: at(10) }),
    { site: 'shop', type: 'identify', user: 'cust-42', url: 'https://shop.example/account', visitor: 'phone-1', ts: at(11) },
    // Somebody else, and the same visitor id on another site.
    ...[0, 1, 2, 3].map((i) => pageview({ visitor: 'other', ts: at(20 + i) })),
    pageview({ site: 'blog', url: 'https://blog.example/', visitor: 'phone-1', ts: at(30) }),
  ];
  const res = await t.admin('/api/import', { method: 'POST', body: JSON.stringify(events) });
  expect(await res.json()).toMatchObject({ accepted: 10 });
  await t.parts.writer.drain();
  expect((await t.send(pageview({ visitor: 'phone-1' }))).status).toBe(202); // only in the log
});
afterAll(() => t.close());

async function countOf(site: string, visitor: string): Promise<number> {
  const rs = await t.parts.store.query({
    query: 'SELECT count() AS n FROM events WHERE site_id = {site:String} AND visitor_id = {visitor:String}',
    query_params: { site, visitor },
    format: 'JSONEachRow',
  });
  return Number(((await rs.json()) as { n: string }[])[0]!.n);
}

describe('erasing a visitor', () => {
  it('is refused without the admin token and to a site key; an unknown site is 404, an over-long id 400', async () => {
    expect((await t.admin('/api/sites/shop/visitors/cust-42', { method: 'DELETE', auth: false })).status).toBe(401);
    const key = ((await (await t.admin('/api/sites/shop/keys', { method: 'POST', body: JSON.stringify({ name: 'r' }) })).json()) as { key: string }).key;
    expect((await t.admin('/api/sites/shop/visitors/cust-42', { method: 'DELETE', auth: false, headers: { authorization: `Bearer ${key}` } })).status).toBe(403);
    expect((await t.admin('/api/sites/nope/visitors/cust-42', { method: 'DELETE' })).status).toBe(404);
    const long = await t.admin(`/api/sites/shop/visitors/${'x'.repeat(129)}`, { method: 'DELETE' });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ error: { code: 'invalid_id' } });
    expect(await countOf('shop', 'laptop-1')).toBe(3); // stored before; nothing erased
  });

  it('by user id: every visitor id identified as that user, with the event still in the log', async () => {
    expect(t.parts.wal.backlogRows()).toBe(1);
    const res = await t.admin('/api/sites/shop/visitors/cust-42', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ site: 'shop', id: 'cust-42', visitors: ['laptop-1', 'phone-1'], events: 6, set_aside: 0 });
    await t.parts.writer.drain();
    expect(await countOf('shop', 'laptop-1')).toBe(0);
    expect(await countOf('shop', 'phone-1')).toBe(0);
  });

  it('leaves everybody else, and the same visitor id on another site', async () => {
    expect(await countOf('shop', 'other')).toBe(4);
    expect(await countOf('blog', 'phone-1')).toBe(1);
  });

  it('by visitor id; a second request finds nothing more', async () => {
    expect(await (await t.admin('/api/sites/shop/visitors/other', { method: 'DELETE' })).json()).toEqual({ site: 'shop', id: 'other', visitors: ['other'], events: 4, set_aside: 0 });
    expect(await countOf('shop', 'other')).toBe(0);
    expect(await (await t.admin('/api/sites/shop/visitors/other', { method: 'DELETE' })).json()).toEqual({ site: 'shop', id: 'other', visitors: [], events: 0, set_aside: 0 });
  });

  it('removes their rows ClickHouse had refused, kept aside in the log directory, and nobody else\'s', async () => {
    const lines = setAsideLines([['shop', 'erase-me'], ['shop', 'keep-me'], ['blog', 'erase-me'], ['shop', 'erase-me']]);
    const file = await t.parts.wal.setAside({ segment: 9999, start: 0 } as Batch, Buffer.from(lines.join('')));
    const res = await t.admin('/api/sites/shop/visitors/erase-me', { method: 'DELETE' });
    expect(await res.json()).toEqual({ site: 'shop', id: 'erase-me', visitors: [], events: 0, set_aside: 2 });
    // The others byte for byte, the line that is no JSON array too (it names nobody).
    expect(fs.readFileSync(file, 'utf8')).toBe(lines[1]! + lines[2]! + lines[4]!);
  });

  it('takes ids with characters a URL must escape', async () => {
    const odd = 'mail:a+b@example.com/x y';
    await t.admin('/api/import', { method: 'POST', body: JSON.stringify([pageview({ visitor: odd, ts: Date.UTC(2026, 4, 2) })]) });
    const res = await t.admin(`/api/sites/shop/visitors/${encodeURIComponent(odd)}`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ site: 'shop', id: odd, visitors: [odd], events: 1, set_aside: 0 });
  });
});
