/**
 * One customer journey through the fixture shop, in real Chromium against the real collector:
 * an email campaign landing → product → add to cart (custom event) → cart → checkout →
 * purchase (event with revenue) → thank-you page. The stored rows give that visitor's path in
 * order, and the landing carries channel Email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRow } from '../../collector/schema/event.js';
import { byTime, openTab, useE2E, waitForRows, type Tab } from './helpers.js';

const env = useE2E();
let tab: Tab;
beforeAll(async () => {
  tab = await openTab(env);
});
afterAll(() => tab?.close());

/** Clicks and waits for the next page's view to be sent: each step is stored before the next. */
async function clickThrough(selector: string, nextPath: string) {
  const from = tab.events.length;
  await Promise.all([tab.page.waitForURL((u) => u.pathname === nextPath), tab.page.click(selector)]);
  return tab.waitFor({ type: 'pageview', url: expect.stringContaining(nextPath) }, { from });
}

/** Touchpoint labels as DESIGN.md defines them: page view → path, custom event → event:<name>. */
const label = (r: EventRow) => (r.type === 'pageview' ? r.path : r.type === 'event' ? `event:${r.name}` : null);

describe('journey: email campaign → purchase', () => {
  let rows: EventRow[];

  it('walks the shop', async () => {
    await tab.goto('/shop/?utm_source=newsletter&utm_medium=email&utm_campaign=spring');
    await tab.waitFor({ type: 'pageview', url: expect.stringContaining('utm_source=newsletter') });
    await clickThrough('#product', '/shop/product.html');

    const addResponse = tab.page.waitForResponse((r) => r.url().endsWith('/api/event') && r.request().postData()!.includes('add_to_cart'));
    await tab.page.click('#add');
    expect((await addResponse).status()).toBe(202);

    await clickThrough('#cart', '/shop/cart.html');
    await clickThrough('#checkout', '/shop/checkout.html');
    await clickThrough('#pay-now', '/shop/thanks.html'); // the purchase event is sent on submit, as the page is left
  });

  it('stores the path in order, with channel Email on the landing', async () => {
    const visitor = tab.events[0]!.visitor;
    rows = await waitForRows(env, 'shop', (all) => {
      const mine = all.filter((r) => r.visitor_id === visitor).sort(byTime);
      return mine.some((r) => r.path === '/shop/thanks.html') && mine.some((r) => r.name === 'purchase') && mine;
    });
    expect(rows.map(label).filter(Boolean)).toEqual([
      '/shop',
      '/shop/product.html',
      'event:add_to_cart',
      '/shop/cart.html',
      '/shop/checkout.html',
      'event:purchase',
      '/shop/thanks.html',
    ]);
    expect(rows[0]).toMatchObject({
      type: 'pageview',
      channel: 'Email',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'spring',
    });
  });

  it('keeps the money and the details on the events', () => {
    expect(rows.find((r) => r.name === 'add_to_cart')).toMatchObject({ revenue: 19.9, props: { sku: 'MUG-1' }, path: '/shop/product.html' });
    expect(rows.find((r) => r.name === 'purchase')).toMatchObject({
      revenue: 19.9,
      props: { currency: 'EUR', order: 'A-1001' },
      path: '/shop/checkout.html',
    });
  });

  it('records the time spent on each page left, and the load time of each page', () => {
    const engaged = rows.filter((r) => r.type === 'engagement').map((r) => r.path);
    expect(engaged).toEqual(expect.arrayContaining(['/shop', '/shop/product.html', '/shop/cart.html', '/shop/checkout.html']));
    for (const r of rows.filter((x) => x.type === 'pageview')) expect(r.load_ms).toBeGreaterThan(0);
  });
});
