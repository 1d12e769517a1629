/**
 * A fast path in front of wireEventSchema (event.ts stays THE contract) for what nearly every
 * request carries: a well-formed event that zod would return unchanged. zod's general machinery
 * costs ~4 µs an event, a fifth of the collector's work on a 20-event batch; these plain checks
 * cost a fraction of that.
 *
 * It only ever says "yes, exactly as zod would accept it, unchanged" or "ask zod": anything
 * unusual (a missing or unknown field, a wrong type, a bound crossed, a string zod would clip, a
 * "__proto__" prop that zod drops) falls back to wireEventSchema, which also writes every error
 * message. So a disagreement can only make it slower, never accept what zod refuses — and
 * tests/collector/schema/fast-event.test.ts checks that property against zod on generated input.
 *
 * It is built from the same pieces as the schema (LIMITS, EVENT_TYPES, SITE_ID_PATTERN,
 * isHttpUrl, zod's own uuid pattern), and FIELDS is typed as a record over WireEvent's keys, so
 * a field added to the schema without a check here does not compile.
 *
 * Input: JSON.parse output (plain objects, arrays, strings, finite numbers, booleans, null).
 */
import { EVENT_TYPES, LIMITS, SITE_ID_PATTERN, isHttpUrl, wireEventSchema, type WireEvent } from './event.js';

type Check = (v: unknown) => boolean;

/** zod's own uuid pattern, so the two cannot drift apart. */
const UUID: RegExp = (() => {
  const pattern = wireEventSchema.shape.id.unwrap().def.pattern;
  if (!(pattern instanceof RegExp)) throw new Error('zod uuid schema has no pattern');
  return pattern;
})();
const TYPES: ReadonlySet<unknown> = new Set(EVENT_TYPES);

/** z.string().min(min).max(max), and clippedString(max) when it leaves the string as it is. */
const text =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'string' && v.length >= min && v.length <= max;
/** z.number().int().min(min).max(max): zod's int() means a safe integer. */
const int =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** propsSchema with no value to clip and no key zod would drop. */
function plainProps(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  let n = 0;
  for (const key in v) {
    if (++n > LIMITS.maxProps || key.length < 1 || key.length > LIMITS.maxPropKey || key === '__proto__') return false;
    const value = v[key];
    if (typeof value !== 'string' || value.length > LIMITS.maxPropValue) return false;
  }
  return true;
}

const FIELDS: Readonly<Record<keyof WireEvent, Check>> = {
  site: (v) => typeof v === 'string' && v.length >= 1 && v.length <= LIMITS.maxSiteId && SITE_ID_PATTERN.test(v),
  type: (v) => TYPES.has(v),
  url: (v) => typeof v === 'string' && v.length <= LIMITS.maxUrl && isHttpUrl(v),
  name: text(1, LIMITS.maxName),
  referrer: text(0, LIMITS.maxUrl),
  title: text(0, LIMITS.maxTitle),
  screen: int(0, LIMITS.maxScreen),
  lang: text(0, LIMITS.maxLang),
  visitor: text(1, LIMITS.maxId),
  id: (v) => typeof v === 'string' && UUID.test(v),
  ts: int(0, Number.MAX_SAFE_INTEGER),
  engaged_ms: int(0, LIMITS.maxEngagedMs),
  load_ms: int(0, LIMITS.maxLoadMs),
  props: plainProps,
  revenue: (v) => typeof v === 'number' && Number.isFinite(v) && v >= -LIMITS.maxAbsRevenue && v <= LIMITS.maxAbsRevenue,
  user: text(1, LIMITS.maxId),
};
const CHECKS: ReadonlyMap<string, Check> = new Map(Object.entries(FIELDS));

/** True only if wireEventSchema accepts `v` and returns it unchanged; false means "ask zod". */
export function isPlainWireEvent(v: unknown): v is WireEvent {
  if (!isPlainObject(v)) return false;
  for (const key in v) {
    const check = CHECKS.get(key);
    if (!check || !check(v[key])) return false;
  }
  // Required fields, and requireNameAndUser's rule (name and user are non-empty when present).
  if (v.site === undefined || v.type === undefined || v.url === undefined) return false;
  if (v.type === 'event' && v.name === undefined) return false;
  if (v.type === 'identify' && v.user === undefined) return false;
  return true;
}

/** The same for wireBatchSchema. */
export function isPlainWireBatch(v: unknown): v is WireEvent[] {
  return Array.isArray(v) && v.length >= 1 && v.length <= LIMITS.maxBatch && v.every(isPlainWireEvent);
}
