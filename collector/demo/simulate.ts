/**
 * Deterministic traffic for the demo shop: the same seed and end time give the same events.
 * Visitors differ by source, device and country; some come back over several sessions, some
 * sign up (identify) and return on another device, the checkout page is slow, first page views
 * on phones (and one blog post everywhere) are often slow and lose people, the payment step
 * loses mobile users (and, since a new payment page in the last days, nearly all on Android:
 * PAYMENT_INCIDENT), and buyers (and failed payers) leave feedback scores.
 */
import type { ImportEvent } from '../schema/event.js';
import { COUNTRIES, DEMO_ORIGIN, DEMO_SITE, DEVICES, PAYMENT_INCIDENT, PRODUCTS, SOURCES, type Source } from './shop.js';

export interface SimulationOptions {
  seed: number;
  days: number;
  visitors: number;
  /** Latest possible event time, ms; visits start in the `days` before it. */
  end: number;
}

/** mulberry32: a tiny, well-known seeded PRNG; Math.random cannot be seeded. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const weighted = <T extends { weight: number }>(xs: readonly T[], r: () => number): T => {
  let x = r() * xs.reduce((n, s) => n + s.weight, 0);
  for (const s of xs) if ((x -= s.weight) < 0) return s;
  return xs[xs.length - 1]!;
};
const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;
const between = (lo: number, hi: number, r: () => number) => Math.round(lo + (hi - lo) * r());
const uuid = (r: () => number) =>
  'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const v = Math.floor(r() * 16);
    return (c === 'x' ? v : (v & 3) | 8).toString(16);
  });

/** Yields one visitor's events at a time (time-ordered within the visitor). */
export function* simulate(opts: SimulationOptions): Generator<ImportEvent[]> {
  const r = prng(opts.seed);
  for (let v = 0; v < opts.visitors; v++) yield visitor(v, r, opts);
}

function visitor(n: number, r: () => number, opts: SimulationOptions): ImportEvent[] {
  const source = weighted(SOURCES, r);
  let device = weighted(DEVICES, r);
  const country = weighted(COUNTRIES, r);
  let ua = pick(device.uas, r);
  let visitorId = `demo-${opts.seed}-${n}`;
  // Visits lean towards the evening, like a real shop's.
  const day = Math.floor(r() * opts.days);
  const hour = Math.min(23, Math.floor(8 + 16 * Math.sqrt(r())));
  let t = opts.end - (day + 1) * 86_400_000 + hour * 3_600_000 + between(0, 3_599_000, r);
  const events: ImportEvent[] = [];
  let user: string | undefined;
  let sessions = 1;
  while (sessions <= 4) {
    // The incident changes a threshold, not the draws: every other event stays as it was.
    const broken = t >= opts.end - PAYMENT_INCIDENT.days * 86_400_000 && PAYMENT_INCIDENT.ua.test(ua);
    const s = session(r, t, source, device.kind, broken ? PAYMENT_INCIDENT.payment : device.payment, sessions > 1);
    for (const e of s.events) {
      events.push({ ...e, site: DEMO_SITE.id, visitor: visitorId, ip: country.ip, ua, lang: country.lang, screen: device.screen, id: uuid(r) });
    }
    if (s.signedUp) {
      user ??= `user-${opts.seed}-${n}`;
      events.push({ site: DEMO_SITE.id, type: 'identify', user, url: `${DEMO_ORIGIN}/account/welcome`, ts: s.end + 1, visitor: visitorId, ip: country.ip, ua, id: uuid(r) });
    }
    // Cart abandoners come back more often than browsers: the journey spans sessions.
    if (r() > (s.carted ? 0.55 : source.returns) || s.purchased) break;
    sessions++;
    t = s.end + between(3_600_000, 3 * 86_400_000, r);
    if (t > opts.end) break;
    // A signed-up customer sometimes comes back on another device: a new visitor id, the same user.
    if (user && r() < 0.3) {
      device = weighted(DEVICES, r);
      ua = pick(device.uas, r);
      visitorId = `demo-${opts.seed}-${n}-b`;
      events.push({ site: DEMO_SITE.id, type: 'identify', user, url: `${DEMO_ORIGIN}/account`, ts: t - 1, visitor: visitorId, ip: country.ip, ua, id: uuid(r) });
    }
  }
  return events.filter((e) => e.ts <= opts.end);
}

type SessionEvent = Omit<ImportEvent, 'site' | 'visitor'>;

/** One session, as a walk through the shop; returns its events and how it ended. */
function session(r: () => number, start: number, source: Source, device: string, payment: number, returning: boolean) {
  const events: SessionEvent[] = [];
  let t = start;
  let previous: string | undefined = returning ? undefined : source.referrer(r);
  const query = returning ? '' : source.query(r);
  const view = (path: string, title: string, load = between(250, 1400, r)) => {
    const url = `${DEMO_ORIGIN}${path}${events.length === 0 && query ? `?${query}` : ''}`;
    events.push({ type: 'pageview', url, title: `${title} · Trailhead Outfitters`, ts: t, load_ms: load, ...(previous ? { referrer: previous } : {}) });
    previous = `${DEMO_ORIGIN}${path}`;
    return load;
  };
  const event = (name: string, props?: Record<string, string>, revenue?: number) =>
    events.push({ type: 'event', name, url: previous ?? DEMO_ORIGIN + '/', ts: (t += between(1000, 8000, r)), ...(props ? { props } : {}), ...(revenue !== undefined ? { revenue } : {}) });
  const engage = (ms: number) => {
    t += ms;
    events.push({ type: 'engagement', url: previous ?? DEMO_ORIGIN + '/', ts: t, engaged_ms: ms });
    t += between(500, 4000, r);
  };
  let carted = false;
  const done = (signedUp = false, purchased = false) => ({ events, end: t, signedUp, purchased, carted });

  let product = pick(PRODUCTS, r);
  const landing = returning ? 'home' : source.landing;
  // A first page view on a phone is often slow (cold cache, mobile network), and every second
  // past the first loses people: the pages analysis's "do slow pages lose people?" has a story.
  const slowLanding = device === 'mobile' && r() < 0.4;
  let landingLoad = slowLanding ? between(1500, 9500, r) : between(300, 1800, r);
  if (landing === 'product') view(`/products/${product.slug}`, product.title, landingLoad);
  else if (landing === 'blog') {
    const post = pick(['/blog/how-to-pick-trail-shoes', '/blog/packing-list-für-wanderungen', '/blog/rainy-day-hikes'], r);
    // One post's photo gallery makes it slow for everyone: the journey map's "slow page" pain point.
    if (post === '/blog/packing-list-für-wanderungen') landingLoad = Math.max(landingLoad, between(2500, 8000, r));
    view(post, 'Blog', landingLoad);
  } else if (landing === 'sale') view('/sale', 'Sale', landingLoad);
  else view('/', 'Home', landingLoad);

  if (r() < source.bounce + Math.max(0, landingLoad - 1000) / 20_000) return engage(between(1000, 9000, r)), done();
  engage(between(5000, 40_000, r));

  // Browse: a few product pages, sometimes a search.
  const browse = between(1, 4, r);
  for (let i = 0; i < browse; i++) {
    if (r() < 0.2) event('search', { q: pick(['shoes', 'jacket', 'socks', 'torch'], r) });
    product = pick(PRODUCTS, r);
    view(`/products/${product.slug}`, product.title);
    engage(between(4000, 60_000, r));
  }
  if (r() > source.intent * (returning ? 2 : 1)) return done();

  carted = true;
  event('add_to_cart', { sku: product.slug, price: String(product.price) });
  view('/cart', 'Cart');
  engage(between(3000, 20_000, r));
  // Loop back: a third of carts send people back to browse before going on.
  if (r() < 0.33) {
    const other = pick(PRODUCTS, r);
    view(`/products/${other.slug}`, other.title);
    engage(between(3000, 30_000, r));
    view('/cart', 'Cart');
    engage(between(2000, 10_000, r));
  }
  if (r() < 0.2) return done();

  // The checkout page is slow: the slower it loads, the more people give up.
  const load = view('/checkout', 'Checkout', between(2500, 6500, r));
  if (r() < 0.15 + load / 20_000) return engage(between(1000, 6000, r)), done();
  engage(between(10_000, 60_000, r));
  const signedUp = r() < 0.4;
  if (signedUp) view('/account/signup', 'Create account'), engage(between(5000, 30_000, r));

  // Payment: mobile users struggle here.
  view('/checkout/payment', 'Payment');
  engage(between(10_000, 90_000, r));
  if (r() > payment) {
    if (r() < 0.3) event('feedback', { score: String(between(1, 2, r)), stage: 'payment' });
    return done(signedUp);
  }
  const revenue = Math.round(product.price * between(1, 3, r) * 100) / 100;
  event('purchase', { currency: 'EUR', sku: product.slug }, revenue);
  view('/thank-you', 'Thank you');
  engage(between(3000, 15_000, r));
  if (r() < 0.6) event('feedback', { score: String(between(4, 5, r)), stage: 'purchase' });
  return done(signedUp, true);
}
