/**
 * The dashboard signed in with a site's API key (a colleague, an agency): the admin creates the key
 * and its sign-in link in the Sites view; the link opens that site alone, read-only — same numbers
 * as the admin's, no Sites tab, no journey editing, no erasing — and revoking the key signs it out.
 */
import { describe, expect, it } from 'vitest';
import { overviewResultSchema } from '../../analysis/overview/schema.js';
import { visitorsResultSchema } from '../../analysis/visitors/schema.js';
import { resolveRange } from '../../dashboard/src/dates.js';
import { int, openDashboard, screenshot, settled, useDashboard, useTab, type Tab } from './dashboard-helpers.js';

const d = useDashboard();
const admin = useTab(d);

describe('read-only dashboard access with a site key', () => {
  let link = '';
  let reader: Tab;

  it('the admin creates a key and gets a sign-in link for it', async () => {
    expect((await d.fetch('/api/sites', { method: 'POST', body: JSON.stringify({ id: 'other', domains: ['other.example'] }) })).status).toBe(201);
    const { page } = admin;
    await page.goto(`${d.url}/sites?site=demo`);
    await settled(page);
    await page.fill('input[aria-label="Key name"]', 'agency');
    await page.click('text=Create key');
    await page.waitForSelector('[data-key=agency]');
    link = (await page.textContent('[aria-label="Read-only sign-in link"]'))!;
    const key = (await page.textContent('[aria-label="New API key"]'))!;
    expect(link).toBe(`${d.url}/overview?site=demo&token=${encodeURIComponent(key)}`);
  });

  it('the link opens the site read-only, with the admin\'s numbers and only that site', async () => {
    reader = await openDashboard(d, { signedIn: false });
    const { page } = reader;
    await page.goto(link);
    await page.waitForURL(`${d.url}/overview?site=demo`); // the key left the address bar
    await settled(page);
    expect(await page.textContent('[data-testid=read-only]')).toBe('read-only');
    expect(await page.$$eval('[data-testid=site-picker] option', (os) => os.map((o) => o.textContent))).toEqual(['demo']);
    expect(await page.$$eval('nav.tabs a', (as) => as.map((a) => a.textContent))).not.toContain('Sites');
    const r = resolveRange(new URLSearchParams('range=30d'), 'Europe/Berlin');
    const api = await d.get(`/api/sites/demo/overview?from=${r.from}&to=${r.to}&limit=50`, overviewResultSchema);
    // The admin's note on the chart: the reader sees it, and cannot add or remove one.
    expect((await d.fetch('/api/sites/demo/annotations', { method: 'POST', body: JSON.stringify({ date: r.to, text: 'Sale starts' }) })).status).toBe(201);
    await page.goto(`${d.url}/overview?site=demo&range=30d`);
    await settled(page);
    expect(await page.textContent('[data-kpi=visitors] .kpi-value')).toBe(int(api.totals.visitors));
    await page.waitForSelector(`[data-note="${r.to}"]`);
    expect(await page.locator('[data-add-note], [data-note] button').count()).toBe(0);
    await screenshot(page, 'reader-overview');

    // Another site's URL still shows its own site: the list it gets holds nothing else.
    await page.goto(`${d.url}/overview?site=other`);
    await settled(page);
    expect(await page.inputValue('[data-testid=site-picker]')).toBe('demo');
  });

  it('shows no way to change anything', async () => {
    const { page } = reader;
    await page.goto(`${d.url}/journeys?site=demo`);
    await settled(page);
    expect(await page.locator('[data-journey=checkout]').count()).toBe(1);
    expect(await page.locator('text=New journey').count()).toBe(0);
    expect(await page.locator('[data-journey=checkout] >> text=Edit').count()).toBe(0);
    await page.goto(`${d.url}/journeys/checkout/map?site=demo`);
    await settled(page);
    expect(await page.locator('.view-controls >> text=Edit').count()).toBe(0);
    for (const path of ['/sites?site=demo', '/journeys/checkout/edit?site=demo', '/journeys/new?site=demo']) {
      await page.goto(d.url + path);
      await settled(page);
      expect(await page.textContent('.main'), path).toContain('Read-only access');
    }
    const r = resolveRange(new URLSearchParams('range=30d'), 'Europe/Berlin');
    const people = await d.get(`/api/sites/demo/visitors?from=${r.from}&to=${r.to}&limit=1`, visitorsResultSchema);
    await page.goto(`${d.url}/people/${encodeURIComponent(people.people[0]!.person)}?site=demo&range=30d`);
    await page.waitForSelector('[data-session]');
    await settled(page);
    expect(await page.locator('.erase-link').count()).toBe(0);
    await screenshot(page, 'reader-person');
    // Nothing it was shown asked the API for what it may not read.
    expect(reader.problems).toEqual([]);
  });

  it('is signed out once the admin revokes the key', async () => {
    const { page } = admin;
    await page.goto(`${d.url}/sites?site=demo`);
    await settled(page);
    admin.acceptNextDialog();
    await page.click('[data-key=agency] >> text=Revoke');
    await page.waitForSelector('[data-key=agency]', { state: 'detached' });
    await reader.page.goto(`${d.url}/overview?site=demo`);
    expect(await reader.page.locator('#token').count()).toBe(1);
    expect(reader.problems).toEqual([]);
    await reader.close();
  });
});
