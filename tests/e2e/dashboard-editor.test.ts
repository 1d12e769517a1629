/**
 * Journey editor: invalid input is named field by field (the API's own schema), a new journey
 * is saved through the API and opens in the funnel view with the API's counts; the live preview
 * shows visitors per stage for the journey being edited; event matchers suggest the site's event names;
 * a journey's alert is turned on, tested against a real webhook and removed.
 */
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../helpers/webhook.js';
import { alertLink, type Fall } from '../../analysis/alerts/check.js';
import { alertsResponse } from '../../analysis/alerts/schema.js';
import { addDays } from '../../analysis/common/time.js';
import { customEventsResultSchema } from '../../analysis/custom-events/schema.js';
import { funnelResultSchema } from '../../analysis/funnel/schema.js';
import { storedJourneySchema } from '../../analysis/journeys/schema.js';
import { resolveRange } from '../../dashboard/src/dates.js';
import { int, screenshot, settled, useDashboard, useTab } from './dashboard-helpers.js';

const d = useDashboard();
const tab = useTab(d);
const q = () => {
  const r = resolveRange(new URLSearchParams('range=30d'), 'Europe/Berlin');
  return `from=${r.from}&to=${r.to}`;
};
const JOURNEY = {
  name: 'Cart to purchase',
  stages: [
    { name: 'Cart', matchers: [{ path: '/cart' }] },
    { name: 'Purchased', matchers: [{ event: 'purchase' }] },
  ],
};

async function fillNewJourney() {
  const { page } = tab;
  await page.goto(`${d.url}/journeys/new?site=demo&range=30d`);
  await page.waitForSelector('[data-stage-editor="2"]');
  await page.fill('input[name=journey-name]', JOURNEY.name);
  await page.fill('input[name=stage-0-name]', 'Cart');
  await page.fill('input[name=stage-0-matcher-0]', '/cart');
  await page.fill('input[name=stage-1-name]', 'Purchased');
  await page.selectOption('[data-stage-editor="2"] select[aria-label="Match kind"]', 'event');
  await page.fill('input[name=stage-1-matcher-0]', 'purchase');
}

describe('journey editor', () => {
  it('names invalid fields instead of saving', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/journeys/new?site=demo&range=30d`);
    await page.waitForSelector('[data-stage-editor="2"]');
    await page.fill('input[name=journey-name]', 'Broken');
    await page.fill('input[name=stage-0-matcher-0]', 'no-leading-slash');
    await page.click('button[type=submit]');
    await page.waitForSelector('.field-error');
    expect(await page.textContent('[data-stage-editor="1"]')).toContain('a path glob starts with "/"');
    expect(page.url()).toContain('/journeys/new');
    await screenshot(page, 'editor-errors');
  });

  it('previews visitors per stage of a saved journey, equal to the funnel API', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/journeys/checkout/edit?site=demo&range=30d`);
    await page.waitForSelector('[data-preview="5"]:not(:text("…"))');
    const api = await d.get(`/api/sites/demo/funnel?${q()}&journey=checkout`, funnelResultSchema);
    const shown = await page.$$eval('[data-preview]', (els) => els.map((e) => e.textContent));
    expect(shown).toEqual(api.stages.map((s) => `${int(s.reached)} reached`));
    // Renaming a stage does not change what it counts: the preview stays.
    await page.fill('input[name=stage-0-name]', 'Looked at products');
    await page.waitForSelector('[data-preview-note]:has-text("Live preview")');
    expect(await page.textContent('[data-preview="1"]')).toBe(`${int(api.stages[0]!.reached)} reached`);
    await screenshot(page, 'editor-preview');
  });

  it('suggests the event names the site sent, for event matchers only', async () => {
    await fillNewJourney();
    const { page } = tab;
    const api = await d.get(`/api/sites/demo/custom_events?${q()}&limit=200`, customEventsResultSchema);
    expect(api.events.map((e) => e.name)).toContain('purchase');
    await page.waitForSelector('datalist#event-names option', { state: 'attached' });
    expect(await page.$$eval('datalist#event-names option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(api.events.map((e) => e.name));
    expect(await page.getAttribute('input[name=stage-1-matcher-0]', 'list')).toBe('event-names');
    expect(await page.getAttribute('input[name=stage-0-matcher-0]', 'list')).toBeNull(); // a page path
  });

  it('previews visitors per stage live for an unsaved journey (funnel API with ?definition=)', async () => {
    await fillNewJourney();
    const api = await d.get(`/api/sites/demo/funnel?${q()}&definition=${encodeURIComponent(JSON.stringify(JOURNEY))}`, funnelResultSchema);
    await tab.page.waitForSelector('[data-preview="2"]:not(:text("…"))');
    expect(await tab.page.textContent('[data-preview="1"]')).toBe(`${int(api.stages[0]!.reached)} reached`);
    expect(await tab.page.textContent('[data-preview="2"]')).toBe(`${int(api.stages[1]!.reached)} reached`);
  });

  it('creates a journey that then appears in the funnel view with the API’s counts', async () => {
    const { page } = tab;
    await fillNewJourney();
    expect(await page.inputValue('input[name=journey-id]')).toBe('cart-to-purchase');
    await screenshot(page, 'editor-new');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/funnel\?.*journey=cart-to-purchase/);
    await settled(page);
    const stored = await d.get('/api/sites/demo/journeys/cart-to-purchase', storedJourneySchema);
    expect(stored.stages.map((s) => s.name)).toEqual(['Cart', 'Purchased']);
    const api = await d.get(`/api/sites/demo/funnel?${q()}&journey=cart-to-purchase`, funnelResultSchema);
    expect(api.stages[0]!.reached).toBeGreaterThan(0);
    const shown = await page.$$eval('[data-reached]', (els) => els.map((e) => e.textContent));
    expect(shown).toEqual(api.stages.map((s) => int(s.reached)));
    expect(await page.inputValue('[data-testid=journey-picker]')).toBe('cart-to-purchase');
    await screenshot(page, 'editor-saved-funnel');
  });

  it("turns on a journey's alert, sends a test message to the webhook, and removes it", async () => {
    const receiver = await startReceiver();
    const got = receiver.got;
    try {
      const webhook = receiver.url;
      const { page } = tab;
      await page.goto(`${d.url}/journeys/checkout/edit?site=demo&range=30d`);
      await page.waitForSelector('[data-journey-alert=checkout]');
      await page.fill('input[name=alert-webhook]', webhook);
      await page.fill('input[name=alert-min-drop]', '5');
      await page.click('[data-journey-alert] button[type=submit]');
      await page.waitForSelector('[data-journey-alert] .notice:text("Saved.")');
      expect((await d.get('/api/sites/demo/alerts', alertsResponse)).alerts).toMatchObject([{ journey: 'checkout', webhook, min_drop_pt: 5 }]);
      // The journeys list says which journey has an alert.
      await page.goto(`${d.url}/journeys?site=demo&range=30d`);
      expect(await (await page.waitForSelector('[data-journey=checkout] [data-alert-state]')).textContent()).toBe('Alert on · not checked yet');
      await page.goto(`${d.url}/journeys/checkout/edit?site=demo&range=30d`);
      await page.waitForSelector('[data-alert-test]');
      await page.click('[data-alert-test]');
      await page.waitForSelector('[data-journey-alert] .notice:text("Test message delivered")');
      expect(got).toHaveLength(1);
      expect(got[0]!.text).toMatch(/^\[test\] Waymark · demo · “Checkout”/);
      // Yesterday checked now: the notice and the card say what the check recorded; the webhook got a message only if something fell.
      await page.click('[data-alert-check]');
      await page.waitForSelector('[data-alert-last]');
      const last = (await d.get('/api/sites/demo/alerts', alertsResponse)).alerts[0]!.last_check!;
      expect(last.day).toBe(resolveRange(new URLSearchParams('range=yesterday'), 'Europe/Berlin').from);
      const said = { quiet: 'nothing fell', sent: 'sent', failed: 'not delivered' }[last.outcome];
      expect(await page.textContent('[data-journey-alert] .notice')).toBe(`${last.day}: ${said} — ${last.detail}.`);
      expect(await page.textContent('[data-alert-last]')).toContain(`Last check: ${last.day}`);
      expect(got).toHaveLength(last.outcome === 'quiet' ? 1 : 2);
      await screenshot(page, 'journey-alert');
      // An alert's link opens that day's "what changed" against a week before, at the stage that fell.
      const day = resolveRange(new URLSearchParams('range=yesterday'), 'Europe/Berlin').from;
      await page.goto(alertLink(d.url, 'demo', 'checkout', day, [{ stage: 5 } as Fall]));
      await page.waitForSelector('[data-change-stage="5"][aria-pressed=true]');
      expect(await page.inputValue('[data-testid=change-against]')).toBe('week');
      expect(await page.textContent('[data-what-changed] p')).toContain(`${day} – ${day}: `);
      expect(await page.textContent('[data-what-changed] p')).toContain(`against ${addDays(day, -7)} – ${addDays(day, -7)}`);
      await page.goto(`${d.url}/journeys/checkout/edit?site=demo&range=30d`);
      await page.waitForSelector('[data-journey-alert=checkout] button.danger');
      await page.click('[data-journey-alert] button.danger');
      await page.waitForSelector('[data-journey-alert] .notice:text("Alert removed.")');
      expect((await d.get('/api/sites/demo/alerts', alertsResponse)).alerts).toEqual([]);
      await page.goto(`${d.url}/journeys?site=demo&range=30d`);
      expect(await (await page.waitForSelector('[data-journey=checkout] [data-alert-state]')).textContent()).toBe('No alert');
    } finally {
      await receiver.close();
    }
  });

  it('edits an existing journey (owner and target) and deletes it', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/journeys/cart-to-purchase/edit?site=demo&range=30d`);
    await page.waitForSelector('[data-stage-editor="2"]');
    await page.fill('input[name=stage-1-owner]', 'Payments');
    await page.fill('input[name=stage-1-target]', '40');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/funnel\?/);
    const stored = await d.get('/api/sites/demo/journeys/cart-to-purchase', storedJourneySchema);
    expect(stored.stages[1]).toMatchObject({ owner: 'Payments', target_rate: 0.4 });

    await page.goto(`${d.url}/journeys/cart-to-purchase/edit?site=demo`);
    await page.waitForSelector('[data-stage-editor="2"]');
    tab.acceptNextDialog();
    await page.click('text=Delete');
    await page.waitForURL(/\/journeys\?/);
    expect((await d.fetch('/api/sites/demo/journeys/cart-to-purchase')).status).toBe(404);
  });
});
