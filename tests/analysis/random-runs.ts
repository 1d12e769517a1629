/**
 * Randomized agreement, shared by random.test.ts, random-journeys.test.ts and
 * random-people.test.ts: 240 seeded datasets (RANDOM_SEEDS picks others), each under its own site
 * id in ONE events table per test file, and for each an overview, a funnel (random journey,
 * filters, breakdown), a drop-off, paths (random anchor, depth, scope), pages, custom events, retention, what changed, sources,
 * attribution, a journey map, the people seen and one person's journey; SQL and reference must
 * agree exactly, and the funnel's arrayFold must agree with ClickHouse's windowFunnel. Several
 * files so vitest runs them in parallel forks (chdb runs one query at a time per process, and the
 * time goes into query planning).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRow } from '../../collector/schema/event.js';
import type { Store } from '../../collector/storage/clickhouse.js';
import { BREAKDOWNS as CHANGE_DIMS } from '../../analysis/funnel/schema.js';
import { BOUNCE_DIMS } from '../../analysis/bounce-change/schema.js';
import { EVENTS, FROM, PATHS, TIMEZONES, TO, dataset, filters, journey, pick, rng } from './generate.js';
import { runBoth, windowFunnelMismatches, type AnalysisName } from './harness.js';
import { insertRows, openAnalysisStore } from './helpers.js';

// 240 seeds in every run; a deeper hunt takes other seeds, e.g. RANDOM_SEEDS=241-2240 npx vitest run tests/analysis/random
const [FIRST_SEED, LAST_SEED] = seedRange(process.env.RANDOM_SEEDS ?? '1-240');
const BREAKDOWNS = [undefined, 'channel', 'source', 'device', 'entry_page', 'visitor_type', 'country'];

interface Run {
  seed: number;
  site: { id: string; timezone: string };
  analysis: AnalysisName;
  params: Record<string, unknown>;
}

const rows: EventRow[] = [];
const runs: Run[] = [];
for (let seed = FIRST_SEED; seed <= LAST_SEED; seed++) {
  const site = { id: `r${seed}`, timezone: TIMEZONES[seed % TIMEZONES.length]! };
  const mine = dataset(seed, site.id);
  rows.push(...mine);
  const r = rng(seed * 7919);
  const base = { from: FROM, to: pick(r, [FROM, TO]), filters: filters(r), session_gap_minutes: pick(r, [30, 30, 10]) };
  // A third of the runs use hour ranges (YYYY-MM-DDTHH at either end), which cut sessions and
  // journeys mid-day — across the DST change of 2026-03-29 in Berlin. Own generator: the draws
  // above stay as they were.
  const hr = rng(seed * 15_485_863);
  if (hr() < 1 / 3) {
    const hour = () => String(Math.floor(hr() * 24)).padStart(2, '0');
    base.from = hr() < 0.7 ? `${FROM}T${hour()}` : FROM;
    base.to = hr() < 0.7 ? `${TO}T${hour()}` : TO;
  }
  runs.push({ seed, site, analysis: 'overview', params: { ...base, interval: pick(r, ['hour', 'day']), now: Date.UTC(2026, 2, 28, 12) + Math.floor(r() * 36) * 3_600_000, limit: 5 } });
  // The totals alone (a comparison period's): their own SQL, against the reference's full count.
  runs.push({ seed, site, analysis: 'overview', params: { ...base, only: 'totals' } });
  // The trend's interval from its own generator, so the draws after it stay as they were.
  const interval = pick(rng(seed * 179_424_673), [undefined, 'hour', 'day']);
  runs.push({ seed, site, analysis: 'funnel', params: { ...base, journey: journey(r, mine), breakdown: pick(r, BREAKDOWNS), segments: 3, interval } });
  const multi = journey(r, mine, 2) as { stages: unknown[] };
  runs.push({ seed, site, analysis: 'dropoff', params: { ...base, journey: multi, stage: 1 + Math.floor(r() * (multi.stages.length - 1)), limit: 5 } });
  // The later analyses draw from their own generator, so the runs above stay as they were.
  const q = rng(seed * 104_729);
  const label = () => (q() < 0.6 ? pick(q, PATHS) : `event:${pick(q, EVENTS)}`);
  const anchor = pick(q, ['entry', 'start', 'end']);
  runs.push({
    seed, site, analysis: 'paths',
    params: {
      ...base, ...(anchor === 'start' ? { start: label() } : anchor === 'end' ? { end: label() } : {}),
      depth: pick(q, [1, 2, 3, 5, 10]), scope: pick(q, ['session', 'visitor']), nodes: pick(q, [1, 2, 8]), min_share: pick(q, [0, 0.1, 0.3]), limit: 3,
    },
  });
  runs.push({ seed, site, analysis: 'pages', params: { ...base, limit: 3 } });
  // Custom events from their own generator, so the draws after them stay as they were.
  const ce = rng(seed * 2_750_159);
  runs.push({
    seed, site, analysis: 'custom_events',
    // The named event's series in hours or days, drawn after the rest so their draws stay.
    params: { ...base, limit: pick(ce, [2, 20]), ...(ce() < 0.5 ? { name: pick(ce, EVENTS), interval: pick(ce, [undefined, 'hour', 'day']) } : {}) },
  });
  // Retention from its own generator: wider ranges too (the data spans 2026-03-27 to -31), so
  // there are later days and weeks to come back in, and a "now" that cuts some periods open.
  const rt = rng(seed * 7_368_787);
  const wide = rt() < 0.75;
  const { filters: _rf, ...plain } = base;
  runs.push({
    seed, site, analysis: 'retention',
    params: {
      // Filters in a third of the runs: they test the first session alone and often leave nobody.
      ...(rt() < 1 / 3 ? base : plain),
      // A one-day range has no later day to come back on: the base range's second day at least.
      ...(wide ? { from: pick(rt, ['2026-03-27', '2026-03-23']), to: pick(rt, ['2026-03-30', '2026-04-05']) } : base.to === FROM ? { to: TO } : {}),
      // Weeks only where a range reaches a second one (the data's first days are one weekend).
      interval: wide && rt() < 0.25 ? 'week' : pick(rt, [undefined, 'day']),
      ...(rt() < 0.2 ? { return_event: pick(rt, EVENTS) } : {}),
      now: pick(rt, [Date.UTC(2027, 0, 1), Date.UTC(2027, 0, 1), Date.UTC(2026, 2, 29, 12), Date.UTC(2026, 2, 30, 7)]),
      ...(rt() < 0.5 ? { breakdown: pick(rt, ['channel', 'source', 'device', 'country', 'entry_page']), segments: pick(rt, [1, 8]) } : {}),
    },
  });
  // The people behind one retention cell: a cohort of the same question (a day of the data, or a
  // week's Monday), all of it, those back one or two periods later, or those back in none.
  const { now: _now, breakdown: _b, segments: _s, ...question } = runs.at(-1)!.params as Record<string, unknown>;
  const cell = rng(seed * 9_576_890_767);
  runs.push({
    seed, site, analysis: 'visitors',
    params: {
      ...question,
      cohort: pick(cell, ['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-23']),
      period: pick(cell, [0, 0, 1, 2]),
      limit: pick(cell, [2, 50]),
      ...(cell() < 0.25 ? { period: 0, lost: true } : {}),
    },
  });
  // What changed, from its own generator: the data's second day (or its hours) against the day
  // before by default, or an explicit baseline (overlapping at times), searched along one to five
  // dimensions (new vs returning among them); filters in a third of the runs (they often leave too few units to change).
  const ch = rng(seed * 4_256_249);
  const dims = [...CHANGE_DIMS].sort(() => ch() - 0.5).slice(0, pick(ch, [1, 2, 3, 5]));
  const { filters: _cf, ...unfilteredBase } = base;
  runs.push({
    seed, site, analysis: 'change',
    params: {
      ...(ch() < 1 / 3 ? base : unfilteredBase),
      ...pick(ch, [{ from: TO, to: TO }, { from: TO, to: TO }, { from: `${TO}T00`, to: `${TO}T11` }, { from: TO, to: TO, baseline_from: '2026-03-27', baseline_to: FROM }, { from: `${FROM}T12`, to: TO, baseline_from: FROM, baseline_to: `${TO}T06` }]),
      journey: journey(ch, mine, 2),
      by: dims.join(','),
      drivers: pick(ch, [1, 3, 100]),
    },
  });
  // The bounce rate's change, from its own generator: the periods as "what changed" takes them,
  // along one to four of its dimensions; filters in a third of the runs.
  const bc = rng(seed * 6_700_417);
  runs.push({
    seed, site, analysis: 'bounce_change',
    params: {
      ...(bc() < 1 / 3 ? base : unfilteredBase),
      ...pick(bc, [{ from: TO, to: TO }, { from: `${TO}T00`, to: `${TO}T11` }, { from: TO, to: TO, baseline_from: '2026-03-27', baseline_to: FROM }, { from: `${FROM}T12`, to: TO, baseline_from: FROM, baseline_to: `${TO}T06` }]),
      by: [...BOUNCE_DIMS].sort(() => bc() - 0.5).slice(0, pick(bc, [1, 2, 4])).join(','),
      drivers: pick(bc, [1, 3, 100]),
    },
  });
  runs.push({ seed, site, analysis: 'sources', params: { ...base, journey: journey(q, mine), by: pick(q, ['channel', 'source', 'campaign']), segments: 3, path_depth: pick(q, [1, 3, 5]) } });
  runs.push({ seed, site, analysis: 'attribution', params: { ...base, journey: journey(q, mine), lookback_days: pick(q, [1, 2, 30]), limit: 5 } });
  runs.push({
    seed, site, analysis: 'map',
    params: { ...base, journey: journey(q, mine, 2), limit: 3, pain_points: 5, min_entries: pick(q, [1, 2]), slow_ms: pick(q, [1000, 3000]) },
  });
  // People: the list with or without filters (the people with a passing session); one person
  // (no filters: they take none) by a visitor id, a user id or an unknown id; few events shown at
  // times, so the newest-first cut is exercised.
  const w = rng(seed * 1_299_709);
  const { filters: _f, ...unfiltered } = base;
  const listed = rng(seed * 3_571)() < 0.5 ? base : unfiltered; // own generator: w's draws stay
  runs.push({ seed, site, analysis: 'visitors', params: { ...listed, limit: pick(w, [1, 3, 50]) } });
  // The people behind a funnel level (dropped off there, or converted), with the funnel's filters.
  const behind = journey(w, mine) as { stages: unknown[] };
  runs.push({ seed, site, analysis: 'visitors', params: { ...base, limit: pick(w, [2, 50]), journey: behind, stage: 1 + Math.floor(w() * behind.stages.length) } });
  const ids = [...new Set(mine.map((x) => x.visitor_id)), ...new Set(mine.flatMap((x) => (x.user_id ? [x.user_id] : []))), 'nobody'];
  runs.push({
    seed, site, analysis: 'visitor',
    params: { ...unfiltered, id: pick(w, ids), limit: pick(w, [3, 10, 2000]), ...(w() < 0.5 ? { journey: journey(w, mine) } : {}) },
  });
}

function seedRange(text: string): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new Error(`RANDOM_SEEDS: expected FIRST-LAST (e.g. 1-240), got "${text}"`);
  return [Number(m[1]), Number(m[2])];
}

/**
 * Below 0.3 of runs exercised: a dataset spans about two days and a visitor's events a few hours,
 * so coming back on a later local day (retention's "returned") happens in ~30 % of the runs
 * (~70 of 240), checked exactly all the same.
 */
const MIN_EXERCISED: Partial<Record<AnalysisName, number>> = { retention: 0.2 };

/** Did this run exercise the analysis (rather than come out empty)? */
function exercised(analysis: AnalysisName, ref: unknown): boolean {
  const x = ref as {
    totals: { sessions: number };
    stages: { reached: number }[];
    dropped: number;
    units: number;
    funnel: { stages: { reached: number }[] };
    conversions: number;
  };
  if (analysis === 'overview' || analysis === 'pages') return x.totals.sessions > 0;
  if (analysis === 'custom_events') return (ref as { totals: { events: number } }).totals.events > 0;
  if (analysis === 'retention') return (ref as { totals: { returned: number } }).totals.returned > 0;
  if (analysis === 'funnel' || analysis === 'map') return x.stages[Math.min(1, x.stages.length - 1)]!.reached > 0;
  if (analysis === 'paths') return x.units > 0;
  if (analysis === 'sources') return x.funnel.stages[Math.min(1, x.funnel.stages.length - 1)]!.reached > 0;
  if (analysis === 'attribution') return x.conversions > 0;
  if (analysis === 'change' || analysis === 'bounce_change') return (ref as { drivers: unknown[] }).drivers.length > 0;
  if (analysis === 'visitors') return (ref as { total: number }).total > 0;
  if (analysis === 'visitor') return (ref as { sessions: unknown[] }).sessions.length > 0;
  return x.dropped > 0;
}

/**
 * Registers the agreement tests of `analyses` over all datasets, in one events table for the
 * calling test file.
 */
export function randomAgreement(analyses: readonly AnalysisName[]): void {
  let store: Store;
  beforeAll(async () => {
    store = await openAnalysisStore();
    await insertRows(store, rows);
  });
  afterAll(async () => store?.close());

  describe('SQL and reference agree on randomized data', () => {
    for (const analysis of analyses) {
      const mine = runs.filter((x) => x.analysis === analysis);
      it(`${analysis}: ${mine.length} seeded datasets`, async () => {
        let nonEmpty = 0;
        for (const run of mine) {
          const siteRows = rows.filter((x) => x.site_id === run.site.id);
          const { sql, ref } = await runBoth(store, siteRows, run.site, analysis, run.params);
          expect(sql, `seed ${run.seed}: ${JSON.stringify(run.params)}`).toEqual(ref);
          if (exercised(analysis, ref)) nonEmpty++;
          if (analysis === 'funnel') {
            const check = await windowFunnelMismatches(store, run.site, run.params);
            expect(check.mismatches, `seed ${run.seed}`).toBe(0);
          }
        }
        // The generator must produce data that exercises the analysis, not mostly empty results
        // (half the runs carry a filter, which often leaves little).
        expect(nonEmpty / mine.length).toBeGreaterThan(MIN_EXERCISED[analysis] ?? 0.3);
      }, 300_000 * Math.ceil(mine.length / 240));
    }
  });
}
