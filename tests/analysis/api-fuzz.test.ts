/**
 * Fuzz of the read side: generated query strings against every analysis route, and generated
 * journey bodies against PUT, through the real server. Every answer is a result or a 4xx JSON
 * error without a stack trace (never a 5xx), and a refused PUT leaves the stored journey as it was.
 * (Deeper local hunts: FUZZ_RUNS=5000 FUZZ_SEED=… ; 7,000 requests found nothing at stop 13.)
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSES } from '../../analysis/catalog.js';
import { expectCleanAnswer } from '../helpers/answers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { at, ev, insertRows } from './helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

const journey = {
  name: 'Checkout',
  stages: [
    { name: 'Product', matchers: [{ path: '/product/*' }], owner: 'Marketing', target_rate: 0.5 },
    { name: 'Cart', matchers: [{ path: '/cart' }] },
    { name: 'Purchase', matchers: [{ event: 'purchase', props: { plan: 'pro' } }] },
  ],
};
const rows = [
  ev({ site_id: 'shop', ms: at(0), visitor_id: 'a', path: '/product/1', channel: 'Email' }),
  ev({ site_id: 'shop', ms: at(1), visitor_id: 'a', path: '/cart', load_ms: 900 }),
  ev({ site_id: 'shop', ms: at(2), visitor_id: 'a', type: 'event', name: 'purchase', props: { plan: 'pro' }, revenue: 12.5 }),
  ev({ site_id: 'shop', ms: at(0), visitor_id: 'b', path: '/product/2' }),
  ev({ site_id: 'shop', ms: at(0), visitor_id: 'c', path: '/' }),
];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await server.createSite('shop');
  await insertRows(server.waymark.store, rows);
  expect((await server.api('/api/sites/shop/journeys/checkout', { method: 'PUT', body: JSON.stringify(journey) })).status).toBe(201);
});
afterAll(async () => server?.stop());

// Every analysis of the catalog (a new one is fuzzed without being listed here), and the other reads.
const ROUTES = [...ANALYSES.map((a) => a.name), 'journeys', 'journeys/checkout', 'events', 'alerts', 'tracking-alert', 'summary', 'bounce-alert', 'annotations'];
// Every parameter any route reads, the filters, and one nobody reads.
const KEYS = [
  'from', 'to', 'journey', 'definition', 'stage', 'breakdown', 'segments', 'interval', 'limit', 'depth', 'start', 'end', 'scope', 'nodes',
  'min_share', 'by', 'path_depth', 'lookback_days', 'pain_points', 'min_entries', 'slow_ms', 'session_gap_minutes', 'now', 'format', 'table',
  'baseline_from', 'baseline_to', 'drivers', 'name', 'return_event', 'cohort', 'period', 'lost', 'id', 'only',
  'channel', 'source', 'medium', 'campaign', 'device', 'browser', 'os', 'country', 'entry_page', 'page', 'event', 'prop', 'unknown',
];
const VALUE = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(
    '2026-01-01', '2026-02-30', '2026-03-29T02', '2026-10-25T02', '2026-03-29T25', '0000-01-01', '9999-12-31', 'checkout', '-1', '0', '1', '2',
    '3', '11', '1e309', 'NaN', '', '%00', '..', 'x'.repeat(3000), 'csv', 'json', 'stages', 'channel', 'visitor', 'session', 'hour', 'day',
    'plan:pro', 'totals', ':', '/product/*', 'event:purchase', '(none)', '(other)', '{bad', '{"name":"x","stages":[]}', 'channel,device', 'visitor_type', 'entry_page,entry_page', 'a', 'true',
    JSON.stringify({ name: 'x', stages: [{ name: 'a', matchers: [{ path: '/' }] }] }),
  ),
);
const request = fc.tuple(fc.constantFrom(...ROUTES), fc.array(fc.tuple(fc.constantFrom(...KEYS), VALUE), { maxLength: 8 }), fc.boolean());

/** A journey body: the valid one with one field replaced, dropped or added, at the top or in a stage. */
const journeyBody = fc
  .tuple(
    fc.constantFrom('name', 'stages', 'window_ms', 'strict_order', 'scope', 'extra', 'stage.name', 'stage.matchers', 'stage.owner', 'stage.target_rate', 'matcher.path', 'matcher.event', 'matcher.props'),
    fc.oneof(fc.jsonValue(), fc.constant(undefined)),
  )
  .map(([field, v]) => {
    const j = structuredClone(journey) as Record<string, unknown> & { stages: Record<string, unknown>[] };
    const [where, key] = field.includes('.') ? (field.split('.') as [string, string]) : ['top', field];
    const target = where === 'top' ? j : where === 'stage' ? j.stages[1]! : (j.stages[0]!.matchers as Record<string, unknown>[])[0]!;
    target[key] = v;
    return JSON.stringify(j);
  });

describe('analysis API under generated input', () => {
  it(`answers ${RUNS} generated queries with results or 4xx JSON errors, never a 5xx`, async () => {
    await fc.assert(
      fc.asyncProperty(request, async ([route, pairs, withJourney]) => {
        const qs = new URLSearchParams(pairs);
        if (withJourney && !qs.has('journey')) qs.set('journey', 'checkout');
        await expectCleanAnswer(await server.api(`/api/sites/shop/${route}?${qs}`), `${route}?${qs}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);

  it(`answers ${RUNS} generated journey bodies; a refused one changes nothing`, async () => {
    const stored = async () => (await server.api('/api/sites/shop/journeys/fuzzed')).text();
    expect((await server.api('/api/sites/shop/journeys/fuzzed', { method: 'PUT', body: JSON.stringify(journey) })).status).toBe(201);
    let before = await stored();
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(journeyBody, async (body) => {
        const res = await server.api('/api/sites/shop/journeys/fuzzed', { method: 'PUT', body });
        const ok = res.status < 300;
        await expectCleanAnswer(res, body);
        const after = await stored();
        if (ok) before = after;
        else {
          refused++;
          expect(after, body).toBe(before);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(refused).toBeGreaterThan(RUNS / 2); // most mutations break the schema
  }, 600_000);
});
