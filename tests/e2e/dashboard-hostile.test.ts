/**
 * Hostile data: paths, titles, event names, props, UTM tags, journey and stage names and a chart note holding
 * `<img src=x onerror=alert(1)>` and `<script>` are shown as text on every view and run nothing —
 * no dialog, no console error, no injected element.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasAnalysis, openDashboard, screenshot, settled, useDashboard, type Tab } from './dashboard-helpers.js';

const d = useDashboard({ demo: false });
const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
let tab: Tab;

beforeAll(async () => {
  const post = async (p: string, body: unknown, method = 'POST') => {
    const res = await d.fetch(p, { method, body: JSON.stringify(body) });
    expect(res.status, `${p}: ${await res.clone().text()}`).toBeLessThan(300);
  };
  await post('/api/sites', { id: 'evil', domains: ['evil.example'], timezone: 'UTC' });
  const t = Date.now() - 5 * 60_000;
  const base = { site: 'evil', visitor: 'v-evil', ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' };
  await post('/api/import', [
    { ...base, type: 'pageview', ts: t, title: SCRIPT, url: `https://evil.example/${IMG}?utm_source=${encodeURIComponent(SCRIPT)}&utm_campaign=${encodeURIComponent(IMG)}` },
    { ...base, type: 'event', ts: t + 10_000, name: IMG, url: `https://evil.example/${IMG}`, props: { [SCRIPT]: IMG } },
    { ...base, type: 'pageview', ts: t + 20_000, title: IMG, url: `https://evil.example/${SCRIPT}` },
    { ...base, visitor: 'v-evil-2', type: 'pageview', ts: t + 30_000, title: IMG, url: `https://evil.example/${IMG}` },
    // The day before, a visitor who entered elsewhere: "what changed" then has a driver, the hostile entry page.
    { ...base, visitor: 'v-evil-0', type: 'pageview', ts: t - 86_400_000, title: SCRIPT, url: `https://evil.example/${SCRIPT}` },
  ]);
  await post('/api/sites/evil/journeys/evil', {
    name: SCRIPT,
    stages: [
      { name: IMG, owner: SCRIPT, matchers: [{ path: `/${IMG}` }] },
      { name: SCRIPT, matchers: [{ event: IMG, props: { [SCRIPT]: IMG } }] },
      { name: 'Third', matchers: [{ path: `/${SCRIPT}` }] },
    ],
  }, 'PUT');
  // A note on the charts (today, where the events are), as hostile as the data.
  await post('/api/sites/evil/annotations', { date: new Date().toISOString().slice(0, 10), text: `${IMG} ${SCRIPT}` });
  await d.server.waymark.writer.drain();
  tab = await openDashboard(d);
});
afterAll(() => tab?.close());

/** Nothing ran: no dialog or error so far, no element the data could have injected. */
async function assertInert(name: string) {
  const { page } = tab;
  await settled(page);
  await screenshot(page, `hostile-${name}`);
  const injected = await page.evaluate(() => ({
    imgs: document.querySelectorAll('img').length,
    scripts: [...document.scripts].filter((s) => !s.src.includes('/assets/')).length,
  }));
  expect(injected).toEqual({ imgs: 0, scripts: 0 });
  expect(tab.problems).toEqual([]);
}

describe('hostile event data is shown as text and runs nothing', () => {
  it('overview: pages, sources, campaigns and realtime', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/overview?site=evil&range=today`);
    await settled(page);
    await page.locator('[data-table=pages]').getByText(`/${IMG}`, { exact: true }).waitFor();
    expect(await page.textContent('[data-table=pages] tbody')).toContain(`/${SCRIPT}`);
    await page.locator('[data-realtime]').getByText(`/${IMG}`, { exact: true }).waitFor();
    await page.click('[data-tabs=traffic] >> role=tab[name="Sources"]');
    expect(await page.textContent('[data-table=sources] tbody')).toContain(SCRIPT);
    await page.click('[data-tabs=traffic] >> role=tab[name="Campaigns"]');
    expect(await page.textContent('[data-table=campaigns] tbody')).toContain(IMG);
    // The note: its text in the list, its label painted on the chart.
    expect(await page.textContent('[data-notes] li')).toContain(`${IMG} ${SCRIPT}`);
    // Hover the chart: its tooltip is HTML rendered by ECharts.
    await page.hover('[data-chart=timeseries] canvas');
    await assertInert('overview');
  });

  it('filter chips, funnel, where-they-went and the journey list', async () => {
    const { page } = tab;
    const f = new URLSearchParams({ site: 'evil', range: 'today', page: `/${IMG}`, event: IMG, prop: `${SCRIPT}:${IMG}` });
    await page.goto(`${d.url}/overview?${f}`);
    await settled(page);
    expect(await page.$$eval('.chip-value', (els) => els.map((e) => e.textContent))).toEqual([`/${IMG}`, IMG, IMG]);
    expect(await page.textContent('.chip[data-filter^="Property"] .chip-label')).toBe(`Property ${SCRIPT}:`);
    // The hostile page, event and property filter reach the API and match the one visitor who sent them.
    expect(await page.textContent('[data-kpi=visitors] .kpi-value')).toBe('1');
    await assertInert('filtered');

    await page.goto(`${d.url}/funnel?site=evil&range=today&journey=evil&stage=1`);
    await page.waitForSelector('[data-where="1"] [data-dropped]');
    expect(await page.textContent('.funnel-bars')).toContain(IMG);
    expect(await page.textContent('[data-where="1"]')).toContain(SCRIPT);
    expect(await page.textContent('[data-table="dropoff-1-exit"]')).toContain(`/${IMG}`);
    await assertInert('funnel');

    // What changed: the hostile stage names on its stage buttons.
    await page.goto(`${d.url}/funnel?site=evil&range=today&journey=evil&changes=1`);
    await page.waitForSelector('[data-change-stage="2"]');
    expect(await page.textContent('[data-change-stage="1"]')).toContain(IMG);
    expect(await page.textContent('[data-change-stage="2"]')).toContain(SCRIPT);
    await page.waitForSelector('[data-table=change-stage-1] tbody tr');
    expect(await page.textContent('[data-table=change-stage-1] tbody')).toContain(`/${IMG}`);
    expect(await page.textContent('[data-change-lead]')).toContain(`“${IMG}”`);
    await assertInert('what-changed');

    // What moved the bounce rate: hostile entry pages are segments' names.
    await page.goto(`${d.url}/overview?site=evil&range=today&bounce_why=1`);
    await page.waitForSelector('[data-table=bounce-drivers] tbody tr');
    expect(await page.textContent('[data-table=bounce-drivers] tbody')).toContain(`/${IMG}`);
    await assertInert('bounce-why');

    await page.goto(`${d.url}/journeys?site=evil`);
    await page.waitForSelector('[data-journey=evil]');
    expect(await page.textContent('[data-journey=evil] h3')).toBe(SCRIPT);
    await assertInert('journeys');
  });

  it('the journey editor shows hostile names and matchers in its fields', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/journeys/evil/edit?site=evil&range=today`);
    await page.waitForSelector('[data-stage-editor="1"]');
    expect(await page.inputValue('input[name=journey-name]')).toBe(SCRIPT);
    expect(await page.inputValue('input[name=stage-0-matcher-0]')).toBe(`/${IMG}`);
    await assertInert('editor');
  });

  it('paths (Sankey tooltips too), pages, sources, retention and the journey map', async (c) => {
    const { page } = tab;
    let ran = 0;
    if (await hasAnalysis(d, 'paths')) {
      await page.goto(`${d.url}/paths?site=evil&range=today`);
      await page.waitForSelector('[data-chart=sankey] canvas');
      expect(await page.textContent('[data-table=paths]')).toContain(`/${IMG} → event:${IMG}`);
      // Sweep the pointer over the Sankey: its tooltips are HTML built from node labels.
      const box = (await page.locator('[data-chart=sankey]').boundingBox())!;
      for (let x = 0.05; x < 1; x += 0.1) for (let y = 0.1; y < 1; y += 0.2) await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
      await assertInert('paths');
      ran++;
    }
    if (await hasAnalysis(d, 'pages')) {
      await page.goto(`${d.url}/pages?site=evil&range=today`);
      await page.locator('[data-table=pages]').getByText(`/${SCRIPT}`, { exact: true }).first().waitFor();
      await assertInert('pages');
      ran++;
    }
    if (await hasAnalysis(d, 'sources')) {
      await page.goto(`${d.url}/sources?site=evil&range=today&journey=evil&by=source`);
      await page.waitForSelector(`[data-segment="${SCRIPT}"]`);
      await assertInert('sources');
      ran++;
    }
    if (await hasAnalysis(d, 'retention')) {
      // Retention by source: a hostile utm_source is a segment's name, in the table and the legend.
      await page.goto(`${d.url}/retention?site=evil&range=today&breakdown=source`);
      await page.waitForSelector(`[data-table=retention-segments] [data-segment="${SCRIPT}"]`);
      await assertInert('retention');
      ran++;
    }
    if (await hasAnalysis(d, 'map')) {
      await page.goto(`${d.url}/journeys/evil/map?site=evil&range=today`);
      await page.waitForSelector('[data-map-stages]');
      expect(await page.textContent('[data-map-stages]')).toContain(IMG);
      await assertInert('map');
      ran++;
    }
    if (ran === 0) c.skip(); // pending: none of these analysis routes is on the server yet
  });
});
