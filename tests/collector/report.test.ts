/**
 * `waymark report` as a user runs it: a child process against a real server (spawned), then
 * against the data dir alone once the server is gone. Printed numbers must be the API's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, freePort, runCli, spawnWaymark, storedRows, type ServerProcess } from '../helpers/process.js';
import { ADMIN_TOKEN, tempDir } from '../helpers/server.js';
import { CHROME_UA } from '../helpers/app.js';

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const RANGE = ['--from', '2026-01-01', '--to', '2026-01-10'];
const QUERY = 'from=2026-01-01&to=2026-01-10';

/** Six visitors on 2026-01-05: two buy, two leave at the cart (one reads /help first), one at a product, one bounces. */
function events() {
  const t0 = Date.UTC(2026, 0, 5, 10);
  const paths: [string, string[], string][] = [
    ['v1', ['/?utm_source=news&utm_medium=email', '/product/a', '/cart', 'purchase'], CHROME_UA],
    ['v2', ['/', '/product/b', '/cart', '/help'], CHROME_UA],
    ['v3', ['/', '/product/a'], CHROME_UA],
    ['v4', ['/'], CHROME_UA],
    ['v5', ['/', '/product/b', '/cart'], IPHONE_UA],
    ['v6', ['/?utm_source=news&utm_medium=email', '/product/a', '/cart', 'purchase'], IPHONE_UA],
  ];
  return paths.flatMap(([visitor, steps, ua], v) =>
    steps.map((s, i) => ({
      site: 'shop',
      visitor,
      ua,
      ts: t0 + v * 3_600_000 + i * 60_000,
      ...(s.startsWith('/') ? { type: 'pageview', url: `https://shop.example${s}` } : { type: 'event', name: s, url: 'https://shop.example/cart', props: { plan: v === 0 ? 'pro' : 'basic' } }),
    })),
  );
}

const JOURNEY = {
  name: 'Checkout',
  stages: [
    { name: 'Home', matchers: [{ path: '/' }] },
    { name: 'Product', matchers: [{ path: '/product/*' }], owner: 'Merch' },
    { name: 'Cart', matchers: [{ path: '/cart' }], target_rate: 0.8 },
    { name: 'Purchase', matchers: [{ event: 'purchase' }] },
  ],
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dataDir: string;
let server: ServerProcess | undefined;
let port: number;

/** Runs `waymark report …` with the server's PORT (or a dead one), the data dir and the admin token. */
function report(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runCli(['report', ...args], { PORT: String(port), WAYMARK_DATA_DIR: dataDir, WAYMARK_ADMIN_TOKEN: ADMIN_TOKEN, ...env });
}

async function api(pathname: string): Promise<unknown> {
  const res = await fetch(server!.url + pathname, { headers: adminHeaders });
  expect(res.status).toBe(200);
  return res.json();
}

/** A printed table (heading line `name`, header, rule, rows) as records of cell text. */
function table(out: string, name: string): Record<string, string>[] {
  const lines = out.split('\n');
  const start = lines.indexOf(name);
  expect(start, `table "${name}" in:\n${out}`).toBeGreaterThan(-1);
  const cells = (l: string) => l.trim().split(/\s{2,}/);
  const head = cells(lines[start + 1]!);
  const rows: Record<string, string>[] = [];
  for (const l of lines.slice(start + 3)) {
    if (!l.trim()) break;
    rows.push(Object.fromEntries(cells(l).map((c, i) => [head[i]!, c])));
  }
  return rows;
}
/** The summary: the `key  value` lines between the title and the first table. */
const summary = (out: string): Record<string, string> =>
  Object.fromEntries(out.split('\n\n')[1]!.split('\n').map((l) => l.trim().split(/\s{2,}/)));
const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)}%`);

type Funnel = { units: number; stages: { name: string; reached: number; conversion_from_previous: number | null; dropped: number | null; target_gap: number | null }[]; breakdown: { segments: { value: string; units: number; stages: { reached: number }[] }[] } | null };
type Dropoff = { reached: number; dropped: number; dropoff_rate: number | null; came_back: number; next_touchpoints: { label: string; count: number; share: number | null }[] };
type Overview = { totals: { visitors: number; sessions: number; pageviews: number; bounce_rate: number | null }; pages: { path: string; views: number; exits: number }[] };

let funnelJson: Funnel;
let dropoffJson: Dropoff;

beforeAll(async () => {
  dataDir = tempDir();
  server = await spawnWaymark(dataDir);
  port = Number(new URL(server.url).port);
  const post = (p: string, method: string, body: unknown) => fetch(server!.url + p, { method, headers: adminHeaders, body: JSON.stringify(body) });
  expect((await post('/api/sites', 'POST', { id: 'shop', domains: ['shop.example'] })).status).toBe(201);
  expect((await post('/api/import', 'POST', events())).status).toBe(202);
  expect((await post('/api/sites/shop/journeys/checkout', 'PUT', JOURNEY)).status).toBe(201);
  expect(await storedRows(server.url, 'shop')).toHaveLength(events().length);
  funnelJson = (await api(`/api/sites/shop/funnel?journey=checkout&breakdown=device&${QUERY}`)) as Funnel;
  dropoffJson = (await api(`/api/sites/shop/dropoff?journey=checkout&stage=3&${QUERY}`)) as Dropoff;
});
afterAll(() => {
  server?.proc.kill('SIGKILL');
});

describe('against the running server', () => {
  it('funnel: the stages and device segments printed are the API’s', async () => {
    const r = await report(['funnel', '--site', 'shop', '--journey', 'checkout', '--by', 'device', ...RANGE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(funnelJson.stages.map((s) => s.reached)).toEqual([6, 5, 4, 2]); // the data is what we think
    expect(table(r.stdout, 'stages')).toEqual(
      funnelJson.stages.map((s, i) =>
        expect.objectContaining({ index: String(i + 1), name: s.name, reached: String(s.reached), 'conv. prev': pct(s.conversion_from_previous), dropped: s.dropped === null ? '–' : String(s.dropped), target_gap: pct(s.target_gap) }),
      ),
    );
    const segments = table(r.stdout, 'segments');
    const expected = funnelJson.breakdown!.segments.flatMap((s) => s.stages.map((st, i) => ({ segment: s.value, units: String(s.units), stage: String(i + 1), reached: String(st.reached) })));
    expect(segments.map((row) => ({ segment: row.segment, units: row.units, stage: row.stage, reached: row.reached }))).toEqual(expected);
    expect(summary(r.stdout).units).toBe(String(funnelJson.units));
  });

  it('funnel --table trend: conversion per day, as the API has it', async () => {
    const r = await report(['funnel', '--site', 'shop', '--journey', 'checkout', '--table', 'trend', '--interval', 'day', ...RANGE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const trend = (await api(`/api/sites/shop/funnel?journey=checkout&interval=day&${QUERY}`)) as { trend: { buckets: { bucket: string; reached: number[]; conversion_rate: number | null; complete: boolean }[] } };
    expect(trend.trend.buckets).toHaveLength(10);
    expect(trend.trend.buckets.reduce((n, b) => n + b.reached[0]!, 0)).toBe(funnelJson.stages[0]!.reached);
    expect(table(r.stdout, 'trend')).toEqual(
      trend.trend.buckets.map((b) => ({
        bucket: b.bucket,
        ...Object.fromEntries(b.reached.map((n, k) => [`reached_${k + 1}`, String(n)])),
        conversion_rate: pct(b.conversion_rate),
        complete: b.complete ? 'yes' : 'no',
      })),
    );
  });

  it('custom_events --name: the events and that event\'s property values are the API’s', async () => {
    const r = await report(['custom_events', '--site', 'shop', '--name', 'purchase', ...RANGE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = (await api(`/api/sites/shop/custom_events?name=purchase&${QUERY}`)) as { events: { name: string; events: number; visitors: number }[]; props: { key: string; value: string; events: number }[] };
    expect(got.props.map((p) => p.value)).toEqual(['basic', 'pro']);
    expect(table(r.stdout, 'events').map((row) => [row.name, row.events, row.visitors])).toEqual(got.events.map((e) => [e.name, String(e.events), String(e.visitors)]));
    expect(table(r.stdout, 'props').map((row) => [row.key, row.value, row.events])).toEqual(got.props.map((p) => [p.key, p.value, String(p.events)]));
  });

  it('retention --interval day --return-event: cohorts and their days are the API’s', async () => {
    const r = await report(['retention', '--site', 'shop', '--interval', 'day', '--return-event', 'purchase', '--table', 'cells', ...RANGE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = (await api(`/api/sites/shop/retention?interval=day&return_event=purchase&${QUERY}`)) as {
      return_event: string;
      cohorts: { bucket: string; visitors: number; periods: { period: number; returned: number }[] }[];
    };
    expect(got.return_event).toBe('purchase');
    const cells = got.cohorts.flatMap((c) => c.periods.map((x) => [c.bucket, String(c.visitors), String(x.period), String(x.returned)]));
    expect(cells.length).toBeGreaterThan(0);
    expect(table(r.stdout, 'cells').map((row) => [row.bucket, row.cohort_visitors, row.period, row.returned])).toEqual(cells);
    expect((await report(['retention', '--site', 'shop', '--interval', 'hour', ...RANGE])).stderr).toContain('interval');
    // By channel: each segment's new visitors and how many came back.
    const by = await report(['retention', '--site', 'shop', '--by', 'channel', '--table', 'segments', ...RANGE]);
    expect(by.code).toBe(0);
    const seg = (await api(`/api/sites/shop/retention?breakdown=channel&${QUERY}`)) as { breakdown: { segments: { value: string; visitors: number }[] } };
    expect(seg.breakdown.segments.length).toBeGreaterThan(1);
    expect(table(by.stdout, 'segments').map((row) => [row.value, row.visitors])).toEqual(seg.breakdown.segments.map((x) => [x.value, String(x.visitors)]));
  });

  it('change --baseline-from/--baseline-to --by: stages and drivers are the API’s', async () => {
    // Three visitors from 10:00 to 12:59 (all on Chrome) against three from 13:00 (two on an iPhone).
    const hours = ['--from', '2026-01-05T10', '--to', '2026-01-05T12', '--baseline-from', '2026-01-05T13', '--baseline-to', '2026-01-05T15'];
    const q = 'from=2026-01-05T10&to=2026-01-05T12&baseline_from=2026-01-05T13&baseline_to=2026-01-05T15&by=device,channel';
    const r = await report(['change', '--site', 'shop', '--journey', 'checkout', ...hours, '--by', 'device,channel']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = (await api(`/api/sites/shop/change?journey=checkout&${q}`)) as {
      current: { units: number };
      baseline: { from: string; units: number };
      stages: { index: number; current: { reached: number }; baseline: { reached: number } }[];
      drivers: { stage: number; by: string; value: string }[];
    };
    expect(got).toMatchObject({ current: { units: 3 }, baseline: { from: '2026-01-05T13', units: 3 } });
    expect(table(r.stdout, 'stages').map((row) => [row.index, row.current_reached, row.baseline_reached])).toEqual(
      got.stages.map((x) => [String(x.index), String(x.current.reached), String(x.baseline.reached)]),
    );
    expect(got.drivers.some((x) => x.by === 'device' && x.value === 'mobile')).toBe(true);
    expect(table(r.stdout, 'drivers').map((row) => [row.stage, row.by, row.value])).toEqual(got.drivers.map((x) => [String(x.stage), x.by, x.value]));
    expect((await report(['change', '--site', 'shop', '--journey', 'checkout', '--baseline-from', '2026-01-01'])).stderr).toContain('baseline_to');
  });

  it('bounce_change --baseline-from/--baseline-to --by: periods and drivers are the API’s', async () => {
    const hours = ['--from', '2026-01-05T10', '--to', '2026-01-05T12', '--baseline-from', '2026-01-05T13', '--baseline-to', '2026-01-05T15'];
    const q = 'from=2026-01-05T10&to=2026-01-05T12&baseline_from=2026-01-05T13&baseline_to=2026-01-05T15&by=device,channel';
    const r = await report(['bounce_change', '--site', 'shop', ...hours, '--by', 'device,channel']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = (await api(`/api/sites/shop/bounce_change?${q}`)) as { current: { sessions: number }; baseline: { sessions: number }; drivers: { by: string; value: string; effect: number }[] };
    expect(got.current.sessions).toBeGreaterThan(0);
    expect(got.baseline.sessions).toBeGreaterThan(0);
    expect(table(r.stdout, 'periods').map((row) => [row.period, row.sessions])).toEqual([
      ['current', String(got.current.sessions)],
      ['baseline', String(got.baseline.sessions)],
    ]);
    expect(got.drivers.length).toBeGreaterThan(0);
    expect(table(r.stdout, 'drivers').map((row) => [row.by, row.value])).toEqual(got.drivers.map((x) => [x.by, x.value]));
  });

  it('dropoff: the summary and where they went are the API’s', async () => {
    const r = await report(['dropoff', '--site', 'shop', '--journey', 'checkout', '--stage', '3', ...RANGE]);
    expect(r.code).toBe(0);
    const s = summary(r.stdout);
    expect([s.reached, s.dropped, s.dropoff_rate, s.came_back]).toEqual([String(dropoffJson.reached), String(dropoffJson.dropped), pct(dropoffJson.dropoff_rate), String(dropoffJson.came_back)]);
    expect(dropoffJson.dropped).toBe(2);
    expect(table(r.stdout, 'next_touchpoints')).toEqual(dropoffJson.next_touchpoints.map((n) => ({ label: n.label, count: String(n.count), share: pct(n.share) })));
  });

  it('overview: totals and pages are the API’s; filters pass through', async () => {
    const r = await report(['overview', '--site', 'shop', ...RANGE, '--filter', 'device=mobile']);
    expect(r.code).toBe(0);
    const json = (await api(`/api/sites/shop/overview?${QUERY}&device=mobile`)) as Overview;
    expect(json.totals.visitors).toBe(2);
    const s = summary(r.stdout);
    expect([s['totals.visitors'], s['totals.sessions'], s['totals.pageviews'], s['totals.bounce_rate']]).toEqual([
      String(json.totals.visitors), String(json.totals.sessions), String(json.totals.pageviews), pct(json.totals.bounce_rate),
    ]);
    expect(table(r.stdout, 'pages').map((p) => [p.path, p.views, p.exits])).toEqual(json.pages.map((p) => [p.path, String(p.views), String(p.exits)]));
  });

  it('visitor: one person\'s sessions and events, marked with the journey\'s stages', async () => {
    const r = await report(['visitor', '--site', 'shop', '--id', 'v6', '--journey', 'checkout', ...RANGE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = summary(r.stdout);
    expect([s.person, s['totals.sessions'], s['totals.pageviews'], s['totals.events']]).toEqual(['v6', '1', '3', '1']);
    expect(table(r.stdout, 'sessions')).toEqual([expect.objectContaining({ n: '1', entry_page: '/', exit_page: '/cart', channel: 'Email', source: 'news', device: 'mobile', stages: '1 2 3 4' })]);
    expect(table(r.stdout, 'events').map((e) => [e.type, e.path, e.name, e.stages])).toEqual([
      ['pageview', '/', '–', '1'],
      ['pageview', '/product/a', '–', '2'],
      ['pageview', '/cart', '–', '3'],
      ['event', '/cart', 'purchase', '4'],
    ]);
  });

  it('visitors: the people who dropped at a stage', async () => {
    const r = await report(['visitors', '--site', 'shop', '--journey', 'checkout', '--stage', '3', ...RANGE]);
    expect(r.code).toBe(0);
    expect(dropoffJson.dropped).toBe(2); // dropped at the cart: v2 and v5
    expect(summary(r.stdout).total).toBe('2');
    expect(table(r.stdout, 'people').map((p) => p.person).sort()).toEqual(['v2', 'v5']);
  });

  it('--json prints the API’s JSON, --csv the API’s CSV', async () => {
    const j = await report(['funnel', '--site', 'shop', '--journey', 'checkout', '--by', 'device', ...RANGE, '--json']);
    expect(JSON.parse(j.stdout)).toEqual(funnelJson);
    const c = await report(['dropoff', '--site', 'shop', '--journey', 'checkout', '--stage', '3', ...RANGE, '--csv', '--table', 'exit_pages']);
    const res = await fetch(`${server!.url}/api/sites/shop/dropoff?journey=checkout&stage=3&${QUERY}&format=csv&table=exit_pages`, { headers: adminHeaders });
    expect(c.stdout).toBe(await res.text());
  });

  it.each([
    [['bogus', '--site', 'shop'], /unknown analysis "bogus"; one of: overview, funnel, dropoff/],
    [['overview'], /--site is required/],
    [['funnel', '--site', 'shop'], /funnel needs --journey/],
    [['dropoff', '--site', 'shop', '--journey', 'checkout'], /dropoff needs --stage/],
    [['visitor', '--site', 'shop'], /visitor needs --id/],
    [['overview', '--site', 'shop', '--id', 'v1'], /overview takes no --id/],
    [['overview', '--site', 'shop', '--name', 'signup'], /overview takes no --name/],
    [['dropoff', '--site', 'shop', '--journey', 'checkout', '--stage', '1', '--interval', 'day'], /dropoff takes no --interval/],
    [['funnel', '--site', 'shop', '--journey', 'checkout', '--interval', 'week'], /invalid query: interval/],
    [['overview', '--site', 'shop', '--json', '--csv'], /exclude each other/],
    [['overview', '--site', 'shop', '--nope'], /Unknown option '--nope'/],
    [['overview', '--site', 'shop', '--filter', 'colour=red'], /--filter wants KEY=VALUE/],
    [['overview', '--site', 'nosuch'], /no site with id "nosuch"/],
    [['funnel', '--site', 'shop', '--journey', 'nosuch'], /no journey "nosuch"/],
    [['overview', '--site', 'shop', '--from', '2026-13-01'], /invalid query: from/],
    [['dropoff', '--site', 'shop', '--journey', 'checkout', '--stage', '4'], /must be below the last stage/],
  ])('refuses %j with a message and exit 2', async (args, message) => {
    const r = await report(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe('');
  });
});

describe('waymark summary', () => {
  const summaryCli = (args: string[]) => runCli(['summary', ...args], { PORT: String(port), WAYMARK_DATA_DIR: dataDir, WAYMARK_ADMIN_TOKEN: ADMIN_TOKEN });

  it("prints the week's summary as the preview API has it, for a mail from cron; bad arguments exit 2 with the message", async () => {
    // 2026-01-12 is a Monday: the week of 5–11 January, with the six visitors.
    const api = (await (await fetch(`${server!.url}/api/sites/shop/summary/preview?at=2026-01-12`, { headers: adminHeaders })).json()) as { period: string; text: string };
    expect(api.period).toBe('2026-01-05/2026-01-11');
    expect(api.text).toContain('Visitors 6 (new)');
    const r = await summaryCli(['--site', 'shop', '--at', '2026-01-12']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.trimEnd()).toBe(api.text);
    const month = await summaryCli(['--site', 'shop', '--every', 'month', '--at', '2026-02-01', '--json']);
    expect(JSON.parse(month.stdout)).toMatchObject({ period: '2026-01-01/2026-01-31', figures: { totals: { current: { visitors: 6 } } } });
    for (const [args, message] of [
      [[], /--site is required/],
      [['--site', 'shop', '--every', 'day'], /every/],
      [['--site', 'nope'], /no site/],
    ] as const) {
      const bad = await summaryCli([...args]);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(message);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('without a server', () => {
  beforeAll(async () => {
    server!.proc.kill('SIGTERM');
    expect(await server!.exited).toBe(0);
    port = await freePort(); // nobody listens there: the CLI opens the data dir itself
  });

  it('opens the data dir and prints the same numbers', async () => {
    const j = await report(['funnel', '--site', 'shop', '--journey', 'checkout', '--by', 'device', ...RANGE, '--json']);
    expect(j.stderr).toBe('');
    expect(JSON.parse(j.stdout)).toEqual(funnelJson);
    const t = await report(['dropoff', '--site', 'shop', '--journey', 'checkout', '--stage', '3', ...RANGE]);
    expect(t.code).toBe(0);
    expect(table(t.stdout, 'next_touchpoints').map((n) => n.count)).toEqual(dropoffJson.next_touchpoints.map((n) => String(n.count)));
  });

  it('an analysis past its memory limit: the message, exit 1, no stack trace', async () => {
    const r = await report(['overview', '--site', 'shop', ...RANGE], { WAYMARK_QUERY_MEMORY_MB: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^waymark report: This analysis needs more than the 1 MB one query may use\. .*WAYMARK_QUERY_MEMORY_MB/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
