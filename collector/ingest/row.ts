/**
 * Wire event + request context → the stored row. Pure: no I/O, no clock, no randomness
 * (the caller passes time, ids and lookups), so it is easy to test and cheap on the hot path.
 */
import type { EventRow, WireEvent } from '../schema/event.js';
import type { Site } from '../schema/site.js';
import { toClickHouseTime } from '../storage/time.js';
import { cachedPageQuery, parseSource } from './source.js';
import { screenClass } from './visitor.js';
import { memoByString } from './memo.js';

export interface RowContext {
  site: Site;
  /** Server time of the event, ms. */
  ts: number;
  eventId: string;
  visitorId: string;
  country: string;
  ua: { browser: string; os: string; device: string };
}

export function toRow(e: WireEvent, url: URL, ctx: RowContext): EventRow {
  const source = parseSource(url, e.referrer, ctx.site.domains);
  return {
    site_id: ctx.site.id,
    ts: toClickHouseTime(ctx.ts),
    event_id: ctx.eventId,
    visitor_id: ctx.visitorId,
    user_id: e.type === 'identify' ? (e.user ?? '') : '',
    type: e.type,
    name: e.type === 'event' ? (e.name ?? '') : '',
    path: normalizePath(url),
    hostname: url.hostname.toLowerCase(),
    query: cachedPageQuery(url.search),
    title: e.title ?? '',
    referrer: source.referrer,
    referrer_domain: source.referrer_domain,
    channel: source.channel,
    utm_source: source.utm_source,
    utm_medium: source.utm_medium,
    utm_campaign: source.utm_campaign,
    utm_term: source.utm_term,
    utm_content: source.utm_content,
    click_id_type: source.click_id_type,
    device: ctx.ua.device,
    browser: ctx.ua.browser,
    os: ctx.ua.os,
    country: ctx.country,
    language: (e.lang ?? '').slice(0, 35),
    screen_class: screenClass(e.screen),
    engaged_ms: e.engaged_ms ?? 0,
    load_ms: e.load_ms ?? 0,
    revenue: e.revenue ?? null,
    props: e.props ?? {},
  };
}

/**
 * The touchpoint path: decoded (so "/café" reads as such), without a trailing slash (except "/"),
 * and with a hash route ("#/cart") when the site routes by hash.
 */
export function normalizePath(url: URL): string {
  let p = url.pathname;
  try {
    p = decodeURIComponent(p);
  } catch {
    /* malformed escapes: keep the raw path */
  }
  if (p.length > 1 && p.endsWith('/')) p = p.replace(/\/+$/, '') || '/';
  if (url.hash.startsWith('#/') || url.hash.startsWith('#!/')) p += url.hash;
  return p;
}

/**
 * A page URL parsed once per distinct text (bounded, memo.ts): visitors load the same pages.
 * The URL object is shared between events, so nobody may modify it (nobody does: rows only read it).
 */
export const cachedPageUrl = memoByString((text: string) => new URL(text), 1000, 1000);
