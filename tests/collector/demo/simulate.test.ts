/** The demo simulator: deterministic, valid by the contract, and showing the behaviours it promises. */
import { describe, expect, it } from 'vitest';
import { importEventSchema, type ImportEvent } from '../../../collector/schema/event.js';
import { simulate } from '../../../collector/demo/simulate.js';
import { COUNTRIES } from '../../../collector/demo/shop.js';
import { openGeo } from '../../../collector/ingest/geo.js';
import { parseUserAgent } from '../../../collector/ingest/user-agent.js';

const opts = { seed: 7, days: 30, visitors: 2000, end: Date.UTC(2026, 10, 1) };
const visitors = [...simulate(opts)];
const all = visitors.flat();

const rate = (num: number, den: number) => (den === 0 ? 0 : num / den);

describe('demo simulator', () => {
  it('is deterministic for a seed, and differs across seeds', () => {
    expect([...simulate(opts)]).toEqual(visitors);
    expect([...simulate({ ...opts, seed: 8 })]).not.toEqual(visitors);
  });

  it('produces only events the contract accepts, inside the time range', () => {
    for (const e of all) expect(importEventSchema.safeParse(e).success).toBe(true);
    expect(Math.max(...all.map((e) => e.ts))).toBeLessThanOrEqual(opts.end);
    expect(Math.min(...all.map((e) => e.ts))).toBeGreaterThanOrEqual(opts.end - 31 * 86_400_000);
  });

  it('uses addresses that the geo database places in the intended countries', () => {
    const geo = openGeo();
    for (const c of COUNTRIES) expect(geo.country(c.ip)).toBe(c.code);
  });

  it('loses mobile users at the payment step more than desktop users', () => {
    const byDevice = new Map<string, { payment: number; purchase: number }>();
    for (const evs of visitors) {
      for (const e of evs) {
        const d = parseUserAgent(e.ua ?? '').device;
        const s = byDevice.get(d) ?? { payment: 0, purchase: 0 };
        if (e.type === 'pageview' && new URL(e.url).pathname === '/checkout/payment') s.payment++;
        if (e.type === 'event' && e.name === 'purchase') s.purchase++;
        byDevice.set(d, s);
      }
    }
    const mobile = byDevice.get('mobile')!;
    const desktop = byDevice.get('desktop')!;
    expect(rate(mobile.purchase, mobile.payment)).toBeLessThan(rate(desktop.purchase, desktop.payment) - 0.2);
  });

  it('has landing pages of every load time, and slow ones lose more people (the pages analysis has a story)', () => {
    const byBucket = new Map<number, { sessions: number; bounces: number }>();
    for (const evs of visitors) {
      const starts = evs.flatMap((e, i) => (i === 0 || e.ts - evs[i - 1]!.ts > 30 * 60_000 ? [i] : []));
      starts.forEach((start, j) => {
        const session = evs.slice(start, starts[j + 1] ?? evs.length);
        const landing = session[0]!;
        if (landing.type !== 'pageview') return;
        const bucket = [1000, 2000, 4000, 8000].filter((edge) => (landing.load_ms ?? 0) >= edge).length;
        const bounced = session.filter((e) => e.type === 'pageview').length === 1 && !session.some((e) => e.type === 'event');
        const b = byBucket.get(bucket) ?? { sessions: 0, bounces: 0 };
        b.sessions++;
        if (bounced) b.bounces++;
        byBucket.set(bucket, b);
      });
    }
    for (let bucket = 0; bucket <= 4; bucket++) expect(byBucket.get(bucket)?.sessions ?? 0, `bucket ${bucket}`).toBeGreaterThan(20);
    const bounceRate = (bucket: number) => rate(byBucket.get(bucket)!.bounces, byBucket.get(bucket)!.sessions);
    expect(bounceRate(3)).toBeGreaterThan(bounceRate(0) + 0.1);
    expect(bounceRate(4)).toBeGreaterThan(bounceRate(0) + 0.15);
  });

  it('has a slow checkout page, returning visitors, sign-ups with identify, and feedback scores', () => {
    const loads = (path: string) => all.filter((e) => e.type === 'pageview' && new URL(e.url).pathname === path).map((e) => e.load_ms ?? 0);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(avg(loads('/checkout'))).toBeGreaterThan(2 * avg(loads('/cart')));
    const sessionsOf = (evs: ImportEvent[]) => evs.filter((e, i) => i === 0 || e.ts - evs[i - 1]!.ts > 30 * 60_000).length;
    expect(visitors.filter((v) => sessionsOf(v) > 1).length).toBeGreaterThan(opts.visitors * 0.1);
    const identifies = all.filter((e) => e.type === 'identify');
    expect(identifies.length).toBeGreaterThan(10);
    // some users come back on a second device: one user id, two visitor ids
    const visitorsPerUser = new Map<string, Set<string>>();
    for (const e of identifies) visitorsPerUser.set(e.user!, (visitorsPerUser.get(e.user!) ?? new Set()).add(e.visitor));
    expect([...visitorsPerUser.values()].some((s) => s.size > 1)).toBe(true);
    const scores = all.filter((e) => e.name === 'feedback').map((e) => Number(e.props?.score));
    expect(scores.length).toBeGreaterThan(10);
    expect(scores.every((s) => s >= 1 && s <= 5)).toBe(true);
  });

  it('brings traffic from every channel the shop advertises in', () => {
    const landing = visitors.map((v) => v[0]!);
    expect(landing.some((e) => e.url.includes('gclid='))).toBe(true);
    expect(landing.some((e) => e.url.includes('utm_medium=email'))).toBe(true);
    expect(landing.some((e) => e.referrer === 'https://chatgpt.com/')).toBe(true);
    expect(landing.some((e) => e.referrer === undefined && !e.url.includes('?'))).toBe(true);
  });
});
