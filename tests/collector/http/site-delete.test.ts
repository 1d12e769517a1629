/** DELETE /api/sites/:site: the site, its journeys, keys and every event, and nothing of another site. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKOUT_JOURNEY } from '../../../collector/demo/shop.js';
import fs from 'node:fs';
import type { Batch } from '../../../collector/storage/wal.js';
import { createTestApp, pageview, setAsideLines, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  // The writer ships only when asked (a minute's interval, no batch size reached, no burst of
  // 1,000 rows): the rows sent last are still in the log when the site is deleted.
  t = await createTestApp({ WAYMARK_FLUSH_INTERVAL_MS: '60000', WAYMARK_BATCH_MIN_ROWS: '1000000', WAYMARK_BATCH_MAX_ROWS: '1000000' });
  await t.createSite('shop');
  await t.createSite('blog', ['blog.example']);
});
afterAll(() => t.close());

const json = async (res: Response | Promise<Response>) => (await res).json() as Promise<Record<string, unknown>>;

async function storedCount(site: string): Promise<number> {
  const rs = await t.parts.store.query({ query: 'SELECT count() AS n FROM events WHERE site_id = {site:String}', query_params: { site }, format: 'JSONEachRow' });
  return Number(((await rs.json()) as { n: string }[])[0]!.n);
}

const history = (site: string, host: string, n: number) =>
  Array.from({ length: n }, (_, i) => pageview({ site, url: `https://${host}/p/${i % 7}`, visitor: `h${i % 30}`, ts: Date.UTC(2026, 3, 1) + i * 60_000 }));

describe('deleting a site', () => {
  let shopKey = '';
  let blogKey = '';

  beforeAll(async () => {
    expect(await json(t.admin('/api/import', { method: 'POST', body: JSON.stringify(history('shop', 'shop.example', 300)) }))).toMatchObject({ accepted: 300 });
    expect(await json(t.admin('/api/import', { method: 'POST', body: JSON.stringify(history('blog', 'blog.example', 40)) }))).toMatchObject({ accepted: 40 });
    await t.parts.writer.drain();
    // Live events after the last shipment: these are only in the log when the DELETE comes.
    for (let i = 0; i < 5; i++) expect((await t.send(pageview({ visitor: `live${i}` }))).status).toBe(202);
    expect((await t.send(pageview({ site: 'blog', url: 'https://blog.example/', visitor: 'reader' }))).status).toBe(202);
    expect(t.parts.wal.backlogRows()).toBe(6);
    const put = await t.admin(`/api/sites/shop/journeys/${CHECKOUT_JOURNEY.id}`, { method: 'PUT', body: JSON.stringify(CHECKOUT_JOURNEY.journey) });
    expect(put.status).toBe(201);
    shopKey = String((await json(t.admin('/api/sites/shop/keys', { method: 'POST', body: JSON.stringify({ name: 'report' }) }))).key);
    blogKey = String((await json(t.admin('/api/sites/blog/keys', { method: 'POST', body: JSON.stringify({ name: 'report' }) }))).key);
    for (const site of ['shop', 'blog']) {
      expect((await t.admin(`/api/sites/${site}/annotations`, { method: 'POST', body: JSON.stringify({ date: '2026-03-01', text: 'launch' }) })).status).toBe(201);
    }
  });

  it('is refused without the admin token, and to a site key (its own site or another), and nothing changes', async () => {
    expect((await t.admin('/api/sites/shop', { method: 'DELETE', auth: false })).status).toBe(401);
    for (const key of [shopKey, blogKey]) {
      const res = await t.admin('/api/sites/shop', { method: 'DELETE', auth: false, headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(403);
    }
    expect((await t.admin('/api/sites/shop')).status).toBe(200);
    expect(t.parts.wal.backlogRows()).toBe(6);
  });

  it('deletes the site, its journeys, its keys and all its events, those still in the log too', async () => {
    const res = await t.admin('/api/sites/shop', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ site: 'shop', events: 305, journeys: 1, keys: 1, set_aside: 0 });
    await t.parts.writer.drain();
    expect(await storedCount('shop')).toBe(0);
    expect((await t.admin('/api/sites/shop')).status).toBe(404);
    expect(((await json(t.admin('/api/sites'))).sites as { id: string }[]).map((s) => s.id)).toEqual(['blog']);
    // Its annotations went too; the other site's stay.
    const notes = await t.parts.store.query({ query: `SELECT site_id FROM annotations FINAL WHERE deleted = 0 ORDER BY site_id`, format: 'JSONEachRow' });
    expect(await notes.json()).toEqual([{ site_id: 'blog' }]);
  });

  it('refuses the deleted site\'s events and its key from then on', async () => {
    const res = await t.send(pageview({ visitor: 'late' }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'unknown_site' } });
    const read = await t.admin('/api/sites/shop/overview', { auth: false, headers: { authorization: `Bearer ${shopKey}` } });
    expect(read.status).toBe(401);
  });

  it('leaves every other site as it was', async () => {
    await t.parts.writer.drain();
    expect(await storedCount('blog')).toBe(41);
    const read = await t.admin('/api/sites/blog/overview?from=2026-03-01&to=2026-12-31', { auth: false, headers: { authorization: `Bearer ${blogKey}` } });
    expect(read.status).toBe(200);
  });

  it('a site made again with the same id starts empty: no events, journeys or keys of the old one', async () => {
    await t.createSite('shop');
    expect(await json(t.admin('/api/sites/shop/journeys'))).toEqual({ journeys: [] });
    expect(await json(t.admin('/api/sites/shop/keys'))).toEqual({ keys: [] });
    expect(await storedCount('shop')).toBe(0);
    expect(await json(t.admin('/api/sites/shop', { method: 'DELETE' }))).toEqual({ site: 'shop', events: 0, journeys: 0, keys: 0, set_aside: 0 });
    expect((await t.admin('/api/sites/shop', { method: 'DELETE' })).status).toBe(404);
  });

  it('deletes the rows of a site that is gone already (a deletion cut short, rows another collector took late)', async () => {
    await t.createSite('gone', ['gone.example']);
    expect((await t.send(pageview({ site: 'gone', url: 'https://gone.example/' }))).status).toBe(202);
    await t.parts.writer.drain();
    await t.parts.sites.remove('gone'); // marked deleted, its rows still there
    expect(await json(t.admin('/api/sites/gone', { method: 'DELETE' }))).toEqual({ site: 'gone', events: 1, journeys: 0, keys: 0, set_aside: 0 });
    expect(await storedCount('gone')).toBe(0);
  });

  it('finishes a deletion cut short after the site was marked deleted: its journeys go too', async () => {
    await t.createSite('cut', ['cut.example']);
    const put = await t.admin(`/api/sites/cut/journeys/${CHECKOUT_JOURNEY.id}`, { method: 'PUT', body: JSON.stringify(CHECKOUT_JOURNEY.journey) });
    expect(put.status).toBe(201);
    await t.parts.sites.remove('cut'); // the site is gone, nothing else yet, no events
    expect(await json(t.admin('/api/sites/cut', { method: 'DELETE' }))).toEqual({ site: 'cut', events: 0, journeys: 1, keys: 0, set_aside: 0 });
    await t.createSite('cut', ['cut.example']);
    expect(await json(t.admin('/api/sites/cut/journeys'))).toEqual({ journeys: [] });
  });

  it('removes the site\'s rows ClickHouse had refused, kept aside in the log directory, also once the site is gone', async () => {
    await t.createSite('aside', ['aside.example']);
    const lines = setAsideLines([['aside', 'a'], ['blog', 'a'], ['aside', 'b']]);
    const file = await t.parts.wal.setAside({ segment: 9998, start: 0 } as Batch, Buffer.from(lines.join('')));
    expect(await json(t.admin('/api/sites/aside', { method: 'DELETE' }))).toEqual({ site: 'aside', events: 0, journeys: 0, keys: 0, set_aside: 2 });
    expect(fs.readFileSync(file, 'utf8')).toBe(lines[1]! + lines[3]!);
    // Gone, nothing stored, only set-aside rows left (another collector's, say): deleted again.
    const more = setAsideLines([['aside', 'c']]);
    const file2 = await t.parts.wal.setAside({ segment: 9997, start: 0 } as Batch, Buffer.from(more[0]!));
    expect(await json(t.admin('/api/sites/aside', { method: 'DELETE' }))).toEqual({ site: 'aside', events: 0, journeys: 0, keys: 0, set_aside: 1 });
    expect(fs.existsSync(file2)).toBe(false);
    expect((await t.admin('/api/sites/aside', { method: 'DELETE' })).status).toBe(404);
  });

  it('a deletion ClickHouse does not confirm is a 503 deletion_unfinished with Retry-After; the same request again finishes it', async () => {
    await t.createSite('slow', ['slow.example']);
    expect((await t.send(pageview({ site: 'slow', url: 'https://slow.example/' }))).status).toBe(202);
    await t.parts.writer.drain();
    // The store's connection ends before ClickHouse confirms the mutation (a server's HTTP timeout).
    const command = t.parts.store.command.bind(t.parts.store);
    t.parts.store.command = async (p) => {
      if (p.query.startsWith('ALTER TABLE events DELETE')) {
        t.parts.store.command = command;
        throw new Error('Timeout error.');
      }
      return command(p);
    };
    const res = await t.admin('/api/sites/slow', { method: 'DELETE' });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: { code: 'deletion_unfinished', message: expect.stringContaining('send the same request again') } });
    expect(t.parts.store.command).toBe(command);
    expect(await storedCount('slow')).toBe(1);
    expect(await json(t.admin('/api/sites/slow', { method: 'DELETE' }))).toEqual({ site: 'slow', events: 1, journeys: 0, keys: 0, set_aside: 0 });
    expect(await storedCount('slow')).toBe(0);
  });

  it('answers 404 for a site that never was', async () => {
    const res = await t.admin('/api/sites/never', { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'unknown_site' } });
  });
});
