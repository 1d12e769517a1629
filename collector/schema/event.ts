/**
 * THE event contract. Every other module (collector, analysis, dashboard, snippet — type-only)
 * imports these definitions; nobody redeclares the payload or the row.
 * This file imports nothing but zod so it can be shared anywhere.
 */
import { z } from 'zod';

export const EVENT_TYPES = ['pageview', 'event', 'engagement', 'identify'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Bounds on what one request may carry. Exported so the HTTP layer and the docs agree. */
export const LIMITS = {
  maxBodyBytes: 64 * 1024,
  maxBatch: 100,
  /** Page URLs longer than this are refused (they must stay parseable); referrers are cut to it. */
  maxUrl: 8192,
  maxTitle: 512,
  maxName: 128,
  maxProps: 32,
  maxPropKey: 64,
  maxPropValue: 512,
  maxId: 128,
  maxSiteId: 64,
  maxLang: 35,
  maxScreen: 100_000,
  maxEngagedMs: 86_400_000,
  maxLoadMs: 600_000,
  maxAbsRevenue: 1e12,
} as const;

const boundedString = (max: number) => z.string().max(max);
/**
 * Free text from the page (titles, referrers, prop values) is cut to `max` characters rather than
 * refused: losing a purchase event because its page title is long would be worse. The request's
 * byte limit still bounds the input. Cuts at code points, never inside a surrogate pair.
 */
const clippedString = (max: number) =>
  z.string().transform((s) => (s.length <= max ? s : Array.from(s).slice(0, max).join('')));
const nonNegativeInt = (max: number) => z.number().int().min(0).max(max);

/** Site ids appear in URLs and in SQL parameters: keep them simple. */
export const SITE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const siteIdSchema = z.string().min(1).max(LIMITS.maxSiteId).regex(SITE_ID_PATTERN, 'lowercase letters, digits, "-" and "_"');

export const propsSchema = z
  .record(boundedString(LIMITS.maxPropKey).min(1), clippedString(LIMITS.maxPropValue))
  .refine((p) => Object.keys(p).length <= LIMITS.maxProps, {
    message: `at most ${LIMITS.maxProps} props`,
  });

/** An absolute http(s) URL that parses. Shared with the fast path (fast-event.ts). */
export const isHttpUrl = (s: string) => /^https?:\/\//i.test(s) && URL.canParse(s);
const httpUrl = boundedString(LIMITS.maxUrl).refine(isHttpUrl, { message: 'must be an absolute http(s) URL' });

const wireEventFields = z
  .object({
    site: siteIdSchema,
    type: z.enum(EVENT_TYPES),
    url: httpUrl,
    name: boundedString(LIMITS.maxName).min(1).optional(),
    referrer: clippedString(LIMITS.maxUrl).optional(),
    title: clippedString(LIMITS.maxTitle).optional(),
    screen: nonNegativeInt(LIMITS.maxScreen).optional(),
    lang: boundedString(LIMITS.maxLang).optional(),
    visitor: boundedString(LIMITS.maxId).min(1).optional(),
    id: z.uuid().optional(),
    /** Client clock, ms since epoch. Informational only: the stored ts is server time. */
    ts: z.number().int().min(0).optional(),
    engaged_ms: nonNegativeInt(LIMITS.maxEngagedMs).optional(),
    load_ms: nonNegativeInt(LIMITS.maxLoadMs).optional(),
    props: propsSchema.optional(),
    revenue: z.number().finite().min(-LIMITS.maxAbsRevenue).max(LIMITS.maxAbsRevenue).optional(),
    user: boundedString(LIMITS.maxId).min(1).optional(),
  })
  .strict();

function requireNameAndUser(e: { type: EventType; name?: string | undefined; user?: string | undefined }, ctx: z.RefinementCtx) {
  if (e.type === 'event' && !e.name) {
    ctx.addIssue({ code: 'custom', path: ['name'], message: 'required when type is "event"' });
  }
  if (e.type === 'identify' && !e.user) {
    ctx.addIssue({ code: 'custom', path: ['user'], message: 'required when type is "identify"' });
  }
}

/** Wire payload, snippet → collector. One object, or an array of them, per request. */
export const wireEventSchema = wireEventFields.superRefine(requireNameAndUser);
export type WireEvent = z.infer<typeof wireEventSchema>;

export const wireBatchSchema = z.array(wireEventSchema).min(1).max(LIMITS.maxBatch);
/** A request body: one event or a batch. */
export const wireBodySchema = z.union([wireEventSchema, wireBatchSchema]);

/**
 * Admin import (history from another tool, off-site touchpoints, the demo simulator): the same
 * event, but its `ts` is trusted as the event time, the visitor id is required (cookieless ids
 * need the salt of the event's day, long gone for history), and the sender may name the
 * original client's IP and user agent for enrichment — never stored.
 */
export const importEventSchema = wireEventFields
  .extend({
    ts: z.number().int().min(Date.UTC(2000, 0, 1)).max(Date.UTC(2200, 0, 1)),
    visitor: boundedString(LIMITS.maxId).min(1),
    ip: z.union([z.ipv4(), z.ipv6()]).optional(),
    ua: boundedString(1024).optional(),
  })
  .superRefine(requireNameAndUser);
export type ImportEvent = z.infer<typeof importEventSchema>;
export const IMPORT_LIMITS = { maxBatch: 5000, maxBodyBytes: 4 * 1024 * 1024 } as const;
export const importBatchSchema = z.array(importEventSchema).min(1).max(IMPORT_LIMITS.maxBatch);

export const DEVICE_TYPES = ['desktop', 'mobile', 'tablet', 'other'] as const;

/**
 * Stored row: one per event, exactly the columns of the `events` table (migration 001).
 * ts is ClickHouse DateTime64(3) text in UTC ("2026-11-23 08:19:15.123").
 * Integers are plain numbers: the client asks ClickHouse not to quote 64-bit integers.
 */
export const eventRowSchema = z.object({
  site_id: z.string(),
  ts: z.string(),
  event_id: z.string(),
  visitor_id: z.string(),
  user_id: z.string(),
  type: z.enum(EVENT_TYPES),
  name: z.string(),
  path: z.string(),
  hostname: z.string(),
  query: z.string(),
  title: z.string(),
  referrer: z.string(),
  referrer_domain: z.string(),
  channel: z.string(),
  utm_source: z.string(),
  utm_medium: z.string(),
  utm_campaign: z.string(),
  utm_term: z.string(),
  utm_content: z.string(),
  click_id_type: z.string(),
  device: z.string(),
  browser: z.string(),
  os: z.string(),
  country: z.string(),
  language: z.string(),
  screen_class: z.string(),
  engaged_ms: z.number().int().min(0),
  load_ms: z.number().int().min(0),
  revenue: z.number().nullable(),
  props: z.record(z.string(), z.string()),
});

export type EventRow = z.infer<typeof eventRowSchema>;
export const EVENT_COLUMNS = Object.keys(eventRowSchema.shape) as (keyof EventRow)[];
