/**
 * Events from the script tag in real Chromium, against the real collector: custom events with
 * props and revenue, declarative clicks and form submits, outbound links, downloads, identify,
 * engaged time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openTab, rowsOf, useE2E, waitForRows, type Tab } from './helpers.js';

const env = useE2E();
let tab: Tab;
afterEach(() => tab?.close());

type Waymark = (...args: unknown[]) => void;
const call = (t: Tab, ...args: unknown[]) =>
  t.page.evaluate((a) => (window as unknown as { waymark: Waymark }).waymark(...a), args);

async function loaded(path = '/basic.html') {
  tab = await openTab(env);
  await tab.goto(path);
  await tab.waitFor({ type: 'pageview' });
  return tab.events.length;
}

describe('custom events', () => {
  it("waymark('event', name, {props, revenue}) is sent and stored with string props and the revenue", async () => {
    const from = await loaded();
    await call(tab, 'event', 'add_to_cart', { props: { sku: 'A1', qty: 2 }, revenue: 19.9 });
    const e = await tab.waitFor({ type: 'event', name: 'add_to_cart' }, { from });
    expect(e).toMatchObject({ props: { sku: 'A1', qty: '2' }, revenue: 19.9, url: `${env.server.siteUrl}/basic.html`, visitor: tab.events[0]!.visitor });
    const [row] = await rowsOf(env, 'e2e', [e]);
    expect(row).toMatchObject({ type: 'event', name: 'add_to_cart', props: { sku: 'A1', qty: '2' }, revenue: 19.9, path: '/basic.html' });
  });

  it('unknown commands and bad arguments are ignored without throwing', async () => {
    const from = await loaded();
    await call(tab, 'nonsense', 1, 2);
    await call(tab, 'event', 'ok_after_nonsense');
    await tab.waitFor({ name: 'ok_after_nonsense' }, { from });
    expect(tab.errors).toEqual([]);
  });
});

describe('declarative events', () => {
  it('a click on [data-waymark-event] (or inside it) sends its data-waymark-prop-* as props', async () => {
    const from = await loaded();
    await tab.page.click('#signup-label');
    const e = await tab.waitFor({ type: 'event', name: 'signup' }, { from });
    expect(e.props).toEqual({ plan: 'pro', source: 'hero' });
    const [row] = await rowsOf(env, 'e2e', [e]);
    expect(row).toMatchObject({ name: 'signup', props: { plan: 'pro', source: 'hero' } });
  });

  it('a form with data-waymark-event is tracked on submit, not on clicks inside it', async () => {
    const from = await loaded();
    await tab.page.click('#email');
    await tab.page.click('#plain');
    await tab.expectNone({ type: 'event' }, from);
    await tab.page.click('#subscribe');
    const e = await tab.waitFor({ type: 'event', name: 'newsletter' }, { from });
    expect(e.props).toEqual({ list: 'weekly' });
    expect(tab.events.slice(from).filter((x) => x.type === 'event')).toHaveLength(1);
  });
});

describe('links', () => {
  it('an outbound link click is an `outbound` event with the URL, delivered although the page is left', async () => {
    const from = await loaded();
    const target = await tab.page.getAttribute('#outbound', 'href');
    await Promise.all([tab.page.waitForURL(/outbound-target/), tab.page.click('#outbound')]);
    const e = await tab.waitFor({ type: 'event', name: 'outbound' }, { from });
    expect(e.props).toEqual({ url: target });
    const [row] = await rowsOf(env, 'e2e', [e]);
    expect(row).toMatchObject({ name: 'outbound', props: { url: target }, path: '/basic.html' });
  });

  it('a download link click is a `download` event with the file URL', async () => {
    const from = await loaded();
    await tab.page.click('#download');
    const e = await tab.waitFor({ type: 'event', name: 'download' }, { from });
    expect(e.props).toEqual({ url: `${env.server.siteUrl}/files/report.pdf` });
    const [row] = await rowsOf(env, 'e2e', [e]);
    expect(row).toMatchObject({ name: 'download', props: { url: `${env.server.siteUrl}/files/report.pdf` } });
  });

  it('internal links send no event (only the next page view)', async () => {
    const from = await loaded();
    await Promise.all([tab.page.waitForURL(/from=internal/), tab.page.click('#internal')]);
    await tab.waitFor({ type: 'pageview', url: expect.stringContaining('from=internal') }, { from });
    expect(tab.events.slice(from).filter((e) => e.name === 'outbound' || e.name === 'download')).toEqual([]);
  });

  it('data-download-extensions replaces the default list', async () => {
    const from = await loaded('/exclude.html');
    await tab.page.click('#pdf');
    await tab.page.click('#csv');
    const e = await tab.waitFor({ type: 'event', name: 'download' }, { from });
    expect(e.props).toEqual({ url: `${env.server.siteUrl}/files/data.csv` });
    expect(tab.events.slice(from).filter((x) => x.name === 'download')).toHaveLength(1);
  });
});

describe('identify', () => {
  it("waymark('identify', id) links the visitor id to the user id", async () => {
    const from = await loaded();
    await call(tab, 'identify', 'user-42');
    const id = await tab.waitFor({ type: 'identify', user: 'user-42' }, { from });
    expect(id.visitor).toBe(tab.events[0]!.visitor);
    const [row] = await rowsOf(env, 'e2e', [id]);
    expect(row).toMatchObject({ type: 'identify', user_id: 'user-42', visitor_id: id.visitor });
  });
});

describe('engaged time', () => {
  /** Waits in the page (visible and focused the whole time) and returns how long, in page time. */
  const stay = (ms: number) =>
    tab.page.evaluate((d) => new Promise<number>((r) => { const t = performance.now(); setTimeout(() => r(performance.now() - t), d); }), ms);

  /**
   * pushState in the page, timed just before and just after: the snippet's clock reading lies in
   * between (the synchronous sends after it can take a while on a busy machine).
   */
  const navigate = (url: string) =>
    tab.page.evaluate((u) => {
      const before = performance.now();
      history.pushState(null, '', u);
      return { before, after: performance.now() };
    }, url);

  it('an SPA route change sends the time spent on the page left, within tolerance', async () => {
    const from = await loaded();
    const loadedAt = await tab.page.evaluate(() => performance.now());
    await stay(1200);
    const left = await navigate('/app/next');
    const e = await tab.waitFor({ type: 'engagement' }, { from });
    expect(e.url).toBe(`${env.server.siteUrl}/basic.html`);
    // Counted from script start (before load) to the route change: at least the time we waited
    // after load, at most that plus the load itself.
    expect(e.engaged_ms).toBeGreaterThanOrEqual(Math.floor(left.before - loadedAt) - 20);
    expect(e.engaged_ms).toBeLessThanOrEqual(Math.ceil(left.after) + 50);
    // The new page's clock starts at zero.
    await stay(300);
    const third = await navigate('/app/third');
    const second = await tab.waitFor({ type: 'engagement', url: `${env.server.siteUrl}/app/next` }, { from });
    expect(second.engaged_ms).toBeGreaterThanOrEqual(280);
    expect(second.engaged_ms).toBeLessThanOrEqual(Math.ceil(third.after - left.before) + 20);
    const [row] = await rowsOf(env, 'e2e', [e]);
    expect(row).toMatchObject({ type: 'engagement', path: '/basic.html', engaged_ms: e.engaged_ms });
  });

  it('leaving the page sends the engaged time with keepalive, once (pagehide, then hidden)', async () => {
    await loaded();
    const visitor = tab.events[0]!.visitor;
    const loadedAt = await tab.page.evaluate(() => performance.now());
    const waited = await stay(800);
    await tab.goto('/outbound-target.html');
    // Sent while the old document unloads: Playwright no longer reports that request, the
    // collector is the witness. A page view after it proves the unload has happened.
    await tab.goto('/basic.html?later');
    await tab.waitFor({ type: 'pageview', url: expect.stringContaining('later') });
    const rows = await waitForRows(env, 'e2e', (all) => {
      const mine = all.filter((r) => r.visitor_id === visitor && r.type === 'engagement' && r.path === '/basic.html');
      return mine.length > 0 && mine;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.engaged_ms).toBeGreaterThanOrEqual(Math.floor(waited) - 20);
    expect(rows[0]!.engaged_ms).toBeLessThan(loadedAt + waited + 2000);
  });

  it('hidden time is not counted: hiding sends what was engaged so far, showing starts a new stretch', async () => {
    const from = await loaded();
    const setHidden = (hidden: boolean) =>
      tab.page.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
        document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); // as browsers fire it
        return performance.now();
      }, hidden);
    await stay(400);
    await setHidden(true);
    const first = await tab.waitFor({ type: 'engagement' }, { from });
    expect(first.engaged_ms).toBeGreaterThanOrEqual(380);
    await stay(1000);
    const visibleAt = await setHidden(false);
    await stay(200);
    const leftAt = await tab.page.evaluate(() => (history.pushState(null, '', '/app/after-hidden'), performance.now()));
    const second = await tab.waitFor({ type: 'engagement' }, { from: tab.events.indexOf(first) + 1 });
    // Only the visible stretch since the page was shown again; the hidden second is not in it.
    expect(second.engaged_ms).toBeGreaterThanOrEqual(180);
    expect(second.engaged_ms).toBeLessThanOrEqual(Math.ceil(leftAt - visibleAt) + 20);
  });
});
