/**
 * The fast path in front of wireEventSchema must agree with it: whatever it accepts, zod accepts
 * and returns unchanged (soundness); and it does accept the well-formed events real clients send
 * (else it would be a slow path with extra steps). Checked on generated events near every bound.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, LIMITS, wireBatchSchema, wireEventSchema } from '../../../collector/schema/event.js';
import { isPlainWireBatch, isPlainWireEvent } from '../../../collector/schema/fast-event.js';

/** Strings of about `max` length: on, just under and just over the bound, some with surrogate pairs. */
const nearLength = (max: number) =>
  fc.oneof(
    fc.integer({ min: Math.max(0, max - 2), max: max + 2 }).map((n) => 'a'.repeat(n)),
    fc.integer({ min: Math.max(0, max - 2), max: max + 2 }).map((n) => '😀'.repeat(Math.ceil(n / 2))),
    fc.constant(''),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  );
const nearInt = (max: number) =>
  fc.oneof(
    fc.constantFrom(-1, -0, 0, 1, 1.5, max - 1, max, max + 1, max + 0.5, Number.MAX_SAFE_INTEGER, 2 ** 53, Infinity, -Infinity, 1e400),
    fc.integer({ min: -10, max: max + 10 }),
    fc.double({ noNaN: true }),
  );
const anything = fc.oneof(fc.jsonValue(), fc.constantFrom(null, true, [], {}, '1', 0));

const url = fc.oneof(
  fc.constantFrom(
    'https://shop.example/',
    'HTTPS://SHOP.EXAMPLE/Cart?x=1#/a',
    'http://[::1]:8080/p',
    'https://shop.example/café?utm_source=x',
    'ftp://shop.example/',
    'https://',
    'https://exa mple.com/',
    '/relative',
    'https:/shop.example',
    'javascript:alert(1)',
  ),
  fc.integer({ min: LIMITS.maxUrl - 30, max: LIMITS.maxUrl + 2 }).map((n) => 'https://shop.example/' + 'p'.repeat(n - 21)),
  fc.webUrl(),
  fc.string(),
);
const uuid = fc.oneof(
  fc.constant(null).map(() => randomUUID()),
  fc.constant(null).map(() => randomUUID().toUpperCase()),
  fc.uuid(),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '1a6b9807-b7f6-0571-bff1-fc3adc9f067b', 'not-a-uuid', ''),
);

/**
 * What JSON.parse makes: ordinary objects (fast-check also builds null-prototype ones), own
 * "__proto__" keys kept as data. Numbers JSON cannot spell (Infinity from "1e400", -0) stay.
 */
function asParsedJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(asParsedJson);
  if (typeof v !== 'object' || v === null) return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: asParsedJson(x), enumerable: true, writable: true, configurable: true });
  return out;
}

function withProto<T extends object>(obj: T, value: unknown): T {
  Object.defineProperty(obj, '__proto__', { value, enumerable: true, writable: true, configurable: true });
  return obj;
}
const props = fc.oneof(
  fc.dictionary(fc.constantFrom('sku', 'price', 'k'), nearLength(LIMITS.maxPropValue), { maxKeys: 3 }),
  fc.dictionary(fc.oneof(nearLength(LIMITS.maxPropKey), fc.constantFrom('constructor', 'toString', 'sku')), fc.oneof(nearLength(LIMITS.maxPropValue), anything), {
    maxKeys: LIMITS.maxProps + 2,
  }),
  fc.integer({ min: LIMITS.maxProps - 1, max: LIMITS.maxProps + 1 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']))),
  fc.constantFrom(null, [], 'x').map((x) => x),
  fc.constant(null).map(() => withProto({ a: 'b' }, 'x')),
);

/** Every field of the contract, with values on both sides of its rules. */
const FIELD_VALUES = {
  site: fc.oneof(fc.constantFrom('shop', 'Shop', '-x', 'a_b-c', '', 'a'.repeat(LIMITS.maxSiteId), 'a'.repeat(LIMITS.maxSiteId + 1)), fc.string()),
  type: fc.oneof(fc.constantFrom(...EVENT_TYPES, 'other', 'PAGEVIEW'), anything),
  url,
  name: nearLength(LIMITS.maxName),
  referrer: fc.oneof(nearLength(LIMITS.maxUrl), url),
  title: nearLength(LIMITS.maxTitle),
  screen: nearInt(LIMITS.maxScreen),
  lang: nearLength(LIMITS.maxLang),
  visitor: nearLength(LIMITS.maxId),
  id: uuid,
  ts: nearInt(Number.MAX_SAFE_INTEGER),
  engaged_ms: nearInt(LIMITS.maxEngagedMs),
  load_ms: nearInt(LIMITS.maxLoadMs),
  props,
  revenue: fc.oneof(fc.constantFrom(0, -1, 19.9, 1e12, -1e12, 1e12 + 1, Infinity), fc.double({ noNaN: true })),
  user: nearLength(LIMITS.maxId),
} as const;
const FIELDS = Object.keys(FIELD_VALUES) as (keyof typeof FIELD_VALUES)[];

/** A valid event, then a few fields replaced by edge values (or by anything), dropped, or added. */
const edgeEvent = fc
  .tuple(
    fc.record(FIELD_VALUES, { requiredKeys: [] }),
    fc.subarray(FIELDS, { maxLength: 4 }),
    fc.constantFrom(...EVENT_TYPES),
    fc.option(fc.tuple(fc.constantFrom('extra', 'constructor', '__proto__', 'ip'), anything), { freq: 8 }),
  )
  .map(([edges, keep, type, extra]) => {
    const base: Record<string, unknown> = { site: 'shop', type, url: 'https://shop.example/', name: 'signup', user: 'u1' };
    const e: Record<string, unknown> = { ...base };
    for (const k of keep) if (k in edges) e[k] = edges[k];
    if (extra) (extra[0] === '__proto__' ? withProto(e, extra[1]) : (e[extra[0]] = extra[1]));
    return e;
  });

/** Well-formed events as the snippet sends them. */
const goodEvent = fc.record(
  {
    site: fc.constantFrom('shop', 'bench-batch', 'a'.repeat(LIMITS.maxSiteId)),
    type: fc.constantFrom('pageview', 'engagement'),
    url: fc.constantFrom('https://shop.example/', 'https://shop.example/products/x?utm_source=news&color=blue', 'http://www.shop.example/#/cart'),
    referrer: fc.string({ maxLength: 200 }),
    title: fc.string({ maxLength: LIMITS.maxTitle }),
    screen: fc.integer({ min: 0, max: LIMITS.maxScreen }),
    lang: fc.string({ maxLength: LIMITS.maxLang }),
    visitor: fc.string({ minLength: 1, maxLength: LIMITS.maxId }),
    id: fc.uuid(),
    ts: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    engaged_ms: fc.integer({ min: 0, max: LIMITS.maxEngagedMs }),
    load_ms: fc.integer({ min: 0, max: LIMITS.maxLoadMs }),
    props: fc.dictionary(fc.string({ minLength: 1, maxLength: LIMITS.maxPropKey }).filter((k) => k !== '__proto__'), fc.string({ maxLength: 100 }), {
      maxKeys: LIMITS.maxProps,
    }),
    revenue: fc.double({ min: -LIMITS.maxAbsRevenue, max: LIMITS.maxAbsRevenue, noNaN: true }),
  },
  { requiredKeys: ['site', 'type', 'url'] },
);

function expectZodAgrees(input: unknown, fastSaidYes: boolean, schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }) {
  if (!fastSaidYes) return;
  const z = schema.safeParse(input);
  expect(z.success).toBe(true);
  expect(z.data).toStrictEqual(input);
}

describe('the fast path for wire events', () => {
  it('accepts only what wireEventSchema accepts, and only when zod would return it unchanged', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 9, arbitrary: edgeEvent }, { weight: 1, arbitrary: anything }).map(asParsedJson), (e) => {
        const yes = isPlainWireEvent(e);
        if (yes) accepted++;
        expectZodAgrees(e, yes, wireEventSchema);
      }),
      { numRuns: 20_000 },
    );
    expect(accepted).toBeGreaterThan(1000); // the generator reaches both answers
  });

  it('accepts the well-formed events clients send (so they skip zod)', () => {
    fc.assert(
      fc.property(goodEvent.map(asParsedJson), fc.constantFrom<'pageview' | 'event' | 'identify'>('pageview', 'event', 'identify'), (e, type) => {
        const event = type === 'event' ? { ...(e as object), type, name: 'add_to_cart' } : type === 'identify' ? { ...(e as object), type, user: 'u-42' } : e;
        expect(wireEventSchema.safeParse(event).success).toBe(true);
        expect(isPlainWireEvent(event)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves to zod what zod changes or refuses', () => {
    const base = { site: 'shop', type: 'pageview', url: 'https://shop.example/' };
    for (const e of [
      { ...base, title: 'x'.repeat(LIMITS.maxTitle + 1) }, // clipped by zod
      { ...base, props: withProto({}, 'x') }, // dropped by zod
      { ...base, type: 'event' }, // name required
      { ...base, type: 'identify' }, // user required
      { ...base, ts: 2 ** 53 }, // not a safe integer
      { ...base, url: 'ftp://shop.example/' },
      { ...base, colour: 'blue' }, // unknown field
      { site: 'shop', type: 'pageview' }, // url missing
    ]) {
      expect(isPlainWireEvent(e)).toBe(false);
    }
  });

  it('agrees with wireBatchSchema on batches', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(goodEvent, { minLength: 0, maxLength: LIMITS.maxBatch + 1 }), fc.array(edgeEvent, { maxLength: 5 })).map((b) => asParsedJson(b) as unknown[]), (batch) => {
        const yes = isPlainWireBatch(batch);
        expectZodAgrees(batch, yes, wireBatchSchema);
        if (batch.length >= 1 && batch.length <= LIMITS.maxBatch && batch.every((e) => isPlainWireEvent(e))) expect(yes).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
