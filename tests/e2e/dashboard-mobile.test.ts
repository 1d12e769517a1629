/**
 * A 390 px wide phone: every view renders without the page itself scrolling sideways (wide
 * tables scroll inside their card), navigation and the funnel drop-off work by tapping.
 */
import { describe, expect, it } from 'vitest';
import { hasAnalysis, screenshot, settled, useDashboard, useTab } from './dashboard-helpers.js';

const d = useDashboard();
const PHONE = { width: 390, height: 844 };
const tab = useTab(d, { viewport: PHONE, touch: true });

async function fits(name: string) {
  await settled(tab.page);
  await screenshot(tab.page, `mobile-${name}`);
  const width = await tab.page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${name} is ${width}px wide`).toBeLessThanOrEqual(PHONE.width);
}

describe('dashboard at 390 px', () => {
  it('overview', async () => {
    await tab.page.goto(`${d.url}/overview?site=demo&range=30d`);
    await tab.page.waitForSelector('[data-chart=timeseries] canvas');
    await fits('overview');
  });

  it('a custom range of hours: both pickers fit', async () => {
    await tab.page.goto(`${d.url}/overview?site=demo&range=24h`);
    await tab.page.selectOption('[data-testid=range-picker]', 'custom');
    await tab.page.waitForSelector('input[type=datetime-local][aria-label=To]');
    await fits('overview-hours');
  });

  it('funnel with where-they-went, reached by tapping the nav', async () => {
    const { page } = tab;
    await page.tap('nav.tabs >> text=Funnel');
    await page.waitForSelector('[data-dropoff="1"]');
    await page.tap('[data-dropoff="1"]');
    await page.waitForSelector('[data-where="1"] [data-dropped]');
    await fits('funnel');
  });

  it('journeys, editor and sites', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/journeys?site=demo`);
    await page.waitForSelector('[data-journey=checkout]');
    await fits('journeys');
    await page.goto(`${d.url}/journeys/checkout/edit?site=demo`);
    await page.waitForSelector('[data-stage-editor="5"]');
    await fits('editor');
    await page.goto(`${d.url}/sites?site=demo`);
    await fits('sites');
  });

  it('paths, pages, retention, sources and the journey map (as their analyses land)', async () => {
    const views: [string, string, string][] = [
      ['paths', '/paths?site=demo&range=30d', '[data-chart=sankey] canvas'],
      ['pages', '/pages?site=demo&range=30d', '[data-chart=load-bounce] canvas'],
      ['retention', '/retention?site=demo&range=30d', '[data-chart=retention-curve] canvas'],
      ['sources', '/sources?site=demo&range=30d&journey=checkout', '[data-segment]'],
      ['map', '/journeys/checkout/map?site=demo&range=30d', '[data-map-stages]'],
    ];
    for (const [name, path, ready] of views) {
      if (!(await hasAnalysis(d, name))) continue; // pending until the route exists
      await tab.page.goto(d.url + path);
      await tab.page.waitForSelector(ready);
      await fits(name);
    }
  });
});
