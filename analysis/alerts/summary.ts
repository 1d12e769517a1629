/**
 * Summaries: after each week (Monday to Sunday) or month in the site's time zone, its webhook is
 * told that period's figures against the period before — visitors, sessions, page views, bounce
 * rate, the top channels, and per journey how many completed it, with the significant change and
 * the segment that moved it most. The numbers are the analyses' own (overview, change), so a
 * message never disagrees with the dashboard it links to.
 *
 * It goes at the summary's hour (default 08:00) of the first day after the period. Each period is
 * summarised once: a webhook that does not take it is tried again at the next check
 * until the next period replaces it; a period with no visitors, nor any in the period before, is
 * `quiet` (nothing to tell).
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { changeSql } from '../change/sql.js';
import { changeParamsSchema, type ChangeDriver } from '../change/schema.js';
import type { SiteRef } from '../common/params.js';
import { addDays, localDate, localHour, zonedDayStart } from '../common/time.js';
import { definitionOf, type StoredJourney } from '../journeys/schema.js';
import { listJourneys } from '../journeys/store.js';
import { overviewSql } from '../overview/sql.js';
import { overviewParamsSchema, type OverviewResult } from '../overview/schema.js';
import { DRIVERS_ASKED, chatMessage, fewer, named, pct, pt, segment } from './check.js';
import { postWebhook } from './deliver.js';
import type { SummaryInput, SummarySend } from './schema.js';
import { listSummaries, periodSettled, recordSend, type SiteSummary } from './summary-store.js';

export interface Period {
  from: string;
  to: string;
}
export interface SummaryPeriods {
  current: Period;
  baseline: Period;
}
type Every = SummaryInput['every'];

/** "2026-11-16/2026-11-22": how a period is recorded. */
export const periodKey = (p: Period) => `${p.from}/${p.to}`;

const weekday = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
const monthStart = (date: string) => `${date.slice(0, 8)}01`;

/** The last whole week or month before `now` in the zone, and the one before it. */
export function lastPeriods(every: Every, now: number, tz: string): SummaryPeriods {
  const today = localDate(now, tz);
  if (every === 'week') {
    const monday = addDays(today, -weekday(today));
    return { current: { from: addDays(monday, -7), to: addDays(monday, -1) }, baseline: { from: addDays(monday, -14), to: addDays(monday, -8) } };
  }
  const end = addDays(monthStart(today), -1);
  const start = monthStart(end);
  const before = addDays(start, -1);
  return { current: { from: start, to: end }, baseline: { from: monthStart(before), to: before } };
}

interface Totals {
  visitors: number;
  sessions: number;
  pageviews: number;
  bounce_rate: number | null;
}

export interface SummaryFigures {
  every: Every;
  from: string;
  to: string;
  baseline_from: string;
  baseline_to: string;
  totals: { current: Totals; baseline: Totals };
  /** The period's top channels by visitors, with their visitors in the period before. */
  channels: { channel: string; visitors: number; baseline_visitors: number }[];
  journeys: SummaryJourney[];
}

export interface SummaryJourney {
  id: string;
  name: string;
  /** Units (visitors, or sessions for a session-scoped journey) at the first stage, and at the last. */
  started: number;
  completed: number;
  completion: { current: number | null; baseline: number | null; change: number | null; p_value: number | null; significant: boolean };
  /** The stage whose conversion changed most among those that changed significantly, and the segment behind most of it. */
  moved: { stage: string; baseline: number | null; current: number | null; change: number; shortfall: number | null; driver: ChangeDriver | null } | null;
}

/** Channels named in a message. */
const CHANNELS = 3;
/** Journeys named in a message (in id order, as the dashboard lists them). */
const JOURNEYS = 5;

const totalsOf = (o: OverviewResult): Totals => ({ visitors: o.totals.visitors, sessions: o.totals.sessions, pageviews: o.totals.pageviews, bounce_rate: o.totals.bounce_rate });

async function journeyFigures(store: Store, site: SiteRef, j: StoredJourney, p: SummaryPeriods): Promise<SummaryJourney> {
  const params = changeParamsSchema.parse({ from: p.current.from, to: p.current.to, baseline_from: p.baseline.from, baseline_to: p.baseline.to, journey: definitionOf(j), drivers: DRIVERS_ASKED });
  const r = await changeSql(store, site, params);
  const significant = r.stages.filter((s) => s.significant && s.change !== null);
  const top = significant.sort((a, b) => Math.abs(b.change!) - Math.abs(a.change!))[0];
  const { current, baseline, change, p_value, significant: sig } = r.completion;
  return {
    id: j.id,
    name: j.name,
    started: r.stages[0]?.current.reached ?? 0,
    completed: r.stages.at(-1)?.current.reached ?? 0,
    completion: { current, baseline, change, p_value, significant: sig },
    moved: top ? { stage: top.name, baseline: top.baseline.rate, current: top.current.rate, change: top.change!, shortfall: top.shortfall, driver: named(r.drivers.filter((d) => d.stage === top.index))[0] ?? null } : null,
  };
}

/** The figures of a summary: the analyses' own numbers for both periods. */
export async function summaryFigures(store: Store, site: SiteRef, every: Every, p: SummaryPeriods): Promise<SummaryFigures> {
  const overview = (range: Period) => overviewSql(store, site, overviewParamsSchema.parse({ ...range, limit: 50 }));
  const current = await overview(p.current);
  const baseline = await overview(p.baseline);
  const journeys: SummaryJourney[] = [];
  for (const j of (await listJourneys(store, site.id)).slice(0, JOURNEYS)) journeys.push(await journeyFigures(store, site, j, p));
  return {
    every,
    from: p.current.from,
    to: p.current.to,
    baseline_from: p.baseline.from,
    baseline_to: p.baseline.to,
    totals: { current: totalsOf(current), baseline: totalsOf(baseline) },
    // By visitors, as the dashboard's channel table sorts them (the overview's own order is by sessions).
    channels: [...current.channels].sort((a, b) => b.visitors - a.visitors || a.value.localeCompare(b.value)).slice(0, CHANNELS).map((c) => ({ channel: c.value, visitors: c.visitors, baseline_visitors: baseline.channels.find((b) => b.value === c.value)?.visitors ?? 0 })),
    journeys,
  };
}

const count = (n: number) => n.toLocaleString('en-US');
/** A count's change in per cent of the period before; "new" from nothing. */
const rel = (now: number, before: number) => (now === before ? '±0 %' : before === 0 ? 'new' : `${now > before ? '+' : '−'}${Math.abs(((now - before) / before) * 100).toFixed(1)} %`);
const ptOrDash = (d: number | null) => (d === null ? '–' : pt(d));

function periodWords(f: SummaryFigures): string {
  if (f.every === 'week') return `week ${f.from} – ${f.to} (against ${f.baseline_from} – ${f.baseline_to})`;
  const month = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `${month(f.from)} (against ${month(f.baseline_from)})`;
}

/** The message in plain text, as chat tools show it (chatMessage escapes it for each). */
export function summaryText(site: string, f: SummaryFigures): string {
  const { current: c, baseline: b } = f.totals;
  const lines = [
    `Waymark · ${site} · ${f.every === 'week' ? 'weekly' : 'monthly'} summary, ${periodWords(f)}`,
    `Visitors ${count(c.visitors)} (${rel(c.visitors, b.visitors)}) · sessions ${count(c.sessions)} (${rel(c.sessions, b.sessions)}) · page views ${count(c.pageviews)} (${rel(c.pageviews, b.pageviews)}) · bounce rate ${pct(c.bounce_rate)} (${c.bounce_rate === null || b.bounce_rate === null ? '–' : pt(c.bounce_rate - b.bounce_rate)})`,
  ];
  if (f.channels.length > 0) lines.push(`Top channels: ${f.channels.map((ch) => `${ch.channel} ${count(ch.visitors)} (${rel(ch.visitors, ch.baseline_visitors)})`).join(' · ')}`);
  for (const j of f.journeys) {
    const done = j.completion;
    lines.push(`“${j.name}”: ${count(j.completed)} of ${count(j.started)} completed (${pct(done.current)}, ${ptOrDash(done.change)}${done.significant ? ', significant' : ''})`);
    if (j.moved) {
      const d = j.moved.driver;
      const m = j.moved;
      lines.push(`   ${m.stage} ${m.change < 0 ? 'fell' : 'rose'} most: ${pct(m.baseline)} → ${pct(m.current)} (${pt(m.change)}${fewer(m.shortfall, `the ${f.every} before’s`)})${d ? `; ${segment(d)} ${pct(d.baseline.rate)} → ${pct(d.current.rate)}` : ''}`);
    }
  }
  return lines.join('\n');
}

/** The dashboard's overview of the period. */
export const summaryLink = (publicUrl: string, site: string, p: Period) => `${publicUrl}/overview?${new URLSearchParams({ site, from: p.from, to: p.to })}`;

export function summaryPayload(site: string, f: SummaryFigures, publicUrl?: string) {
  const url = publicUrl === undefined ? undefined : summaryLink(publicUrl, site, f);
  return chatMessage(summaryText(site, f), url, { test: false, kind: 'summary', site, ...f });
}

export function summaryTestPayload(site: string, every: Every) {
  const when = every === 'week' ? 'each week (on Monday, for Monday to Sunday)' : 'each month (on its first day, for the month before)';
  return chatMessage(`[test] Waymark · ${site}: this webhook will get a summary ${when}: visitors, sessions, bounce rate, top channels and each journey’s completions, against the period before.`, undefined, {
    test: true,
    kind: 'summary',
    site,
    every,
  });
}

/** The summary due on `at` (a local day; default today), as it would be sent, without sending it. */
export async function previewSummary(store: Store, site: SiteRef, every: Every, at: string | undefined, now = Date.now()) {
  const periods = lastPeriods(every, at === undefined ? now : zonedDayStart(at, site.timezone), site.timezone);
  const figures = await summaryFigures(store, site, every, periods);
  return { period: periodKey(periods.current), text: summaryText(site.id, figures), figures: { ...figures } };
}

export interface SummaryDeps {
  store: Store;
  sites: { get(id: string): SiteRef | undefined };
  now?: () => number;
  publicUrl?: string | undefined;
}

/** Summarise the site's last whole period and deliver it; records and returns the outcome. */
export async function runSummary(deps: SummaryDeps, s: SiteSummary, site: SiteRef, periods = lastPeriods(s.every, (deps.now ?? Date.now)(), site.timezone)): Promise<SummarySend> {
  const f = await summaryFigures(deps.store, site, s.every, periods);
  let out: SummarySend;
  if (f.totals.current.visitors === 0 && f.totals.baseline.visitors === 0) {
    out = { site: s.site, period: periodKey(periods.current), outcome: 'quiet', detail: 'no visitors in the period, nor in the one before' };
  } else {
    const sent = await postWebhook(s.webhook, summaryPayload(s.site, f, deps.publicUrl));
    out = { site: s.site, period: periodKey(periods.current), outcome: sent.ok ? 'sent' : 'failed', detail: sent.ok ? `${f.totals.current.visitors} visitors` : sent.detail };
  }
  await recordSend(deps.store, out, (deps.now ?? Date.now)());
  return out;
}

/** One tick: each summary whose last whole period was not summarised yet. */
export async function runDueSummaries(deps: SummaryDeps, onError: (site: string, err: unknown) => void): Promise<SummarySend[]> {
  const now = (deps.now ?? Date.now)();
  const done: SummarySend[] = [];
  for (const s of await listSummaries(deps.store)) {
    const site = deps.sites.get(s.site);
    if (!site) continue;
    try {
      const periods = lastPeriods(s.every, now, site.timezone);
      const { current } = periods;
      // On the period's first day after it, not before the summary's hour; later (a server that was down), at once.
      if (localDate(now, site.timezone) === addDays(current.to, 1) && localHour(now, site.timezone) < s.hour) continue;
      if (await periodSettled(deps.store, s.site, periodKey(current))) continue;
      done.push(await runSummary(deps, s, site, periods));
    } catch (err) {
      onError(s.site, err);
    }
  }
  return done;
}
