/**
 * Fuzz: thousands of generated malformed bodies against the real listening server. Every one
 * gets a 4xx JSON error, the server stays up, and not a single row is stored. The admin writes
 * (import, sites) get the same treatment: a refused body stores or changes nothing. And valid
 * events with any text in them are all stored.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { importBatchSchema, LIMITS, wireBodySchema, wireEventSchema } from '../../collector/schema/event.js';
import { siteInputSchema } from '../../collector/schema/site.js';
import { expectCleanAnswer } from '../helpers/answers.js';
import { CHROME_UA } from '../helpers/app.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Deeper local hunts of the valid-event fuzz: FUZZ_RUNS=5000 FUZZ_SEED=… */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await s.createSite('shop', ['shop.example']);
});
afterAll(() => s.stop());

const valid = { site: 'shop', type: 'pageview', url: 'https://shop.example/', visitor: 'v1' };
const FIELDS = ['site', 'type', 'url', 'name', 'referrer', 'title', 'screen', 'lang', 'visitor', 'id', 'ts', 'engaged_ms', 'load_ms', 'props', 'revenue', 'user'];

/** A valid event with one field set to something of the wrong shape, removed, or an extra key. */
const mutated = fc
  .tuple(fc.constantFrom(...FIELDS, '__proto__', 'constructor', 'extra'), fc.oneof(fc.jsonValue(), fc.constant(undefined)))
  .map(([k, v]) => JSON.stringify({ ...valid, [k]: v }));

const hostile = fc.constantFrom(
  '[' .repeat(20_000) + ']'.repeat(20_000),
  '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000),
  JSON.stringify({ ...valid, props: { ['__proto__']: 'x', toString: 'y' }, color: 1 }),
  JSON.stringify({ ...valid, url: 'https://shop.example/' + '%'.repeat(3000) + '\u0000' }),
  JSON.stringify({ ...valid, screen: 1e400 }),
  '\uFEFF' + JSON.stringify({ ...valid, type: 'x' }),
  JSON.stringify(Array.from({ length: 101 }, () => valid)),
);

const body = fc
  .oneof(
    { weight: 2, arbitrary: fc.string() },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme' }) },
    { weight: 3, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 5, arbitrary: mutated },
    { weight: 2, arbitrary: fc.array(mutated, { minLength: 1, maxLength: 5 }).map((xs) => `[${xs.join(',')}]`) },
    { weight: 1, arbitrary: hostile },
  )
  .filter((text) => {
    // Keep only bodies the contract refuses (a mutation can land on a valid value).
    try {
      return !wireBodySchema.safeParse(JSON.parse(text)).success;
    } catch {
      return true;
    }
  });

describe('fuzzing POST /api/event', () => {
  it('answers 1,200 malformed bodies with 4xx JSON errors, stays up, stores nothing', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await fetch(s.url + '/api/event', {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA },
          body: text,
        });
        const status = await expectCleanAnswer(res, text, { refused: true });
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }),
      { numRuns: 1200, seed: 20261123 },
    );
    console.log('fuzz statuses:', Object.fromEntries(statuses));
    expect((await fetch(s.url + '/healthz')).status).toBe(200);
    expect(await s.events('shop')).toEqual([]);
  });
});

/**
 * Any UTF-16 text, lone surrogates included: what a page can hold in a title or a prop (a title
 * cut inside an emoji), and what the snippet's JSON.stringify then sends as "\ud83d".
 */
const anyText = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.constantFrom('\ud83d', '\ude00', '\u0000', '"', '\\', '\n', '😀') },
    ),
    maxLength,
  });
/** Valid events (the contract accepts them) with any text in every free-text field, and any number in range. */
const textEvent = fc
  .record({
    numbers: fc.record(
      {
        screen: fc.integer({ min: 0, max: LIMITS.maxScreen }),
        ts: fc.oneof(fc.nat(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER, 1e300)),
        engaged_ms: fc.integer({ min: 0, max: LIMITS.maxEngagedMs }),
        load_ms: fc.integer({ min: 0, max: LIMITS.maxLoadMs }),
        revenue: fc.oneof(fc.double({ min: -LIMITS.maxAbsRevenue, max: LIMITS.maxAbsRevenue, noNaN: true }), fc.constantFrom(-0, 5e-324, 1e-7, 0.1 + 0.2)),
      },
      { requiredKeys: [] },
    ),
    type: fc.constantFrom('pageview', 'event', 'identify'),
    path: anyText(20),
    title: anyText(30),
    referrer: anyText(30),
    name: anyText(20).filter((n) => n.length > 0),
    lang: anyText(8),
    visitor: anyText(12).filter((v) => v.length > 0),
    user: anyText(12).filter((u) => u.length > 0),
    props: fc.dictionary(anyText(10).filter((k) => k.length > 0), anyText(20), { maxKeys: 4 }),
  })
  .map(({ type, path, name, user, numbers, ...text }) => ({
    site: 'unicode',
    url: 'https://shop.example/' + path,
    type,
    ...(type === 'event' ? { name } : type === 'identify' ? { user } : {}),
    ...text,
    ...numbers,
    id: crypto.randomUUID(),
  }))
  .filter((e) => wireBodySchema.safeParse(e).success);

describe('fuzzing POST /api/event with valid events', () => {
  it('accepts 300 events with any text (lone surrogates included) and any number in range, and stores every one', async () => {
    await s.createSite('unicode', ['shop.example']);
    const sent = new Map<string, z.infer<typeof wireEventSchema>>();
    await fc.assert(
      fc.asyncProperty(textEvent, async (e) => {
        const res = await fetch(s.url + '/api/event', {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA },
          body: JSON.stringify(e),
        });
        expect(res.status, await res.text()).toBe(202);
        sent.set(e.id, wireEventSchema.parse(e));
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // One row ClickHouse refuses would fail its whole batch on every retry: none would be stored.
    const stored = await s.events('unicode');
    expect(stored.map((r) => r.event_id).sort()).toEqual([...sent.keys()].sort());
    // Stored as sent, a lone surrogate as U+FFFD (two prop keys that then read the same are one).
    const text = (t: string | undefined) => (t ?? '').toWellFormed();
    for (const r of stored) {
      const e = sent.get(r.event_id)!;
      expect({ title: r.title, name: r.name, user: r.user_id, lang: r.language, engaged: r.engaged_ms, load: r.load_ms, revenue: r.revenue, props: r.props }).toEqual({
        title: text(e.title),
        name: e.type === 'event' ? text(e.name) : '',
        user: e.type === 'identify' ? text(e.user) : '',
        lang: text(e.lang),
        engaged: e.engaged_ms ?? 0,
        load: e.load_ms ?? 0,
        revenue: e.revenue === undefined ? null : e.revenue + 0, // -0 is stored as 0
        props: Object.fromEntries(Object.entries(e.props ?? {}).map(([k, v]) => [text(k), text(v)])),
      });
    }
  });
});

const imported = { ...valid, ts: Date.UTC(2026, 0, 5), ip: '203.0.113.9', ua: CHROME_UA };
const importMutated = fc
  .tuple(
    fc.constantFrom(...FIELDS, 'ip', 'ua', '__proto__', 'extra'),
    fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constantFrom('::1', '999.1.1.1', '', 'x'.repeat(2000), -1, 1e300, Date.UTC(1999, 0, 1), Date.UTC(2300, 0, 1))),
  )
  .map(([k, v]) => ({ ...imported, [k]: v }));
/** Import batches with one bad event among good ones, or no batch at all, that the contract refuses. */
const importBody = fc
  .oneof(
    { weight: 4, arbitrary: fc.array(importMutated, { minLength: 1, maxLength: 5 }).map((xs) => JSON.stringify([imported, ...xs])) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string() },
  )
  .filter((text) => {
    try {
      return !importBatchSchema.safeParse(JSON.parse(text)).success;
    } catch {
      return true;
    }
  });

const SITE_VALUES = fc.constantFrom('Europe/Berlin', 'Mars/Base', '', '*', '*.*', 'a'.repeat(300), ['*'], ['fuzz.example', '*.*'], ['ü.example'], []);
const siteBody = fc.oneof(
  fc
    .tuple(fc.constantFrom('id', 'domains', 'timezone', 'extra'), fc.oneof(fc.jsonValue(), fc.constant(undefined), SITE_VALUES))
    .map(([k, v]) => JSON.stringify({ id: 'fuzzed', domains: ['fuzz.example'], timezone: 'UTC', [k]: v })),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
);

describe('fuzzing the admin writes', () => {
  it('POST /api/import: 400 refused batches (one bad event among good ones) store nothing', async () => {
    await fc.assert(
      fc.asyncProperty(importBody, async (body) => {
        await expectCleanAnswer(await s.api('/api/import', { method: 'POST', body }), body, { refused: true });
      }),
      { numRuns: 400, seed: 20261124 },
    );
    expect(await s.events('shop')).toEqual([]);
  });

  it('POST /api/sites: 400 generated bodies; a refused one changes no site', async () => {
    let before = await (await s.api('/api/sites')).text();
    await fc.assert(
      fc.asyncProperty(siteBody, async (body) => {
        const res = await s.api('/api/sites', { method: 'POST', body });
        if (res.status < 300) {
          await res.body?.cancel();
          expect(siteInputSchema.safeParse(JSON.parse(body)).success, body).toBe(true);
          before = await (await s.api('/api/sites')).text();
          return;
        }
        await expectCleanAnswer(res, body, { refused: true });
        expect(await (await s.api('/api/sites')).text(), body).toBe(before);
      }),
      { numRuns: 400, seed: 20261124 },
    );
  });
});
