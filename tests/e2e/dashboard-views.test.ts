/**
 * Every view renders on the demo data, and the numbers it shows equal the API's answer to the same
 * query (the dashboard builds its API URLs with analysisUrl, so the test asks the same question).
 * Screenshots of each view go to test-results/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { overviewResultSchema } from '../../analysis/overview/schema.js';
import { funnelResultSchema } from '../../analysis/funnel/schema.js';
import { dropoffResultSchema } from '../../analysis/dropoff/schema.js';
import { pathsResultSchema } from '../../analysis/paths/schema.js';
import { pagesResultSchema } from '../../analysis/pages/schema.js';
import { sourcesResultSchema } from '../../analysis/sources/schema.js';
import { attributionResultSchema } from '../../analysis/attribution/schema.js';
import { mapResultSchema } from '../../analysis/map/schema.js';
import { customEventsResultSchema } from '../../analysis/custom-events/schema.js';
import { visitorsResultSchema } from '../../analysis/visitors/schema.js';
import { bounceChangeResultSchema } from '../../analysis/bounce-change/result.js';
import { changeResultSchema } from '../../analysis/change/schema.js';
import { retentionResultSchema, type RetentionResult } from '../../analysis/retention/schema.js';
import { comparedRange, currentBucket, likeForLike, resolveRange, shiftRange } from '../../dashboard/src/dates.js';
import { addDays } from '../../analysis/common/time.js';
import { fmtInt, fmtPt } from '../../dashboard/src/format.js';
import { annotationsResponse } from '../../analysis/annotations/schema.js';
import { PAYMENT_INCIDENT } from '../../collector/demo/shop.js';
import { hasAnalysis, int, pct, screenshot, settled, useDashboard, useTab } from './dashboard-helpers.js';

const d = useDashboard();
const tab = useTab(d);
const range = () => resolveRange(new URLSearchParams('range=30d'), 'Europe/Berlin');
const q = () => `from=${range().from}&to=${range().to}`;

describe('dashboard views on the demo data', () => {
  it('overview: KPIs and tables equal the overview API', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/overview?site=demo&range=30d`);
    await settled(page);
    const api = await d.get(`/api/sites/demo/overview?${q()}&limit=50`, overviewResultSchema);
    expect(api.totals.visitors).toBeGreaterThan(0);
    expect(await page.textContent('[data-kpi=visitors] .kpi-value')).toBe(int(api.totals.visitors));
    expect(await page.textContent('[data-kpi=sessions] .kpi-value')).toBe(int(api.totals.sessions));
    expect(await page.textContent('[data-kpi=pageviews] .kpi-value')).toBe(int(api.totals.pageviews));
    expect(await page.textContent('[data-kpi=bounce_rate] .kpi-value')).toBe(pct(api.totals.bounce_rate));
    // Top pages: the first row (sorted by views) is the API's top page.
    const top = [...api.pages].sort((a, b) => b.views - a.views)[0]!;
    expect(await page.textContent('[data-table=pages] tbody tr:first-child [data-col=path]')).toBe(top.path);
    expect(await page.textContent('[data-table=pages] tbody tr:first-child [data-col=views]')).toBe(int(top.views));
    const channel = [...api.channels].sort((a, b) => b.visitors - a.visitors)[0]!;
    expect(await page.textContent('[data-table=channels] tbody tr:first-child [data-col=value]')).toBe(channel.value);
    await page.waitForSelector('[data-chart=timeseries] canvas');
    // Today is under way: drawn "so far" (dashed); yesterday's range has no such day.
    expect(await page.getAttribute('[data-chart=timeseries]', 'data-partial')).toBe(currentBucket('Europe/Berlin', 'day'));
    await screenshot(page, 'overview');
    await page.goto(`${d.url}/overview?site=demo&range=yesterday`);
    await page.waitForSelector('[data-chart=timeseries][data-rendered]');
    expect(await page.getAttribute('[data-chart=timeseries]', 'data-partial')).toBeNull();
  });

  it('overview: "what moved it?" under the bounce rate shows the bounce_change API\'s drivers against the figure\'s own baseline', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/overview?site=demo&range=7d`);
    await settled(page);
    await page.click('[data-bounce-explain]');
    await page.waitForSelector('[data-table=bounce-drivers] tbody tr');
    await settled(page);
    expect(new URL(page.url()).searchParams.get('bounce_why')).toBe('1');
    const now = resolveRange(new URLSearchParams('range=7d'), 'Europe/Berlin');
    const base = comparedRange(now, 'Europe/Berlin');
    const api = await d.get(`/api/sites/demo/bounce_change?from=${now.from}&to=${now.to}&baseline_from=${base.from}&baseline_to=${base.to}`, bounceChangeResultSchema);
    // The same bounce rates as the figure above it.
    expect(await page.textContent('[data-kpi=bounce_rate] .kpi-value')).toBe(pct(api.current.rate));
    expect(await page.textContent('[data-kpi=bounce_rate] .kpi-change')).toContain(`from ${pct(api.baseline.rate)}`);
    const label = (by: string) => ({ channel: 'Channel', device: 'Device', browser: 'Browser', os: 'OS', country: 'Country', entry_page: 'Entry page' })[by];
    const rows = await page.$$eval('[data-table=bounce-drivers] tbody tr', (trs) => trs.map((tr) => [tr.querySelector('[data-col=segment]')!.textContent, tr.querySelector('[data-col=effect]')!.textContent, tr.querySelector('[data-col=rate] [data-significant=yes]') !== null]));
    expect(rows).toEqual(api.drivers.map((x) => [`${label(x.by)} ${x.value || '(none)'}`, fmtPt(x.effect), x.significant]));
    expect(await page.textContent('[data-bounce-lead]')).toContain(`${label(api.drivers[0]!.by)} ${api.drivers[0]!.value}`);
    // Each dimension's effects add up to the change (rounding aside).
    const all = await d.get(`/api/sites/demo/bounce_change?from=${now.from}&to=${now.to}&baseline_from=${base.from}&baseline_to=${base.to}&by=device&drivers=100`, bounceChangeResultSchema);
    expect(Math.abs(all.drivers.reduce((sum, x) => sum + x.effect, 0) - api.change!)).toBeLessThan(1e-4);
    await screenshot(page, 'bounce-why');
    // Yesterday against the same weekday a week earlier, as "what changed" offers it.
    await page.goto(`${d.url}/overview?site=demo&range=yesterday&bounce_why=1`);
    await page.selectOption('[data-testid=bounce-against]', 'week');
    const day = resolveRange(new URLSearchParams('range=yesterday'), 'Europe/Berlin').from;
    await page.waitForFunction((t) => document.querySelector('[data-bounce-why] p')?.textContent?.includes(t), `against ${addDays(day, -7)} – ${addDays(day, -7)}`);
    expect(new URL(page.url()).searchParams.get('against')).toBe('week');
    await page.click('[data-bounce-why] button:text("Close")');
    await page.waitForSelector('[data-bounce-why]', { state: 'detached' });
  });

  it('overview: custom events and one event\'s properties equal the custom events API; a name filters by it', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/overview?site=demo&range=30d`);
    await settled(page);
    await page.waitForSelector('[data-table=custom-events] tbody tr');
    const api = await d.get(`/api/sites/demo/custom_events?${q()}&limit=50`, customEventsResultSchema);
    expect(api.events.length).toBeGreaterThan(1);
    const rows = await page.$$eval('[data-table=custom-events] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent)));
    const money = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(rows).toEqual(api.events.slice(0, 10).map((e) => [e.name, int(e.events), int(e.visitors), pct(e.conversion_rate), money(e.revenue)]));

    const withProps = api.events.find((e) => e.name === 'add_to_cart') ?? api.events[0]!;
    await page.click(`[data-props-of="${withProps.name}"]`);
    await page.waitForSelector('[data-table=custom-event-props]');
    await settled(page);
    expect(new URL(page.url()).searchParams.get('props_of')).toBe(withProps.name);
    const one = await d.get(`/api/sites/demo/custom_events?${q()}&limit=50&name=${withProps.name}`, customEventsResultSchema);
    const props = await page.$$eval('[data-table=custom-event-props] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)));
    expect(props).toEqual(one.props.slice(0, 10).map((r) => [r.key, r.value, int(r.events)]));
    // And over time: per day of the range, adding up to its count.
    expect(one.series!.interval).toBe('day');
    expect(one.series!.buckets.map((b) => b.bucket)).toEqual(one.series!.buckets.map((b) => b.bucket).sort());
    expect(one.series!.buckets.reduce((n, b) => n + b.events, 0)).toBe(withProps.events);
    await page.waitForSelector(`[data-event-series="${withProps.name}"] [data-chart=event-series][data-rendered]`);
    expect(await page.textContent(`[data-event-series="${withProps.name}"] h3`)).toBe(`“${withProps.name}” per day`);
    await screenshot(page, 'overview-custom-events');

    // "See who": the people who sent it, as many as the event's visitors.
    await page.click(`[data-who-sent="${withProps.name}"]`);
    await page.waitForURL((u) => u.pathname === '/people' && u.searchParams.get('event') === withProps.name);
    await page.waitForSelector('[data-people-total]');
    await settled(page);
    const who = await d.get(`/api/sites/demo/visitors?${q()}&limit=50&event=${withProps.name}`, visitorsResultSchema);
    expect(who.total).toBe(withProps.visitors);
    expect(await page.textContent('[data-people-total] strong')).toBe(int(who.total));
    expect(await page.textContent('[data-filtered]')).toContain(`event ${withProps.name}`);
    await page.goBack();
    await page.waitForSelector('[data-table=custom-events] tbody tr');

    // The name is a filter: the sessions that sent it.
    await page.click(`[data-table=custom-events] a:text-is("${withProps.name}")`);
    await page.waitForURL((u) => u.searchParams.get('event') === withProps.name);
    await settled(page);
    const filtered = await d.get(`/api/sites/demo/overview?${q()}&limit=50&event=${withProps.name}`, overviewResultSchema);
    expect(await page.textContent('[data-kpi=visitors] .kpi-value')).toBe(int(filtered.totals.visitors));
    expect(filtered.totals.visitors).toBe(withProps.visitors);
  });

  it('tables sort on a header click and export CSV', async () => {
    const { page } = tab;
    await page.click('[data-table=pages] [data-sort=path]');
    const first = await page.textContent('[data-table=pages] tbody tr:first-child [data-col=path]');
    const paths = await page.$$eval('[data-table=pages] tbody [data-col=path]', (els) => els.map((e) => e.textContent));
    expect(first).toBe([...paths].sort((a, b) => b!.localeCompare(a!))[0]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export=pages]')]);
    expect(download.suggestedFilename()).toBe('pages.csv');
    const csv = await (await download.createReadStream()).toArray();
    expect(Buffer.concat(csv).toString()).toMatch(/^path,views,visitors,entries,exits,bounce_rate,exit_rate\r\n/);
  });

  it('funnel: stage counts equal the funnel API; a drop-off click shows where they went', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/funnel?site=demo&range=30d&journey=checkout`);
    await settled(page);
    const api = await d.get(`/api/sites/demo/funnel?${q()}&journey=checkout`, funnelResultSchema);
    const shown = await page.$$eval('[data-reached]', (els) => els.map((e) => e.textContent));
    expect(shown).toEqual(api.stages.map((s) => int(s.reached)));
    expect(api.time_to_convert.conversions).toBeGreaterThan(0);

    await page.waitForSelector('[data-chart=time-to-convert] canvas');
    await screenshot(page, 'funnel');

    // The biggest drop-off: click it, see where those people went.
    const worst = api.stages.filter((s) => s.dropped !== null).sort((a, b) => b.dropped! - a.dropped!)[0]!;
    await page.click(`[data-dropoff="${worst.index}"]`);
    await page.waitForSelector(`[data-where="${worst.index}"] [data-dropped]`);
    await settled(page);
    expect(page.url()).toContain(`stage=${worst.index}`);
    const where = await d.get(`/api/sites/demo/dropoff?${q()}&journey=checkout&stage=${worst.index}`, dropoffResultSchema);
    expect(await page.textContent('[data-dropped]')).toBe(int(where.dropped));
    expect(where.dropped).toBe(worst.dropped);
    const next = [...where.next_touchpoints].sort((a, b) => b.count - a.count)[0]!;
    expect(await page.textContent(`[data-table="dropoff-${worst.index}-next"] tbody tr:first-child [data-col=count]`)).toBe(int(next.count));
    await screenshot(page, 'funnel-where-they-went');
  });

  it('funnel breakdown marks significant segments like the API', async () => {
    const { page } = tab;
    await page.selectOption('[data-testid=breakdown-picker]', 'device');
    await page.waitForSelector('[data-table=funnel-by-device] tbody tr');
    await settled(page);
    const api = await d.get(`/api/sites/demo/funnel?${q()}&journey=checkout&breakdown=device`, funnelResultSchema);
    const sig = api.breakdown!.segments.reduce((n, s) => n + s.stages.filter((x) => x.significant).length, 0);
    expect(await page.locator('[data-table=funnel-by-device] [data-significant=yes]').count()).toBe(sig);
    // Conversion over time per device: the breakdown's segments, one line each.
    expect(api.trend!.segments!.map((s) => s.value)).toEqual(api.breakdown!.segments.map((s) => s.value));
    await page.waitForSelector('[data-chart=funnel-trend-segments][data-rendered]');
    expect(await page.textContent('[data-testid=funnel-trend-segments] h3')).toBe('Conversion over time by device');
    await screenshot(page, 'funnel-breakdown');
  });

  it('funnel: conversion over time equals the API\'s trend; a day\'s link narrows the funnel to that day, in hours', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/funnel?site=demo&range=30d&journey=checkout`);
    await settled(page);
    const api = await d.get(`/api/sites/demo/funnel?${q()}&journey=checkout`, funnelResultSchema);
    const trend = api.trend!;
    expect(trend.interval).toBe('day');
    // Days after today would draw as zeros: the view leaves them out.
    const shown = trend.buckets.filter((b) => b.bucket <= currentBucket('Europe/Berlin', 'day')).reverse();
    expect(shown.reduce((n, b) => n + b.reached[0]!, 0)).toBe(api.stages[0]!.reached);
    await page.waitForSelector('[data-chart=funnel-trend] canvas');
    await page.click('[data-table=funnel-trend] button.more');
    const rows = await page.$$eval('[data-table=funnel-trend] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(rows).toEqual(shown.map((b) => [b.bucket, ...b.reached.map(int), pct(b.conversion_rate), b.complete ? 'closed' : 'still converting']));
    // The journey's window is 7 days: the last days of the range are still converting, and say so.
    expect(shown.some((b) => !b.complete)).toBe(true);
    expect(await page.textContent('[data-testid=trend-open]')).toContain('7 d');

    const day = shown.find((b) => b.reached[0]! > 0 && b.complete)!;
    // Not for one frame may the month's answer show, as if settled, under the day's range.
    await page.evaluate((from) => {
      const w = window as unknown as { staleShown: boolean };
      w.staleShown = false;
      new MutationObserver(() => {
        const old = document.querySelector('[data-table=funnel-trend] h3')?.textContent === 'Conversion per day';
        if (new URLSearchParams(location.search).get('from') === from && old && !document.querySelector('.main .stale, .main .loading')) w.staleShown = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    }, day.bucket);
    await page.click(`[data-table=funnel-trend] a:text-is("${day.bucket}")`);
    await page.waitForURL((u) => u.searchParams.get('from') === day.bucket && u.searchParams.get('to') === day.bucket);
    // The day's answer, not the month's still on screen for a frame: it is counted in hours.
    await page.waitForSelector('[data-table=funnel-trend] h3:text-is("Conversion per hour")');
    await settled(page);
    expect(new URL(page.url()).searchParams.get('journey')).toBe('checkout');
    const one = await d.get(`/api/sites/demo/funnel?from=${day.bucket}&to=${day.bucket}&journey=checkout`, funnelResultSchema);
    expect(one.trend!.interval).toBe('hour');
    expect(await page.$$eval('[data-reached]', (els) => els.map((e) => e.textContent))).toEqual(one.stages.map((s) => int(s.reached)));
    // Everyone counted on that day in the month's trend reached stage 1 that day; now per hour.
    expect(one.stages[0]!.reached).toBeGreaterThanOrEqual(day.reached[0]!);
    expect(one.trend!.buckets.every((b) => b.bucket.startsWith(`${day.bucket} `))).toBe(true);
    expect(await page.textContent('[data-table=funnel-trend] h3')).toBe('Conversion per hour');
    expect(await page.evaluate(() => (window as unknown as { staleShown: boolean }).staleShown)).toBe(false);
    await screenshot(page, 'funnel-trend-day');
  });

  it('funnel: the completion rate and each stage\'s conversion against the previous period, as the API has both', async () => {
    const { page } = tab;
    // The demo holds 14 days: the last 7 have 7 before them.
    await page.goto(`${d.url}/funnel?site=demo&range=7d&journey=checkout`);
    await settled(page);
    const now = resolveRange(new URLSearchParams('range=7d'), 'Europe/Berlin');
    // Today is under way: the 7 days before, until the same hour of their last day.
    const p = comparedRange(now, 'Europe/Berlin');
    expect(p.to).toMatch(/T\d\d$/);
    const api = await d.get(`/api/sites/demo/funnel?from=${now.from}&to=${now.to}&journey=checkout`, funnelResultSchema);
    const prev = await d.get(`/api/sites/demo/funnel?from=${p.from}&to=${p.to}&journey=checkout`, funnelResultSchema);
    expect(prev.units).toBeGreaterThan(0);
    const done = (f: typeof api) => f.stages.at(-1)!.reached / f.units;
    const pt = fmtPt;
    const change = await page.waitForSelector('[data-funnel-change]');
    expect((await change.textContent())!.trim()).toBe(`vs ${pct(done(prev))} before, ${pt(Math.round((done(api) - done(prev)) * 1e6) / 1e6)}`);
    await page.waitForSelector('[data-table=funnel-stages] tbody [data-col=change]');
    const changes = await page.$$eval('[data-table=funnel-stages] tbody [data-col=change]', (tds) => tds.map((td) => td.textContent));
    const conv = (f: typeof api, i: number) => f.stages[i]!.conversion_from_previous;
    expect(changes).toEqual(api.stages.map((_, i) => (conv(api, i) === null || conv(prev, i) === null ? '–' : pt(Math.round((conv(api, i)! - conv(prev, i)!) * 1e6) / 1e6))));
  });

  it('funnel: "what changed" shows each stage\'s change and the segments behind it as the change API has them; a driver links to the people who dropped', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/funnel?site=demo&range=7d&journey=checkout`);
    await settled(page);
    await page.click('[data-explain]');
    await page.waitForSelector('[data-change-stage]');
    await settled(page);
    const now = resolveRange(new URLSearchParams('range=7d'), 'Europe/Berlin');
    const before = comparedRange(now, 'Europe/Berlin');
    const api = await d.get(`/api/sites/demo/change?from=${now.from}&to=${now.to}&baseline_from=${before.from}&baseline_to=${before.to}&journey=checkout`, changeResultSchema);
    expect(api.baseline).toMatchObject({ from: before.from, to: before.to });
    const pt = fmtPt;
    const buttons = await page.$$eval('[data-change-stage]', (bs) => bs.map((b) => ({ text: b.textContent, sig: b.querySelector('[data-significant=yes]') !== null, on: b.getAttribute('aria-pressed') })));
    expect(buttons.map((b) => b.text)).toEqual(api.stages.map((s) => `${s.name} ${pt(s.change)}${s.significant ? (s.change! > 0 ? ' ▲' : ' ▼') : ''}`));
    expect(buttons.map((b) => b.sig)).toEqual(api.stages.map((s) => s.significant));
    // The stage explained first: the largest significant change, else the largest change.
    const moved = api.stages.filter((s) => s.change !== null && s.change !== 0);
    const pool = moved.some((s) => s.significant) ? moved.filter((s) => s.significant) : moved;
    const first = [...pool].sort((a, b) => Math.abs(b.change!) - Math.abs(a.change!))[0]!;
    expect(buttons.map((b) => b.on)).toEqual(api.stages.map((s) => String(s.index === first.index)));
    // A later stage's drivers, in the API's order (largest effect first), each with its effect.
    const k = api.stages.findLast((s) => api.drivers.some((x) => x.stage === s.index) && s.index > 1)!.index;
    await page.click(`[data-change-stage="${k}"]`);
    await page.waitForSelector(`[data-table=change-stage-${k}] tbody tr`);
    const drivers = api.drivers.filter((x) => x.stage === k);
    const rows = await page.$$eval(`[data-table=change-stage-${k}] tbody tr`, (trs) =>
      trs.map((tr) => [tr.querySelector('[data-col=segment]')!.textContent, tr.querySelector('[data-col=effect]')!.textContent]),
    );
    const label = (by: string) => ({ channel: 'Channel', device: 'Device', browser: 'Browser', os: 'OS', country: 'Country', entry_page: 'Entry page', visitor_type: 'New vs returning' })[by];
    expect(rows).toEqual(drivers.map((x) => [`${label(x.by)} ${x.value} over time ↑`, pt(x.effect)]));
    // A driver's mark is its significance adjusted for every segment compared (q), and a note says how many.
    const marks = await page.$$eval(`[data-table=change-stage-${k}] tbody tr [data-col=rate]`, (tds) => tds.map((td) => td.querySelector('[data-significant=yes]') !== null));
    expect(marks).toEqual(drivers.map((x) => x.significant));
    expect(drivers.every((x) => x.significant === (x.q_value !== null && x.q_value < 0.05))).toBe(true);
    expect(await page.textContent('[data-change-tested]')).toContain(`${fmtInt(api.stages[k - 1]!.segments_tested)} segments compared at “${api.stages[k - 1]!.name}”`);
    expect(await page.textContent('[data-change-lead]')).toContain(`${label(drivers[0]!.by)}${drivers[0]!.by === 'visitor_type' ? ':' : ''} ${drivers[0]!.value}`);
    // A significant change in units: the API's shortfall, as the sentence under the lead says it.
    const sk = api.stages[k - 1]!;
    const shortfall = Math.round(sk.shortfall!);
    if (sk.significant && shortfall > 0) {
      expect(await page.textContent('[data-change-shortfall]')).toBe(`At the earlier rate, ≈ ${fmtInt(shortfall)} more visitors would have reached “${sk.name}” (${fmtInt(sk.current.reached)} did).`);
    } else if (sk.significant && shortfall < 0) {
      expect(await page.textContent('[data-change-shortfall]')).toContain(`≈ ${fmtInt(-shortfall)} more visitors reached`);
    } else expect(await page.$('[data-change-shortfall]')).toBeNull();
    await screenshot(page, 'what-changed');
    // Each dimension's effects add up to the stage's change (rounding aside), so the table explains all of it.
    const stage = api.stages[k - 1]!;
    for (const by of api.by) {
      const all = (await d.get(`/api/sites/demo/change?from=${now.from}&to=${now.to}&baseline_from=${before.from}&baseline_to=${before.to}&journey=checkout&by=${by}&drivers=100`, changeResultSchema)).drivers.filter((x) => x.stage === k);
      expect(Math.abs(all.reduce((sum, x) => sum + x.effect, 0) - stage.change!)).toBeLessThan(1e-4);
    }
    // When did it start: the funnel broken down by the driver's dimension, its segments over time.
    await page.click(`[data-table=change-stage-${k}] [data-driver-trend=${drivers[0]!.by}]`);
    await page.waitForSelector('[data-chart=funnel-trend-segments][data-rendered]');
    expect(new URL(page.url()).searchParams.get('breakdown')).toBe(drivers[0]!.by);
    expect(await page.textContent('[data-testid=funnel-trend-segments] h3')).toBe(`Conversion over time by ${label(drivers[0]!.by)!.toLowerCase()}`);
    // "Who dropped": the people who reached the stage before and not this one, in that segment.
    const link = page.locator(`[data-table=change-stage-${k}] [data-driver-people]`).first();
    const href = (await link.getAttribute('href'))!;
    const params = new URL(href, d.url).searchParams;
    expect(params.get('journey')).toBe('checkout');
    expect(params.get('stage')).toBe(String(k - 1));
    const withLink = drivers.find((x) => params.get(x.by) === x.value)!;
    expect(withLink).toBeDefined();
    await link.click();
    await page.waitForSelector('[data-table=people] tbody tr');
    expect(new URL(page.url()).pathname).toBe('/people');
    await screenshot(page, 'what-changed-people');
    // Yesterday against the same weekday a week earlier: the API asked with that baseline.
    await page.goto(`${d.url}/funnel?site=demo&range=yesterday&journey=checkout&changes=1`);
    await page.waitForSelector('[data-change-stage]');
    await page.selectOption('[data-testid=change-against]', 'week');
    const day = resolveRange(new URLSearchParams('range=yesterday'), 'Europe/Berlin').from;
    const weekBefore = addDays(day, -7);
    await page.waitForFunction((t) => document.querySelector('[data-what-changed] p')?.textContent?.includes(t), `against ${weekBefore} – ${weekBefore}`);
    await settled(page);
    const week = await d.get(`/api/sites/demo/change?from=${day}&to=${day}&baseline_from=${weekBefore}&baseline_to=${weekBefore}&journey=checkout`, changeResultSchema);
    expect(await page.$$eval('[data-change-stage]', (bs) => bs.map((b) => b.textContent))).toEqual(
      week.stages.map((s) => `${s.name} ${pt(s.change)}${s.significant ? (s.change! > 0 ? ' ▲' : ' ▼') : ''}`),
    );
    // Over 30 days only what does not overlap them is offered.
    await page.goto(`${d.url}/funnel?site=demo&range=30d&journey=checkout&changes=1`);
    await page.waitForSelector('[data-testid=change-against]');
    expect(await page.$$eval('[data-testid=change-against] option', (os) => os.map((o) => o.getAttribute('value')))).toEqual(['', 'year']);
  });

  it('filters change the numbers and survive a reload', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/overview?site=demo&range=30d`);
    await settled(page);
    const all = await page.textContent('[data-kpi=visitors] .kpi-value');
    await page.click('[data-tabs=tech] >> role=tab[name="Devices"]');
    await page.click('[data-table=devices] tbody tr:first-child a.filter-link');
    await page.waitForURL(/device=/);
    await settled(page);
    const device = new URL(page.url()).searchParams.get('device')!;
    const api = await d.get(`/api/sites/demo/overview?${q()}&limit=50&device=${encodeURIComponent(device)}`, overviewResultSchema);
    expect(await page.textContent('[data-kpi=visitors] .kpi-value')).toBe(int(api.totals.visitors));
    expect(int(api.totals.visitors)).not.toBe(all);
    await page.reload();
    await settled(page);
    expect(await page.textContent('.chip .chip-value')).toBe(device);
    expect(await page.textContent('[data-kpi=visitors] .kpi-value')).toBe(int(api.totals.visitors));
    await screenshot(page, 'overview-filtered');
  });

  it('last 24 hours: an hour range, kept in hours when made custom, with the API’s numbers', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/overview?site=demo&range=24h`);
    await settled(page);
    await page.selectOption('[data-testid=range-picker]', 'custom');
    await page.waitForURL(/from=/);
    await settled(page);
    const url = new URL(page.url()).searchParams;
    const [from, to] = [url.get('from')!, url.get('to')!];
    // 24 local hours ending with the current one (23 or 25 apart across a DST change).
    expect(from).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}$/);
    expect(to).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}$/);
    expect([22, 23, 24]).toContain((Date.parse(`${to}:00Z`) - Date.parse(`${from}:00Z`)) / 3_600_000);
    expect(await page.getAttribute('input[aria-label=From]', 'type')).toBe('datetime-local');
    expect(await page.inputValue('input[aria-label=From]')).toBe(`${from}:00`);
    expect(await page.inputValue('input[aria-label=To]')).toBe(`${to}:00`);
    const api = await d.get(`/api/sites/demo/overview?from=${from}&to=${to}&limit=50`, overviewResultSchema);
    expect(api.interval).toBe('hour');
    expect(api.totals.sessions).toBeGreaterThan(0);
    expect(await page.textContent('[data-kpi=sessions] .kpi-value')).toBe(int(api.totals.sessions));
    expect(await page.textContent('[data-kpi=visitors] .kpi-value')).toBe(int(api.totals.visitors));
    // Editing the From hour (to the first hour of its day) asks the API for that range.
    await page.fill('input[aria-label=From]', `${from.slice(0, 10)}T00:00`);
    await page.waitForURL((u) => u.searchParams.get('from') === `${from.slice(0, 10)}T00`);
    await settled(page);
    const wider = await d.get(`/api/sites/demo/overview?from=${from.slice(0, 10)}T00&to=${to}&limit=50`, overviewResultSchema);
    expect(await page.textContent('[data-kpi=sessions] .kpi-value')).toBe(int(wider.totals.sessions));
    await screenshot(page, 'overview-24h');
  });

  it('sources: per-channel funnels side by side and first/last touch equal the sources API', async (c) => {
    if (!(await hasAnalysis(d, 'sources'))) return c.skip(); // pending: GET /sources not on the server yet
    const { page } = tab;
    await page.goto(`${d.url}/sources?site=demo&range=30d&journey=checkout`);
    await settled(page);
    const api = await d.get(`/api/sites/demo/sources?${q()}&journey=checkout&by=channel&segments=20`, sourcesResultSchema);
    const segs = api.funnel.breakdown!.segments;
    const shown = await page.$$eval('[data-segment]', (els) => els.map((e) => e.getAttribute('data-segment')));
    expect(shown).toEqual(segs.slice(0, 6).map((s) => s.value));
    const s0 = segs[0]!;
    expect(await page.textContent(`[data-segment="${s0.value}"] [data-completed]`)).toBe(pct(s0.stages.at(-1)!.reached / s0.units));
    const first = [...api.touch.segments].sort((a, b) => b.first_touch - a.first_touch)[0]!;
    expect(await page.textContent('[data-table=touch-by-channel] tbody tr:first-child [data-col=first_touch]')).toBe(int(first.first_touch));
    // From the channels' funnels to whether their people come back.
    const toRetention = new URL((await page.getAttribute('[data-retention-link]', 'href'))!, d.url);
    expect([toRetention.pathname, toRetention.searchParams.get('breakdown'), toRetention.searchParams.get('range')]).toEqual(['/retention', 'channel', '30d']);
    await screenshot(page, 'sources');
    await page.click('.view-controls .segmented >> text=Campaign');
    await page.waitForURL(/by=campaign/);
    await settled(page);
    const camp = await d.get(`/api/sites/demo/sources?${q()}&journey=checkout&by=campaign&segments=20`, sourcesResultSchema);
    // Polled: the URL changes a moment before the view starts loading the campaign funnels, so
    // settled() can return while the channel segments are being replaced (seen once in CI: 0).
    await expect.poll(() => page.locator('[data-segment]').count(), { timeout: 20_000 }).toBe(Math.min(6, camp.funnel.breakdown!.segments.length));
  });

  it('attribution: the model switch shows each model’s credits from the attribution API', async (c) => {
    if (!(await hasAnalysis(d, 'attribution'))) return c.skip(); // pending: GET /attribution not on the server yet
    const { page } = tab;
    await page.goto(`${d.url}/sources?site=demo&range=30d&journey=checkout`);
    await page.waitForSelector('[data-attribution] [data-conversions]');
    const api = await d.get(`/api/sites/demo/attribution?${q()}&journey=checkout&lookback_days=30&limit=50`, attributionResultSchema);
    expect(await page.textContent('[data-conversions]')).toBe(int(api.conversions));
    for (const model of ['first_touch', 'position_based'] as const) {
      await page.click(`[data-model=${model}]`);
      await page.waitForSelector(`[data-table=attribution-${model}]`);
      const top = [...api.channels].sort((a, b) => b[model].conversions - a[model].conversions)[0]!;
      expect(await page.textContent(`[data-table=attribution-${model}] tbody tr:first-child [data-col=channel]`)).toBe(top.channel);
    }
    expect(page.url()).toContain('model=position_based');
    await screenshot(page, 'attribution');
  });

  it('pages: page table and bounce by load time equal the pages API', async (c) => {
    if (!(await hasAnalysis(d, 'pages'))) return c.skip(); // pending: GET /pages not on the server yet
    const { page } = tab;
    await page.goto(`${d.url}/pages?site=demo&range=30d`);
    await settled(page);
    const api = await d.get(`/api/sites/demo/pages?${q()}&limit=100`, pagesResultSchema);
    expect(await page.textContent('[data-pages-sessions]')).toBe(int(api.totals.sessions));
    expect(await page.textContent('[data-pages-bounce]')).toBe(pct(api.totals.bounce_rate));
    const top = [...api.pages].sort((a, b) => b.views - a.views)[0]!;
    expect(await page.textContent('[data-table=pages] tbody tr:first-child [data-col=path]')).toBe(top.path);
    const rows = await page.$$eval('[data-table=bounce-by-load] tbody [data-col=sessions]', (els) => els.map((e) => e.textContent));
    expect(rows.length).toBe(api.bounce_by_load.length);
    await page.waitForSelector('[data-chart=load-bounce] canvas');
    await screenshot(page, 'pages');
  });

  it('retention: the cohort grid equals the retention API, by day and by week, for any visit and for a return event', async () => {
    const { page } = tab;
    /** Per shown cohort (from the first with people): date, new visitors, and how many came back in each later period. */
    const expected = (api: RetentionResult) =>
      api.cohorts.slice(api.cohorts.findIndex((c) => c.visitors > 0)).map((c) => [c.bucket, int(c.visitors), ...c.periods.map((x) => String(x.returned))]);
    const shown = () =>
      page.$$eval('.retention-grid tbody tr:not(.average)', (trs) =>
        trs.map((tr) => [tr.getAttribute('data-cohort'), tr.querySelector('[data-col=visitors]')!.textContent, ...[...tr.querySelectorAll('[data-returned]')].map((td) => td.getAttribute('data-returned'))]),
      );
    await page.goto(`${d.url}/retention?site=demo&range=30d`);
    await settled(page);
    const days = await d.get(`/api/sites/demo/retention?${q()}`, retentionResultSchema);
    expect(days.interval).toBe('day');
    // The demo's visitors come back: someone in most cohorts.
    expect(days.totals.returned).toBeGreaterThan(0);
    expect(await page.textContent('[data-retention-new]')).toBe(int(days.totals.visitors));
    expect(await page.textContent('[data-retention-rate]')).toBe(pct(days.totals.rate));
    expect(await shown()).toEqual(expected(days));
    await page.waitForSelector('[data-chart=retention-curve][data-rendered]');
    await screenshot(page, 'retention');

    // The people behind a cell: the first cohort's people back on day 1, as many as it says.
    const cohort = days.cohorts.find((c) => (c.periods[0]?.returned ?? 0) > 0)!;
    await page.click(`[data-cohort="${cohort.bucket}"] [data-period="1"] a`);
    await page.waitForURL((u) => u.pathname === '/people' && u.searchParams.get('cohort') === cohort.bucket && u.searchParams.get('period') === '1');
    await page.waitForSelector('[data-cohort-note]');
    await settled(page);
    expect(await page.textContent('[data-people-total] strong')).toBe(int(cohort.periods[0]!.returned));
    expect(await page.textContent('[data-cohort-note]')).toContain(`New visitors first seen on ${cohort.bucket} who came back day 1 after`);
    const who = await d.get(`/api/sites/demo/visitors?${q()}&limit=50&cohort=${cohort.bucket}&period=1&interval=day`, visitorsResultSchema);
    expect(who.total).toBe(cohort.periods[0]!.returned);
    expect(await page.$$eval('[data-table=people] tbody .person-link', (as) => as.map((a) => a.textContent))).toEqual(who.people.map((p) => p.person));
    await page.goBack();
    await settled(page);
    // The whole cohort, then those of it who have not come back: the cohort less those who did.
    await page.click(`[data-cohort="${cohort.bucket}"] [data-col=visitors] a`);
    await page.waitForSelector('[data-lost-link]');
    await settled(page);
    expect(await page.textContent('[data-people-total] strong')).toBe(int(cohort.visitors));
    await page.click('[data-lost-link]');
    await page.waitForURL((u) => u.searchParams.get('lost') === 'true');
    await page.waitForSelector('[data-cohort-note]:has-text("who have not come back since")');
    await settled(page);
    expect(await page.textContent('[data-people-total] strong')).toBe(int(cohort.visitors - cohort.returned));
    await page.goto(`${d.url}/retention?site=demo&range=30d`);
    await settled(page);

    await page.selectOption('[data-testid=cohort-picker]', 'week');
    await page.waitForSelector('.retention-grid th:text-is("Week 1")');
    await settled(page);
    const weeks = await d.get(`/api/sites/demo/retention?${q()}&interval=week`, retentionResultSchema);
    expect(await shown()).toEqual(expected(weeks));
    // The range's first week began before it (the week of 30 days ago, unless that was a Monday): it says from when.
    const first = weeks.cohorts.find((c) => c.visitors > 0)!;
    if (first.bucket < range().from) expect(await page.textContent(`[data-cohort="${first.bucket}"] th`)).toBe(`${first.bucket} from ${range().from.slice(5)}`);

    // Came back to buy: the demo's purchases, a much smaller share.
    await page.waitForSelector('[data-testid=return-picker] option[value=purchase]', { state: 'attached' });
    await page.selectOption('[data-testid=return-picker]', 'purchase');
    await page.waitForURL((u) => u.searchParams.get('back') === 'purchase');
    await page.waitForSelector('.lead:has-text("sent “purchase”")');
    await settled(page);
    const bought = await d.get(`/api/sites/demo/retention?${q()}&interval=week&return_event=purchase`, retentionResultSchema);
    expect(bought.totals.returned).toBeLessThan(weeks.totals.returned);
    expect(await page.textContent('[data-retention-rate]')).toBe(pct(bought.totals.rate));
    expect(await shown()).toEqual(expected(bought));

    // Compared by the channel of the first visit: each segment's people and who came back, the marks where it differs.
    await page.goto(`${d.url}/retention?site=demo&range=30d&cohorts=week`);
    await settled(page);
    await page.selectOption('[data-testid=breakdown-picker]', 'channel');
    await page.waitForSelector('[data-table=retention-segments] [data-segment]');
    await settled(page);
    const byChannel = await d.get(`/api/sites/demo/retention?${q()}&interval=week&breakdown=channel`, retentionResultSchema);
    const segments = byChannel.breakdown!.segments;
    expect(segments.length).toBeGreaterThan(1);
    const rows = await page.$$eval('[data-table=retention-segments] [data-segment]', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-segment'), tr.querySelector('[data-col=visitors]')!.textContent, ...[...tr.querySelectorAll('[data-returned]')].map((td) => td.getAttribute('data-returned'))]),
    );
    expect(rows).toEqual(segments.map((x) => [x.value, int(x.visitors), ...x.periods.map((p) => String(p.returned))]));
    const significant = segments.reduce((n, x) => n + x.periods.filter((p) => p.significant).length, 0);
    expect(await page.locator('[data-table=retention-segments] [data-significant=yes]').count()).toBe(significant);
    await page.waitForSelector('[data-chart=retention-segments][data-rendered]');
    await screenshot(page, 'retention-by-channel');
    // Both tables as CSV: the grid (who came back, as counts) and the segments (shares).
    const download = async (name: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export=${name}]`)]);
      return [file.suggestedFilename(), Buffer.concat(await (await file.createReadStream()).toArray()).toString().split('\r\n')] as const;
    };
    const [gridName, grid] = await download('retention');
    expect(gridName).toBe('retention.csv');
    expect(grid[0]).toMatch(/^cohort,new_visitors,back,week_1/);
    const firstCohort = byChannel.cohorts.find((c) => c.visitors > 0)!;
    expect(grid[1]).toBe([firstCohort.bucket, firstCohort.visitors, firstCohort.returned, ...firstCohort.periods.map((p) => p.returned)].join(','));
    const [segName, seg] = await download('retention-segments');
    expect(segName).toBe('retention-by-channel.csv');
    expect(seg[1]!.split(',').slice(0, 3)).toEqual([segments[0]!.value, String(segments[0]!.visitors), String(segments[0]!.returned)]);
  });

  it('journey map: stage columns and pain points equal the map API; a pain point links to its view', async (c) => {
    if (!(await hasAnalysis(d, 'map'))) return c.skip(); // pending: GET /map not on the server yet
    const { page } = tab;
    await page.goto(`${d.url}/journeys/checkout/map?site=demo&range=30d`);
    await settled(page);
    const api = await d.get(`/api/sites/demo/map?${q()}&journey=checkout`, mapResultSchema);
    const reached = await page.$$eval('[data-map-reached]', (els) => els.map((e) => e.textContent));
    expect(reached).toEqual(api.stages.map((s) => int(s.reached)));
    const titles = await page.$$eval('[data-pain-points] .pain-title', (els) => els.map((e) => e.textContent));
    expect(titles).toEqual(api.pain_points.map((p) => p.title));
    await screenshot(page, 'journey-map');
    if (api.pain_points.length) {
      await page.click('[data-pain-points] .pain-link');
      await page.waitForURL((u) => !u.pathname.includes('/map'));
      await settled(page);
    }
  });

  it('paths: top paths equal the paths API; scope and anchor change them', async (c) => {
    if (!(await hasAnalysis(d, 'paths'))) return c.skip(); // pending: GET /paths not on the server yet
    const { page } = tab;
    await page.goto(`${d.url}/paths?site=demo&range=30d`);
    await settled(page);
    const api = await d.get(`/api/sites/demo/paths?${q()}&depth=5&scope=session&limit=20`, pathsResultSchema);
    const top = api.paths[0]!;
    expect(await page.textContent('[data-table=paths] tbody tr:first-child [data-col=path]')).toBe(top.steps.join(' → '));
    expect(await page.textContent('[data-table=paths] tbody tr:first-child [data-col=count]')).toBe(int(top.count));
    await page.waitForSelector('[data-chart=sankey] canvas');
    await screenshot(page, 'paths');

    await page.selectOption('[data-testid=paths-mode]', 'start');
    await page.fill('[data-testid=paths-anchor]', '/cart');
    await page.click('form[aria-label="Path options"] button[type=submit]');
    await page.waitForURL(/start=%2Fcart/);
    await settled(page);
    const cart = await d.get(`/api/sites/demo/paths?${q()}&depth=5&scope=session&limit=20&start=%2Fcart`, pathsResultSchema);
    expect(await page.textContent('.paths .lead')).toContain(`${int(cart.units)} sessions that reached “/cart”`);
    await page.selectOption('[data-testid=paths-scope]', 'visitor');
    await page.waitForURL(/scope=visitor/);
    await settled(page);
    const visitors = await d.get(`/api/sites/demo/paths?${q()}&depth=5&scope=visitor&limit=20&start=%2Fcart`, pathsResultSchema);
    expect(await page.textContent('.paths .lead')).toContain(`${int(visitors.units)} visitors`);
    await screenshot(page, 'paths-from-cart');
  });

  it('notes: the admin adds one under the overview chart; it marks that day there and on the funnel trend, shows its text as text, and goes when removed', async () => {
    const { page } = tab;
    const day = addDays(range().to, -3);
    const text = 'Checkout <b>v2</b> live';
    // The demo notes its own payment incident (collector/demo/shop.ts), six days before its end.
    const demoNotes = (await d.get(`/api/sites/demo/annotations`, annotationsResponse)).annotations;
    expect(demoNotes.map((a) => a.text)).toEqual([PAYMENT_INCIDENT.note]);
    await page.goto(`${d.url}/overview?site=demo&range=30d`);
    await settled(page);
    await page.click('[data-add-note]');
    await page.fill('form[aria-label="Add a note"] input[type=date]', day);
    await page.fill('form[aria-label="Add a note"] input[name=note]', text);
    await page.click('form[aria-label="Add a note"] button[type=submit]');
    await page.waitForSelector(`[data-note="${day}"]`);
    expect(await page.textContent(`[data-note="${day}"]`)).toContain(text);
    await page.waitForSelector(`[data-chart=timeseries][data-marks*="${day}"][data-rendered]`);
    const api = await d.get(`/api/sites/demo/annotations?from=${day}&to=${day}`, annotationsResponse);
    expect(api.annotations.map((a) => a.text)).toEqual([text]);
    await screenshot(page, 'overview-note');
    await page.goto(`${d.url}/funnel?site=demo&range=30d&journey=checkout`);
    await page.waitForSelector(`[data-chart=funnel-trend][data-marks*="${day}"]`);
    await page.goto(`${d.url}/overview?site=demo&range=30d`);
    await page.click(`[data-note="${day}"] button`);
    await page.waitForSelector(`[data-note="${day}"]`, { state: 'detached' });
    await page.waitForSelector(`[data-chart=timeseries][data-marks="${demoNotes[0]!.date}"]`);
    expect((await d.get(`/api/sites/demo/annotations`, annotationsResponse)).annotations).toEqual(demoNotes);
  });

  it('follows a dark colour scheme: surfaces, fields and chart text from the stylesheet’s dark variables', async () => {
    const { page } = tab;
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      await page.goto(`${d.url}/overview?site=demo`);
      await page.waitForSelector('[data-chart=timeseries][data-rendered]');
      const look = await page.evaluate(() => {
        const bg = (el: Element) => getComputedStyle(el).backgroundColor;
        return { page: bg(document.documentElement), card: bg(document.querySelector('.card')!), top: bg(document.querySelector('.top')!), button: bg(document.querySelector('[data-export]')!), select: bg(document.querySelector('select')!) };
      });
      expect(look).toEqual({ page: 'rgb(11, 18, 32)', card: 'rgb(19, 28, 46)', top: 'rgb(19, 28, 46)', button: 'rgb(19, 28, 46)', select: 'rgb(19, 28, 46)' });
      // The chart's axis labels are drawn in the dark scheme's label colour, none in the light one's.
      const pixels = await page.$eval('[data-chart=timeseries] canvas', (c: HTMLCanvasElement) => {
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const near = (r: number, g: number, b: number) => {
          let n = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 250 && Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 12) n++;
          return n;
        };
        return { dark: near(148, 163, 184), light: near(71, 85, 105) };
      });
      expect(pixels.dark).toBeGreaterThan(50);
      expect(pixels.light).toBe(0);
      await screenshot(page, 'overview-dark');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('journeys and sites views render', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/journeys?site=demo`);
    await page.waitForSelector('[data-journey=checkout]');
    await screenshot(page, 'journeys');
    await page.goto(`${d.url}/sites?site=demo`);
    await settled(page);
    expect(await page.textContent('.copy-value')).toBe(`<script defer src="${d.url}/js/waymark.js" data-site="demo"></script>`);
    await page.check('[data-testid=cookieless]');
    expect(await page.textContent('.copy-value')).toContain('data-cookieless');
    await screenshot(page, 'sites');
  });
});
