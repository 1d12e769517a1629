/**
 * The analysis HTTP API, through the real server (as mounted in collector/http/app.ts): journeys
 * CRUD, analyses answering with the same numbers as the references, CSV, and 4xx errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewReference } from '../../analysis/overview/reference.js';
import { overviewParamsSchema } from '../../analysis/overview/schema.js';
import { funnelReference } from '../../analysis/funnel/reference.js';
import { funnelParamsSchema } from '../../analysis/funnel/schema.js';
import { attributionReference } from '../../analysis/attribution/reference.js';
import { attributionParamsSchema } from '../../analysis/attribution/schema.js';
import { mapReference } from '../../analysis/map/reference.js';
import { mapParamsSchema } from '../../analysis/map/schema.js';
import { changeReference } from '../../analysis/change/reference.js';
import { changeParamsSchema } from '../../analysis/change/schema.js';
import { bounceChangeReference } from '../../analysis/bounce-change/reference.js';
import { bounceChangeParamsSchema } from '../../analysis/bounce-change/schema.js';
import { customEventsReference } from '../../analysis/custom-events/reference.js';
import { customEventsParamsSchema } from '../../analysis/custom-events/schema.js';
import { pagesReference } from '../../analysis/pages/reference.js';
import { pagesParamsSchema } from '../../analysis/pages/schema.js';
import { pathsReference } from '../../analysis/paths/reference.js';
import { pathsParamsSchema } from '../../analysis/paths/schema.js';
import { retentionReference } from '../../analysis/retention/reference.js';
import { retentionParamsSchema } from '../../analysis/retention/schema.js';
import { sourcesReference } from '../../analysis/sources/reference.js';
import { sourcesParamsSchema } from '../../analysis/sources/schema.js';
import { visitorReference } from '../../analysis/visitor/reference.js';
import { visitorParamsSchema } from '../../analysis/visitor/schema.js';
import { visitorsReference } from '../../analysis/visitors/reference.js';
import { visitorsParamsSchema } from '../../analysis/visitors/schema.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { at, ev, insertRows } from './helpers.js';
import { DAY } from './cases/types.js';

const SITE = { id: 'shop', timezone: 'UTC' };
const journey = {
  name: 'Checkout',
  stages: [
    { name: 'Product', matchers: [{ path: '/product/*' }], owner: 'Marketing', target_rate: 0.5 },
    { name: 'Cart', matchers: [{ path: '/cart' }] },
    { name: 'Purchase', matchers: [{ event: 'purchase', props: { plan: 'pro' } }], owner: 'Sales' },
  ],
};
const rows = [
  ev({ site_id: 'shop', ms: at(0), visitor_id: 'a', path: '/product/1', channel: 'Email' }),
  ev({ site_id: 'shop', ms: at(1), visitor_id: 'a', path: '/cart' }),
  ev({ site_id: 'shop', ms: at(2), visitor_id: 'a', type: 'event', name: 'purchase', props: { plan: 'pro' } }),
  ev({ site_id: 'shop', ms: at(0), visitor_id: 'b', path: '/product/2' }),
  ev({ site_id: 'shop', ms: at(3), visitor_id: 'b', path: '/cart' }),
  ev({ site_id: 'shop', ms: at(0), visitor_id: 'c', path: '/' }),
];

let server: TestServer;
const get = async (path: string) => {
  const res = await server.api(path);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
};
const json = async (path: string, init?: RequestInit) => {
  const res = await server.api(path, init);
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>) };
};

beforeAll(async () => {
  server = await startTestServer();
  await server.createSite(SITE.id);
  await insertRows(server.waymark.store, rows);
});
afterAll(async () => server?.stop());

describe('journeys API', () => {
  it('creates a journey with defaults filled in, then replaces it', async () => {
    const created = await json('/api/sites/shop/journeys/checkout', { method: 'PUT', body: JSON.stringify(journey) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'checkout', site: 'shop', window_ms: 604_800_000, strict_order: false, scope: 'visitor' });
    const replaced = await json('/api/sites/shop/journeys/checkout', { method: 'PUT', body: JSON.stringify({ ...journey, window_ms: 3_600_000 }) });
    expect(replaced.status).toBe(200);
    expect((await json('/api/sites/shop/journeys/checkout')).body).toMatchObject({ name: 'Checkout', window_ms: 3_600_000 });
    const list = await json('/api/sites/shop/journeys');
    expect(list.body).toMatchObject({ journeys: [{ id: 'checkout' }] });
  });

  it('rejects an invalid journey with the fields at fault', async () => {
    const bad = await json('/api/sites/shop/journeys/bad', { method: 'PUT', body: JSON.stringify({ name: 'x', stages: [{ name: 's', matchers: [{ path: 'no-slash' }] }] }) });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_journey' } });
    expect((await json('/api/sites/shop/journeys/Bad!', { method: 'PUT', body: JSON.stringify(journey) })).status).toBe(400);
  });

  it('deletes a journey; a second delete and a read are 404s', async () => {
    await json('/api/sites/shop/journeys/tmp', { method: 'PUT', body: JSON.stringify(journey) });
    expect((await json('/api/sites/shop/journeys/tmp', { method: 'DELETE' })).status).toBe(204);
    expect((await json('/api/sites/shop/journeys/tmp')).body).toMatchObject({ error: { code: 'unknown_journey' } });
    expect((await json('/api/sites/shop/journeys/tmp', { method: 'DELETE' })).status).toBe(404);
  });
});

describe('analysis API', () => {
  it('annotations: added, listed by day within a range, refused when not one line of text on a real day, deleted', async () => {
    const add = (body: unknown) => json('/api/sites/shop/annotations', { method: 'POST', body: JSON.stringify(body) });
    const later = await add({ date: '2026-01-07', text: '  New payment provider <b>live</b>  ' });
    expect(later).toMatchObject({ status: 201, body: { date: '2026-01-07', text: 'New payment provider <b>live</b>' } });
    const earlier = await add({ date: DAY, text: 'Sale starts 🎉' });
    expect(earlier.status).toBe(201);
    const all = await json('/api/sites/shop/annotations');
    expect((all.body!.annotations as { text: string }[]).map((a) => a.text)).toEqual(['Sale starts 🎉', 'New payment provider <b>live</b>']);
    const range = await json(`/api/sites/shop/annotations?from=2026-01-06&to=2026-01-31`);
    expect((range.body!.annotations as { id: string }[]).map((a) => a.id)).toEqual([later.body!.id]);
    for (const bad of [{ date: '2026-02-30', text: 'x' }, { date: DAY, text: '   ' }, { date: DAY, text: 'x'.repeat(201) }, { date: DAY, text: 'two\nlines' }, { date: DAY, text: 'x', extra: 1 }, { date: `${DAY}T10`, text: 'x' }, { date: DAY, text: 'cut \ud83d' }]) {
      expect(await add(bad), JSON.stringify(bad)).toMatchObject({ status: 400, body: { error: { code: 'invalid_annotation' } } });
    }
    expect(await json('/api/sites/shop/annotations?from=yesterday')).toMatchObject({ status: 400 });
    expect((await json(`/api/sites/shop/annotations/${later.body!.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await json(`/api/sites/shop/annotations/${later.body!.id}`, { method: 'DELETE' })).toMatchObject({ status: 404, body: { error: { code: 'unknown_annotation' } } });
    expect(((await json('/api/sites/shop/annotations')).body!.annotations as unknown[]).length).toBe(1);
    expect((await json(`/api/sites/shop/annotations/${earlier.body!.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('overview answers with the reference numbers, filters from the query string', async () => {
    const res = await json(`/api/sites/shop/overview?from=${DAY}&to=${DAY}&channel=Email&now=${at(10)}`);
    expect(res.status).toBe(200);
    const p = overviewParamsSchema.parse({ from: DAY, to: DAY, filters: { channel: 'Email' }, now: at(10) });
    expect(res.body).toEqual(overviewReference(rows, SITE, p));
    expect(res.body).toMatchObject({ totals: { visitors: 1, sessions: 1, pageviews: 2 } });
  });

  it('funnel runs a stored journey, with a breakdown and a prop filter', async () => {
    await json('/api/sites/shop/journeys/checkout', { method: 'PUT', body: JSON.stringify(journey) });
    const res = await json(`/api/sites/shop/funnel?journey=checkout&from=${DAY}&to=${DAY}&breakdown=channel`);
    expect(res.status).toBe(200);
    const p = funnelParamsSchema.parse({ from: DAY, to: DAY, journey, breakdown: 'channel' });
    expect(res.body).toEqual(funnelReference(rows, SITE, p));
    expect(res.body).toMatchObject({ units: 3, stages: [{ reached: 2, owner: 'Marketing', target_gap: 0.166667 }, { reached: 2 }, { reached: 1 }] });
    const filtered = await json(`/api/sites/shop/funnel?journey=checkout&from=${DAY}&to=${DAY}&prop=plan:pro`);
    expect(filtered.body).toMatchObject({ units: 1 });
  });

  it('drop-off tells where the people who stopped went', async () => {
    const res = await json(`/api/sites/shop/dropoff?journey=checkout&from=${DAY}&to=${DAY}&stage=2`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reached: 2, dropped: 1, next_touchpoints: [{ label: '(left the site)', count: 1 }], exit_pages: [{ label: '/cart' }] });
  });

  it('paths, pages, sources, attribution and the journey map answer with the reference numbers', async () => {
    await json('/api/sites/shop/journeys/checkout', { method: 'PUT', body: JSON.stringify(journey) });
    const range = { from: DAY, to: DAY };
    const paths = await json(`/api/sites/shop/paths?from=${DAY}&to=${DAY}&start=/cart&depth=3&scope=visitor`);
    expect(paths.status).toBe(200);
    expect(paths.body).toEqual(pathsReference(rows, SITE, pathsParamsSchema.parse({ ...range, start: '/cart', depth: 3, scope: 'visitor' })));
    expect(paths.body).toMatchObject({ units: 2, paths: [{ steps: ['/cart'], count: 1 }, { steps: ['/cart', 'event:purchase'], count: 1 }] });
    const events = await json(`/api/sites/shop/custom_events?from=${DAY}&to=${DAY}&name=purchase&channel=Email`);
    expect(events.body).toEqual(customEventsReference(rows, SITE, customEventsParamsSchema.parse({ ...range, name: 'purchase', filters: { channel: 'Email' } })));
    expect(events.body).toMatchObject({ totals: { visitors: 1, events: 1 }, events: [{ name: 'purchase', events: 1, visitors: 1, conversion_rate: 1 }], props: [{ key: 'plan', value: 'pro', events: 1, share: 1 }] });
    // Retention over three days, "now" pinned so the answer is the reference's whenever this runs.
    const now = Date.UTC(2026, 0, 6, 12);
    const retention = await json(`/api/sites/shop/retention?from=2026-01-04&to=2026-01-06&now=${now}&return_event=purchase`);
    expect(retention.body).toEqual(retentionReference(rows, SITE, retentionParamsSchema.parse({ from: '2026-01-04', to: '2026-01-06', now, return_event: 'purchase' })));
    expect(retention.body).toMatchObject({ interval: 'day', totals: { visitors: 3 }, cohorts: [{ visitors: 0 }, { bucket: DAY, visitors: 3, periods: [{ complete: false }] }, { visitors: 0 }] });
    const pages = await json(`/api/sites/shop/pages?from=${DAY}&to=${DAY}&device=desktop`);
    expect(pages.body).toEqual(pagesReference(rows, SITE, pagesParamsSchema.parse({ ...range, filters: { device: 'desktop' } })));
    const sources = await json(`/api/sites/shop/sources?journey=checkout&from=${DAY}&to=${DAY}&by=channel`);
    expect(sources.body).toEqual(sourcesReference(rows, SITE, sourcesParamsSchema.parse({ ...range, journey, by: 'channel' })));
    const attribution = await json(`/api/sites/shop/attribution?journey=checkout&from=${DAY}&to=${DAY}&lookback_days=7`);
    expect(attribution.body).toEqual(attributionReference(rows, SITE, attributionParamsSchema.parse({ ...range, journey, lookback_days: 7 })));
    expect(attribution.body).toMatchObject({ conversions: 1, channels: [{ channel: 'Email', linear: { conversions: 1 } }] });
    const map = await json(`/api/sites/shop/map?journey=checkout&from=${DAY}&to=${DAY}`);
    expect(map.body).toEqual(mapReference(rows, SITE, mapParamsSchema.parse({ ...range, journey })));
    expect(map.body).toMatchObject({ stages: [{ owner: 'Marketing', reached: 2 }, { reached: 2 }, { owner: 'Sales', reached: 1 }] });
  });

  it('serves the new analyses\' tables as CSV', async () => {
    const csv = async (path: string) => (await get(`/api/sites/shop/${path}&from=${DAY}&to=${DAY}&format=csv`)).body.split('\r\n');
    expect((await csv('paths?table=links'))[0]).toBe('source,target,count');
    expect((await csv('pages?table=load_time'))[0]).toBe('bucket,min_ms,max_ms,sessions,bounces,bounce_rate');
    expect((await csv('custom_events?table=events'))[0]).toBe('name,events,visitors,conversion_rate,revenue');
    expect((await csv('custom_events?name=purchase&table=props'))[0]).toBe('key,value,events,visitors,share,revenue');
    expect((await csv('custom_events?name=purchase&table=series')).filter(Boolean)).toHaveLength(1 + 24); // the day's hours
    expect((await csv('retention?table=cohorts'))[0]).toBe('bucket,visitors,returned,rate,complete');
    expect((await get(`/api/sites/shop/retention?from=${DAY}&to=2026-01-07&now=${Date.UTC(2026, 0, 8)}&breakdown=channel&format=csv&table=segment_periods`)).body.split('\r\n')[0]).toBe(
      'segment,period,cohorts,visitors,returned,rate,z,p_value,significant',
    );
    expect(await json(`/api/sites/shop/retention?breakdown=visitor_type`)).toMatchObject({ status: 400 });
    expect((await csv('retention?table=cells'))[0]).toBe('');
    expect((await get(`/api/sites/shop/retention?from=${DAY}&to=2026-01-07&now=${Date.UTC(2026, 0, 8)}&format=csv&table=cells`)).body.split('\r\n')[0]).toBe('bucket,cohort_visitors,period,returned,rate,complete');
    expect((await csv('attribution?journey=checkout&table=channels'))[0]).toMatch(/^channel,first_touch_conversions,first_touch_revenue,last_non_direct_conversions/);
    expect((await csv('map?journey=checkout&table=pain_points'))[0]).toBe('kind,score,title,view,query');
    expect((await csv('sources?journey=checkout&table=touch'))[0]).toBe('value,first_touch,last_touch,first_touch_share,last_touch_share');
    // The funnel's trend: a row per hour of the day, a column per stage.
    const trend = (await csv('funnel?journey=checkout&table=trend')).filter(Boolean);
    expect(trend[0]).toBe('bucket,reached_1,reached_2,reached_3,conversion_rate,complete');
    expect(trend.slice(1).map((l) => l.slice(0, 16))).toEqual(Array.from({ length: 24 }, (_, h) => `${DAY} ${String(h).padStart(2, '0')}:00`));
    const bySegment = (await csv('funnel?journey=checkout&table=segment_trend&breakdown=channel')).filter(Boolean);
    expect(bySegment[0]).toBe('segment,bucket,reached_1,reached_2,reached_3,conversion_rate,complete');
    expect(bySegment.length - 1).toBe(24 * new Set(bySegment.slice(1).map((l) => l.split(',')[0])).size);
    const byDay = (await csv('funnel?journey=checkout&table=trend&interval=day')).filter(Boolean);
    expect(byDay).toHaveLength(2);
    expect(await json(`/api/sites/shop/funnel?journey=checkout&interval=week`)).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
  });

  it('what moved the bounce rate: the reference numbers, its tables as CSV, bad input a 400 naming the field', async () => {
    const r = await json(`/api/sites/shop/bounce_change?from=${DAY}&to=${DAY}&by=channel,entry_page`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(bounceChangeReference(rows, SITE, bounceChangeParamsSchema.parse({ from: DAY, to: DAY, by: 'channel,entry_page' })));
    expect(r.body).toMatchObject({ current: { sessions: 3 }, baseline: { from: '2026-01-04', sessions: 0 }, change: null, drivers: [] });
    const csv = async (table: string) => (await get(`/api/sites/shop/bounce_change?from=${DAY}&to=${DAY}&format=csv&table=${table}`)).body.split('\r\n');
    expect((await csv('periods'))[0]).toBe('period,from,to,sessions,bounces,bounce_rate');
    expect((await csv('periods'))[1]).toMatch(new RegExp(`^current,${DAY},${DAY},3,`));
    for (const [query, field] of [
      ['by=visitor_type', 'by'],
      ['by=page', 'by'],
      [`baseline_from=${DAY}`, 'baseline_to'],
      ['drivers=101', 'drivers'],
    ]) {
      const bad = await json(`/api/sites/shop/bounce_change?${query}`);
      expect(bad.status, query).toBe(400);
      expect(JSON.stringify(bad.body), query).toContain(field);
    }
  });

  it('what changed: the reference numbers against the day before, or a given baseline; its tables as CSV; a site key reads it; bad input is a 400 naming the field', async () => {
    await json('/api/sites/shop/journeys/checkout', { method: 'PUT', body: JSON.stringify(journey) });
    const change = await json(`/api/sites/shop/change?journey=checkout&from=${DAY}&to=${DAY}&by=channel,device`);
    expect(change.status).toBe(200);
    expect(change.body).toEqual(changeReference(rows, SITE, changeParamsSchema.parse({ from: DAY, to: DAY, journey, by: 'channel,device' })));
    // Nothing the day before: every stage is new, so no rate to compare and no driver.
    expect(change.body).toMatchObject({ current: { units: 3 }, baseline: { from: '2026-01-04', to: '2026-01-04', units: 0 }, stages: [{ current: { reached: 2 }, change: null }, {}, {}], drivers: [] });
    // Against itself: nothing changed, nothing explains it.
    const same = await json(`/api/sites/shop/change?journey=checkout&from=${DAY}&to=${DAY}&baseline_from=${DAY}&baseline_to=${DAY}&device=desktop`);
    expect(same.body).toMatchObject({ baseline: { from: DAY, units: 3 }, stages: [{ change: 0, z: 0, significant: false }, { change: 0 }, { change: 0 }], drivers: [] });
    expect(same.body).toEqual(changeReference(rows, SITE, changeParamsSchema.parse({ from: DAY, to: DAY, baseline_from: DAY, baseline_to: DAY, journey, filters: { device: 'desktop' } })));
    const csv = async (table: string) => (await get(`/api/sites/shop/change?journey=checkout&from=${DAY}&to=${DAY}&format=csv&table=${table}`)).body.split('\r\n');
    expect((await csv('stages'))[0]).toBe('index,name,current_from_previous,current_reached,current_rate,baseline_from_previous,baseline_reached,baseline_rate,change,z,p_value,significant,shortfall,segments_tested');
    // No baseline units: no rate to compare with, so no shortfall either.
    expect((await csv('stages'))[1]).toBe('1,Product,3,2,0.666667,0,0,,,,,false,,0');
    expect((await csv('drivers'))[0]).toBe('');
    const key = (await json('/api/sites/shop/keys', { method: 'POST', body: JSON.stringify({ name: 'change' }) })).body as { key: string };
    expect((await fetch(`${server.url}/api/sites/shop/change?journey=checkout`, { headers: { authorization: `Bearer ${key.key}` } })).status).toBe(200);
    for (const [query, field] of [
      ['by=channel,shoe_size', 'by'],
      ['by=channel,channel', 'by'],
      ['by=', 'by'],
      [`baseline_from=${DAY}`, 'baseline_to'],
      [`baseline_to=${DAY}`, 'baseline_from'],
      ['baseline_from=2026-01-05&baseline_to=2026-01-04', 'baseline_from'],
      ['baseline_from=2024-01-01&baseline_to=2026-01-04', 'baseline_to'],
      ['baseline_from=last-week&baseline_to=2026-01-04', 'baseline_from'],
      ['drivers=0', 'drivers'],
    ]) {
      const res = await json(`/api/sites/shop/change?journey=checkout&${query}`);
      expect(res, query).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
      expect(JSON.stringify(res.body), query).toContain(field);
    }
    expect(await json(`/api/sites/shop/change?journey=nope`)).toMatchObject({ status: 404 });
  });

  it('serves tables as CSV', async () => {
    const res = await get(`/api/sites/shop/funnel?journey=checkout&from=${DAY}&to=${DAY}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/csv');
    expect(res.body.split('\r\n')[0]).toBe(
      'index,name,owner,reached,conversion_from_previous,conversion_from_first,dropped,dropoff_rate,median_ms_from_previous,p75_ms_from_previous,target_rate,target_gap',
    );
    const pages = await get(`/api/sites/shop/overview?from=${DAY}&to=${DAY}&format=csv&table=pages`);
    expect(pages.body.split('\r\n')[1]).toMatch(/^\/cart,2,2,0,2,/);
  });

  it('answers bad input with a 4xx JSON error', async () => {
    expect(await json(`/api/sites/shop/overview?from=yesterday`)).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
    expect(await json(`/api/sites/shop/overview?from=2026-01-06&to=2026-01-05`)).toMatchObject({ status: 400 });
    expect(await json(`/api/sites/shop/overview?format=csv&table=nope`)).toMatchObject({ status: 400 });
    expect(await json(`/api/sites/shop/funnel?journey=nope`)).toMatchObject({ status: 404, body: { error: { code: 'unknown_journey' } } });
    expect(await json(`/api/sites/shop/custom_events?name=${'x'.repeat(129)}`)).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
    expect(await json(`/api/sites/shop/retention?interval=hour`)).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
    expect(await json(`/api/sites/shop/visitors?cohort=${DAY}&journey=checkout&stage=1`)).toMatchObject({ status: 400 });
    expect(await json(`/api/sites/shop/visitors?period=1`)).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
    expect(await json(`/api/sites/shop/visitors?cohort=2026-02-30`)).toMatchObject({ status: 400 });
    const days = await json(`/api/sites/shop/retention?from=2026-01-01&to=2026-04-03&interval=day`); // 93 days
    expect(days).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
    expect(JSON.stringify(days.body)).toContain('interval=week');
    expect(await json(`/api/sites/shop/retention?from=2026-01-01&to=2026-04-02&interval=day`)).toMatchObject({ status: 200 }); // 92
    expect(await json(`/api/sites/shop/dropoff?journey=checkout&stage=3`)).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
    expect(await json(`/api/sites/shop/funnel?journey=checkout&breakdown=shoe_size`)).toMatchObject({ status: 400 });
    expect(await json(`/api/sites/nosuch/overview`)).toMatchObject({ status: 404 });
    expect(await json(`/api/sites/shop/paths?start=/a&end=/b`)).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
    expect(await json(`/api/sites/shop/paths?depth=11`)).toMatchObject({ status: 400 });
    expect(await json(`/api/sites/shop/sources?journey=checkout&by=browser_size`)).toMatchObject({ status: 400 });
    expect(await json(`/api/sites/shop/attribution?journey=checkout&lookback_days=0`)).toMatchObject({ status: 400 });
    expect(await json(`/api/sites/shop/map?journey=nope`)).toMatchObject({ status: 404 });
  });
});

describe('people API', () => {
  it('lists the people seen and shows one person\'s journey, marked with a saved journey\'s stages', async () => {
    await json('/api/sites/shop/journeys/checkout', { method: 'PUT', body: JSON.stringify(journey) });
    const range = { from: DAY, to: DAY };
    const list = await json(`/api/sites/shop/visitors?from=${DAY}&to=${DAY}&limit=2`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual(visitorsReference(rows, SITE, visitorsParamsSchema.parse({ ...range, limit: 2 })));
    expect(list.body).toMatchObject({ total: 3, people: [{ person: 'b', last_touchpoint: '/cart' }, { person: 'a', last_touchpoint: 'event:purchase' }] });

    const one = await json(`/api/sites/shop/visitor?id=a&journey=checkout&from=${DAY}&to=${DAY}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(visitorReference(rows, SITE, visitorParamsSchema.parse({ ...range, id: 'a', journey })));
    expect(one.body).toMatchObject({ person: 'a', sessions: [{ channel: 'Email', stages: [1, 2, 3], timeline: [{ stages: [1] }, { stages: [2] }, { stages: [3] }] }] });
    // Without a journey no stages are marked; an id that must be escaped in a URL round-trips.
    const plain = await json(`/api/sites/shop/visitor?id=${encodeURIComponent('a')}&from=${DAY}&to=${DAY}`);
    expect(plain.body).toMatchObject({ sessions: [{ stages: [], timeline: [{ stages: [] }, { stages: [] }, { stages: [] }] }] });
    expect(await json(`/api/sites/shop/visitor?id=${encodeURIComponent('x/y "ä"&z')}&from=${DAY}&to=${DAY}`)).toMatchObject({ status: 200, body: { id: 'x/y "ä"&z', sessions: [] } });
    // Quotes, backslashes and control characters reach ClickHouse only as parameters: such ids
    // are found (site "odd"), and nothing else is.
    const odd = ["a\\'b", 'tab\there', 'new\nline', "') OR 1=1 --", '\u0000', '😀'];
    await server.createSite('odd');
    await insertRows(server.waymark.store, odd.slice(0, 3).map((v) => ev({ site_id: 'odd', ms: at(5), visitor_id: v, path: `/${v}` })));
    for (const [i, id] of odd.entries()) {
      const res = await json(`/api/sites/odd/visitor?id=${encodeURIComponent(id)}&from=${DAY}&to=${DAY}`);
      expect(res, JSON.stringify(id)).toMatchObject({ status: 200, body: { id, person: id, visitor_ids: i < 3 ? [id] : [], events_in_range: i < 3 ? 1 : 0 } });
    }
  });

  it('lists the people behind a funnel number: who dropped at a stage, who converted, under the funnel\'s filters', async () => {
    const range = { from: DAY, to: DAY };
    const dropped = await json(`/api/sites/shop/visitors?journey=checkout&stage=2&from=${DAY}&to=${DAY}`);
    expect(dropped.body).toEqual(visitorsReference(rows, SITE, visitorsParamsSchema.parse({ ...range, journey, stage: 2 })));
    expect(dropped.body).toMatchObject({ total: 1, people: [{ person: 'b' }] });
    expect(await json(`/api/sites/shop/visitors?journey=checkout&stage=3&from=${DAY}&to=${DAY}`)).toMatchObject({ body: { total: 1, people: [{ person: 'a' }] } });
    expect(await json(`/api/sites/shop/visitors?journey=checkout&stage=3&channel=Direct&from=${DAY}&to=${DAY}`)).toMatchObject({ body: { total: 0, people: [] } });
    expect(await json(`/api/sites/shop/visitors?journey=checkout&from=${DAY}&to=${DAY}`)).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
    expect(await json(`/api/sites/shop/visitors?journey=checkout&stage=4`)).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('3 stages') } } });
    expect(await json(`/api/sites/shop/visitors?journey=nope&stage=1`)).toMatchObject({ status: 404 });
  });

  it('serves a person\'s sessions and events as CSV, and the list of people', async () => {
    const csv = async (path: string) => (await get(`/api/sites/shop/${path}&from=${DAY}&to=${DAY}&format=csv`)).body.split('\r\n');
    const events = await csv('visitor?id=a&journey=checkout&table=events');
    expect(events[0]).toBe('session,time,type,name,user_id,path,title,visitor_id,revenue,engaged_ms,load_ms,props,stages');
    expect(events[3]).toBe('1,2026-01-05T09:02:00.000Z,event,purchase,,/,,a,,0,0,"{""plan"":""pro""}",3');
    expect((await csv('visitor?id=a&table=sessions'))[0]).toMatch(/^n,entry_page,exit_page,channel,source,medium,campaign,device,browser,os,country,pageviews,events,engaged_ms,revenue,bounced,start,end,stages$/);
    expect((await csv('visitors?table=people'))[1]).toMatch(/^b,false,1,/);
  });

  it('is read with a site\'s API key; bad input is a 4xx', async () => {
    const key = (await json('/api/sites/shop/keys', { method: 'POST', body: JSON.stringify({ name: 'support' }) })).body as { key: string };
    const withKey = await fetch(`${server.url}/api/sites/shop/visitor?id=a&from=${DAY}&to=${DAY}`, { headers: { authorization: `Bearer ${key.key}` } });
    expect(withKey.status).toBe(200);
    expect((await fetch(`${server.url}/api/sites/shop/visitors`)).status).toBe(401);
    expect(await json(`/api/sites/shop/visitor?from=${DAY}`)).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
    expect(await json(`/api/sites/shop/visitor?id=${'x'.repeat(129)}`)).toMatchObject({ status: 400 });
    expect(await json(`/api/sites/shop/visitor?id=a&channel=Email`)).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('filters do not apply') } } });
    // Filters without a journey: the people with a session that passes them (here, who bought).
    const buyers = await json(`/api/sites/shop/visitors?event=purchase&from=${DAY}&to=${DAY}`);
    expect(buyers.body).toEqual(visitorsReference(rows, SITE, visitorsParamsSchema.parse({ from: DAY, to: DAY, filters: { event: 'purchase' } })));
    expect(buyers.body).toMatchObject({ total: 1, people: [{ person: 'a' }] });
    expect(await json(`/api/sites/shop/visitor?id=a&journey=nope`)).toMatchObject({ status: 404, body: { error: { code: 'unknown_journey' } } });
    expect(await json(`/api/sites/shop/visitor?id=a&limit=0`)).toMatchObject({ status: 400 });
    expect(await json(`/api/sites/nosuch/visitors`)).toMatchObject({ status: 404 });
  });
});
