/**
 * The demo shop at /demo/: a newcomer clicks through it (product → add to cart → checkout →
 * payment → thank you), and the visit appears in the dashboard's realtime panel, with the
 * add_to_cart and purchase events stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDashboard, screenshot, settled, useDashboard, type Tab } from './dashboard-helpers.js';

const d = useDashboard({ demo: { visitors: 20, days: 3 } });
let shop: Tab;

beforeAll(async () => {
  shop = await openDashboard(d, { signedIn: false });
});
afterAll(async () => {
  expect(shop.problems).toEqual([]);
  await shop.close();
});

describe('demo shop', () => {
  it('is tracked end to end and shows up in realtime', async () => {
    const { page } = shop;
    const sent = (name: string) => page.waitForRequest((r) => r.url().endsWith('/api/event') && (r.postData() ?? '').includes(name));
    await page.goto(`${d.url}/demo/`);
    await screenshot(page, 'demo-shop-home');
    await Promise.all([page.waitForURL('**/demo/products/day-pack'), page.click('text=Day Pack 22L')]);
    expect(await page.textContent('#product-title')).toBe('Day Pack 22L');
    await Promise.all([sent('add_to_cart'), page.waitForURL('**/demo/cart'), page.click('#add-to-cart')]);
    expect(await page.textContent('#cart-items')).toContain('Day Pack 22L');
    await Promise.all([page.waitForURL('**/demo/checkout'), page.click('text=Checkout')]);
    await Promise.all([page.waitForURL('**/demo/checkout/payment'), page.click('text=Continue to payment')]);
    await Promise.all([sent('purchase'), page.waitForURL('**/demo/thank-you'), page.click('#pay')]);
    await page.click('text=😀 5');
    await screenshot(page, 'demo-shop-thanks');

    await d.server.waymark.writer.drain();
    const rows = await d.server.events('demo');
    const mine = rows.filter((r) => r.path.startsWith('/demo'));
    expect(mine.filter((r) => r.type === 'pageview').map((r) => r.path)).toEqual([
      '/demo', '/demo/products/day-pack', '/demo/cart', '/demo/checkout', '/demo/checkout/payment', '/demo/thank-you',
    ]);
    expect(mine.find((r) => r.name === 'add_to_cart')?.props).toMatchObject({ sku: 'day-pack', price: '74' });
    expect(mine.find((r) => r.name === 'purchase')).toMatchObject({ revenue: 74 });
    expect(mine.find((r) => r.name === 'feedback')?.props).toMatchObject({ score: '5' });

    const dash = await openDashboard(d);
    await dash.page.goto(`${d.url}/overview?site=demo&range=today`);
    await settled(dash.page);
    // Realtime lists the pages of the last 30 minutes: only this visit's.
    await dash.page.waitForSelector('[data-realtime] .path');
    const paths = await dash.page.$$eval('[data-realtime] .path', (els) => els.map((e) => e.textContent));
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p).toMatch(/^\/demo/);
    expect(Number(await dash.page.textContent('[data-realtime-visitors]'))).toBeGreaterThanOrEqual(1);
    await screenshot(dash.page, 'demo-shop-realtime');
    expect(dash.problems).toEqual([]);
    await dash.close();
  });
});
