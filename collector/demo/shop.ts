/**
 * The demo shop's world: its pages, products, traffic sources with their own behaviour,
 * devices, countries, and the checkout journey it tracks. Data only; simulate.ts plays it.
 */
import type { JourneyInput } from '../../analysis/journeys/schema.js';

export const DEMO_SITE = { id: 'demo', domains: ['shop.waymark.demo', 'localhost', '127.0.0.1'], timezone: 'Europe/Berlin' };
export const DEMO_ORIGIN = 'https://shop.waymark.demo';

export const PRODUCTS = [
  { slug: 'trail-runner', title: 'Trail Runner Shoes', price: 129 },
  { slug: 'rain-jacket', title: 'Packable Rain Jacket', price: 89 },
  { slug: 'wool-socks', title: 'Merino Wool Socks', price: 19 },
  { slug: 'day-pack', title: 'Day Pack 22L', price: 74 },
  { slug: 'head-torch', title: 'Head Torch 400lm', price: 39 },
  { slug: 'water-bottle', title: 'Insulated Bottle', price: 29 },
] as const;

/**
 * Traffic sources. `bounce`: chance a session leaves after its landing page; `intent`: chance a
 * browsing session adds to cart; `returns`: chance of coming back for another session.
 */
export interface Source {
  channel: string;
  weight: number;
  bounce: number;
  intent: number;
  returns: number;
  /** Query string added to the landing URL (UTM tags, click ids). */
  query: (r: () => number) => string;
  referrer: (r: () => number) => string | undefined;
  landing: 'home' | 'product' | 'blog' | 'sale';
}

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;
const clickId = (r: () => number) => Math.floor(r() * 2 ** 48).toString(36);

export const SOURCES: Source[] = [
  { channel: 'Organic Search', weight: 30, bounce: 0.45, intent: 0.3, returns: 0.25, landing: 'blog', query: () => '', referrer: (r) => pick(['https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/'], r) },
  { channel: 'Direct', weight: 18, bounce: 0.3, intent: 0.4, returns: 0.45, landing: 'home', query: () => '', referrer: () => undefined },
  { channel: 'Paid Search', weight: 14, bounce: 0.4, intent: 0.35, returns: 0.2, landing: 'product', query: (r) => `utm_source=google&utm_medium=cpc&utm_campaign=${pick(['brand', 'generic-shoes'], r)}&gclid=${clickId(r)}`, referrer: () => 'https://www.google.com/' },
  { channel: 'Email', weight: 10, bounce: 0.25, intent: 0.45, returns: 0.5, landing: 'sale', query: (r) => `utm_source=newsletter&utm_medium=email&utm_campaign=${pick(['weekly', 'black-friday'], r)}`, referrer: () => undefined },
  { channel: 'Organic Social', weight: 10, bounce: 0.55, intent: 0.2, returns: 0.2, landing: 'product', query: () => '', referrer: (r) => pick(['https://l.facebook.com/', 'https://www.instagram.com/', 'https://www.reddit.com/'], r) },
  { channel: 'Paid Social', weight: 8, bounce: 0.6, intent: 0.22, returns: 0.15, landing: 'product', query: (r) => `utm_source=facebook&utm_medium=paid_social&utm_campaign=retarget&fbclid=${clickId(r)}`, referrer: () => 'https://l.facebook.com/' },
  { channel: 'Referral', weight: 6, bounce: 0.4, intent: 0.3, returns: 0.25, landing: 'product', query: () => '', referrer: () => 'https://gear-reviews.example/best-trail-shoes' },
  { channel: 'AI Assistants', weight: 4, bounce: 0.2, intent: 0.5, returns: 0.3, landing: 'product', query: () => 'utm_source=chatgpt.com', referrer: () => 'https://chatgpt.com/' },
];

/**
 * An incident for the dashboard to find: a new payment page goes live `days` days before the
 * demo's end, and on Android phones most payments fail from then on (its card check does not
 * load there). The funnel's trend shows Purchase dip, "What changed?" names the Android browsers,
 * and a note on the charts marks the day.
 */
export const PAYMENT_INCIDENT = { days: 6, ua: /Android.*Mobile/, payment: 0.06, note: 'New payment page live' };

export const DEVICES = [
  { kind: 'mobile', weight: 55, screen: 390, payment: 0.3, uas: [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    'Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  ] },
  { kind: 'desktop', weight: 38, screen: 1536, payment: 0.72, uas: [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  ] },
  { kind: 'tablet', weight: 7, screen: 820, payment: 0.55, uas: [
    'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  ] },
] as const;

/** Public addresses the bundled DB-IP database places in these countries (checked in tests). */
export const COUNTRIES = [
  { code: 'DE', weight: 30, ip: '46.114.0.1', lang: 'de-DE' },
  { code: 'US', weight: 18, ip: '8.8.8.8', lang: 'en-US' },
  { code: 'GB', weight: 12, ip: '81.2.69.142', lang: 'en-GB' },
  { code: 'FR', weight: 10, ip: '90.0.0.1', lang: 'fr-FR' },
  { code: 'NL', weight: 8, ip: '145.0.0.1', lang: 'nl-NL' },
  { code: 'CH', weight: 6, ip: '85.0.0.1', lang: 'de-CH' },
  { code: 'ES', weight: 5, ip: '88.0.0.1', lang: 'es-ES' },
  { code: 'IT', weight: 5, ip: '79.0.0.1', lang: 'it-IT' },
  { code: 'CA', weight: 3, ip: '24.48.0.1', lang: 'en-CA' },
  { code: 'JP', weight: 3, ip: '126.0.0.1', lang: 'ja-JP' },
] as const;

/** The checkout journey the demo defines: stages, owners and targets (conversion from previous stage). */
export const CHECKOUT_JOURNEY: { id: string; journey: JourneyInput } = {
  id: 'checkout',
  journey: {
    name: 'Checkout',
    window_ms: 7 * 86_400_000,
    stages: [
      // The /demo/… paths are the live demo shop a newcomer clicks through (dashboard/demo-shop/).
      { name: 'Browse products', matchers: [{ path: '/products/*' }, { path: '/demo/products/*' }], owner: 'Marketing', target_rate: 0.6 },
      { name: 'Add to cart', matchers: [{ event: 'add_to_cart' }], owner: 'Merchandising', target_rate: 0.35 },
      { name: 'Checkout', matchers: [{ path: '/checkout' }, { path: '/demo/checkout' }], owner: 'Sales', target_rate: 0.75 },
      { name: 'Payment', matchers: [{ path: '/checkout/payment' }, { path: '/demo/checkout/payment' }], owner: 'Payments', target_rate: 0.85 },
      { name: 'Purchase', matchers: [{ event: 'purchase' }], owner: 'Payments', target_rate: 0.7 },
    ],
  },
};
