/**
 * Request bodies as the snippet sends them (collector/schema/event.ts): realistic page views
 * and custom events, each with a fresh client event id (the collector drops repeated ids).
 */
import { randomUUID } from 'node:crypto';
import type { WireEvent } from '../../../collector/schema/event.js';

export const SITE = 'bench';
/** The batched phase writes to its own site, so its stored rows can be counted exactly. */
export const BATCH_SITE = 'bench-batch';
/** The batched phase's warm-up: its rows are the sample of the raw insert baseline. */
export const WARM_SITE = 'bench-warm';
export const SITE_DOMAINS = ['shop.example', '*.shop.example'];
/** A real desktop Chrome: passes the bot filter. */
export const USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const VISITORS = Array.from({ length: 4096 }, () => randomUUID().slice(0, 18));
let n = 0;

/** One page view with a UTM-tagged landing URL and a search-engine referrer. */
export function pageView(): string {
  const e: WireEvent = {
    site: SITE,
    type: 'pageview',
    url: 'https://shop.example/products/trail-runner-2?color=blue&utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale',
    referrer: 'https://www.google.com/',
    title: 'Trail Runner 2 – Blue | Shop Example',
    screen: 1440,
    lang: 'en-US',
    visitor: VISITORS[n++ & 4095]!,
    id: randomUUID(),
    ts: Date.now(),
    load_ms: 412,
  };
  return JSON.stringify(e);
}

const PATHS = ['/', '/category/shoes', '/products/trail-runner-2', '/cart', '/checkout', '/checkout/payment', '/thank-you'];

/** A visit's worth of events: page views along the journey, custom events, engagement. */
export function batch(size = 20, site = BATCH_SITE): string {
  const visitor = VISITORS[n++ & 4095]!;
  const now = Date.now();
  const events: WireEvent[] = [];
  for (let i = 0; i < size; i++) {
    const path = PATHS[i % PATHS.length]!;
    const base = { site, url: `https://shop.example${path}`, visitor, id: randomUUID(), ts: now - (size - i) * 1500 };
    if (i % 5 === 3) {
      events.push({ ...base, type: 'event', name: 'add_to_cart', props: { sku: 'TR2-BLU-42', price: '129.00', currency: 'EUR' } });
    } else if (i % 5 === 4) {
      events.push({ ...base, type: 'engagement', engaged_ms: 8000 + i * 250 });
    } else {
      const referrer = i === 0 ? 'https://www.google.com/' : `https://shop.example${PATHS[(i + 6) % PATHS.length]}`;
      events.push({ ...base, type: 'pageview', title: `Shop Example – ${path}`, referrer, screen: 390, lang: 'de-DE', load_ms: 300 + i * 17 });
    }
  }
  return JSON.stringify(events);
}
