/**
 * Raw inputs (funnel, map groups, page groups; SQL or reference) → the journey map and its ranked
 * pain points. Shared by both sides, so every rate, z-test and score agrees exactly.
 */
import { cmpStr, topBy } from '../common/order.js';
import { rate, round } from '../common/stats.js';
import { finalizeFunnel } from '../funnel/finalize.js';
import type { FunnelRawSegment } from '../funnel/schema.js';
import { finalizePages } from '../pages/finalize.js';
import type { PagesRaw } from '../pages/schema.js';
import { SEGMENT_DIMS, type MapParams, type MapRaw, type MapResult, type PainPoint } from './schema.js';

const pct = (x: number | null) => (x === null ? '–' : `${round(x * 100, 1)} %`);
const avg = (sumMicro: number, count: number) => (count === 0 ? null : round(sumMicro / count / 1_000_000, 4));

export function finalizeMap(p: MapParams, funnelRaw: readonly FunnelRawSegment[], raw: readonly MapRaw[], pagesRaw: readonly PagesRaw[]): MapResult {
  const j = p.journey;
  const n = j.stages.length;
  const funnel = finalizeFunnel(j, funnelRaw, undefined, 1);
  const of = (kind: MapRaw['kind'], k?: number) => raw.filter((r) => r.kind === kind && (k === undefined || r.k === k));
  const count = (kind: MapRaw['kind'], k: number) => of(kind, k).reduce((a, r) => a + r.n, 0);
  const pages = finalizePages(pagesRaw, { limit: 1000 });
  const stageSessions = new Map(pagesRaw.filter((r) => r.dim === 'stage').map((r) => [Number(r.value), r]));
  const fb = (k: number) => {
    const r = of('fb', k)[0];
    return { count: r?.n ?? 0, avg: r ? avg(r.s, r.n) : null };
  };

  const stages = funnel.stages.map((s, i) => {
    const k = i + 1;
    const ranked = (rows: MapRaw[]) =>
      topBy(rows, (r) => r.n, (r) => r.label, p.limit).map((r) => ({ label: r.label, units: r.n, share: rate(r.n, s.reached) }));
    const loops = count('loop', k);
    const sess = stageSessions.get(k);
    const f = fb(k);
    return {
      index: s.index,
      name: s.name,
      owner: s.owner,
      reached: s.reached,
      conversion_from_previous: s.conversion_from_previous,
      conversion_from_first: s.conversion_from_first,
      dropped: s.dropped,
      dropoff_rate: s.dropoff_rate,
      median_ms_from_previous: s.median_ms_from_previous,
      target_rate: s.target_rate,
      target_gap: s.target_gap,
      top_touchpoints: ranked(of('between', k)),
      top_channels: ranked(of('seg', k).filter((r) => r.dim === 'channel')),
      loops,
      loop_rate: k < n ? rate(loops, funnel.stages[k]!.reached) : null,
      skips: count('skip', k),
      sessions: sess?.n ?? 0,
      bounce_rate: rate(sess?.bounces ?? 0, sess?.n ?? 0),
      feedback_count: f.count,
      feedback_avg: f.avg,
    };
  });

  const pains: PainPoint[] = [];
  for (const s of stages.slice(0, -1)) {
    if (!s.dropped) continue;
    const next = stages[s.index]!;
    pains.push({
      kind: 'dropoff',
      score: s.dropped,
      title: `${s.dropped} of ${s.reached} (${pct(s.dropoff_rate)}) who reached “${s.name}” did not reach “${next.name}”`,
      figures: { stage: s.index, stage_name: s.name, next_stage_name: next.name, reached: s.reached, dropped: s.dropped, dropoff_rate: s.dropoff_rate, target_gap: next.target_gap },
      link: { view: 'dropoff', params: { stage: String(s.index) } },
    });
  }

  const all = funnelRaw.find((r) => r.kind === 'all');
  for (const dim of SEGMENT_DIMS) {
    if (!all) break;
    const segs = new Map<string, FunnelRawSegment>();
    for (const r of of('seg').filter((x) => x.dim === dim)) {
      const seg = segs.get(r.label) ?? { ...all, kind: 'segment' as const, segment: r.label, units: 0, reached: Array(n).fill(0) };
      if (r.k === 0) seg.units = r.n;
      else seg.reached[r.k - 1] = r.n;
      segs.set(r.label, seg);
    }
    const bd = finalizeFunnel(j, [all, ...segs.values()], dim, 1000).breakdown;
    for (const seg of bd?.segments ?? []) {
      seg.stages.forEach((st, i) => {
        const x1 = st.reached;
        const n1 = i === 0 ? seg.units : seg.stages[i - 1]!.reached;
        const x2 = all.reached[i]! - x1;
        const n2 = (i === 0 ? all.units : all.reached[i - 1]!) - n1;
        const restRate = rate(x2, n2);
        if (!st.significant || st.conversion_from_previous === null || restRate === null || st.conversion_from_previous >= restRate) return;
        const stageName = j.stages[i]!.name;
        pains.push({
          kind: 'segment',
          score: round(n1 * (x2 / n2) - x1, 2),
          title: `${dim} “${seg.value}” converts worse into “${stageName}”: ${pct(st.conversion_from_previous)} vs ${pct(restRate)} for the rest`,
          figures: { dimension: dim, value: seg.value, stage: i + 1, stage_name: stageName, units: n1, reached: x1, rate: st.conversion_from_previous, rest_rate: restRate, z: st.z, p_value: st.p_value },
          link: { view: 'funnel', params: { breakdown: dim } },
        });
      });
    }
  }

  const siteBounce = pages.totals.bounce_rate;
  for (const pg of pages.pages) {
    if (pg.entries < p.min_entries || pg.load_p75_ms === null || pg.load_p75_ms < p.slow_ms) continue;
    if (pg.bounce_rate === null || siteBounce === null || pg.bounce_rate <= siteBounce) continue;
    const entry = pagesRaw.find((r) => r.dim === 'entry' && r.value === pg.path)!;
    pains.push({
      kind: 'slow_page',
      score: round(entry.bounces - entry.n * (pages.totals.bounces / pages.totals.sessions), 2),
      title: `${pg.path} is slow (p75 ${round(pg.load_p75_ms / 1000, 1)} s) and ${pct(pg.bounce_rate)} of sessions entering on it bounce (site: ${pct(siteBounce)})`,
      figures: { path: pg.path, entries: pg.entries, bounce_rate: pg.bounce_rate, site_bounce_rate: siteBounce, load_p50_ms: pg.load_p50_ms, load_p75_ms: pg.load_p75_ms },
      link: { view: 'pages', params: {} },
    });
  }

  for (const s of stages) {
    if (s.loops === 0) continue;
    const next = stages[s.index]!;
    pains.push({
      kind: 'loop',
      score: s.loops,
      title: `${s.loops} came back to “${s.name}” after reaching “${next.name}”`,
      figures: { stage: s.index, stage_name: s.name, loops: s.loops, loop_rate: s.loop_rate },
      link: { view: 'paths', params: { scope: j.scope } },
    });
  }

  const before = fb(0);
  return {
    unit: j.scope,
    units: funnel.units,
    stages,
    feedback_before: before,
    pain_points: pains
      .sort((a, b) => b.score - a.score || cmpStr(a.kind, b.kind) || cmpStr(a.title, b.title))
      .slice(0, p.pain_points),
  };
}
