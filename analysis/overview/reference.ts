/** Overview reference: the same groups as sql.ts, computed over EventRow[] in plain TypeScript. */
import type { EventRow } from '../../collector/schema/event.js';
import { dimensionValue } from '../common/dimensions.js';
import { compileFilters } from '../common/filters.js';
import { identityOf } from '../common/identity.js';
import { resolveScope, type SiteRef } from '../common/params.js';
import { KIND } from '../common/sessions.js';
import { bucketLabel } from '../common/time.js';
import { entryIndex, passingSessions, rowMs } from '../common/units.js';
import { isBounce } from './engagement.js';
import { finalizeOverview, overviewInterval, realtimeWindow } from './finalize.js';
import type { OverviewGroup, OverviewParams, OverviewRaw, OverviewResult, RealtimeGroup } from './schema.js';

const ENTRY_DIMS = ['channel', 'source', 'medium', 'campaign', 'device', 'browser', 'os', 'country'] as const;

interface Acc {
  sessions: number;
  visitors: Set<string>;
  pageviews: number;
  bounces: number;
  duration_ms: number;
}

export function overviewRawFromRows(rows: readonly EventRow[], site: SiteRef, p: OverviewParams, clock = Date.now()): OverviewRaw {
  const scope = resolveScope(site, p);
  const filters = compileFilters(p.filters);
  const interval = overviewInterval(scope, p);
  const acc = new Map<string, Acc>();
  const add = (dim: OverviewGroup['dim'], value: string, canon: string, pv: number, bounce: boolean, dur: number) => {
    const key = JSON.stringify([dim, value]);
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { sessions: 0, visitors: new Set(), pageviews: 0, bounces: 0, duration_ms: 0 }));
    a.sessions += 1;
    a.visitors.add(canon);
    a.pageviews += pv;
    a.bounces += bounce ? 1 : 0;
    a.duration_ms += dur;
  };

  for (const s of passingSessions(rows, scope, filters, true)) {
    const touch = s.evs.filter((e) => e.kind !== KIND.engagement);
    const pageviews = touch.filter((e) => e.kind === KIND.pageview);
    const pv = pageviews.length;
    const engagedMs = s.evs.reduce((sum, e) => sum + e.row.engaged_ms, 0);
    const bounce = isBounce({ pageviews: pv, customEvents: touch.length - pv, engagedMs });
    const start = s.evs[0]!.ms;
    const dur = Math.max(...touch.map((e) => e.ms)) - start;
    const entry = s.evs[entryIndex(s.evs)]!.row;
    const here = (dim: OverviewGroup['dim'], value: string) => add(dim, value, s.canon, pv, bounce, dur);
    here('total', '');
    for (const d of ENTRY_DIMS) here(d, dimensionValue(d, entry));
    here('entry_page', dimensionValue('entry_page', entry));
    here('bucket', bucketLabel(start, scope.tz, interval));
    if (pv > 0) here('exit_page', dimensionValue('entry_page', pageviews[pv - 1]!.row));
    for (const e of pageviews) here('page', dimensionValue('entry_page', e.row));
  }
  const groups = [...acc].map(([key, a]) => {
    const [dim, value] = JSON.parse(key) as [OverviewGroup['dim'], string];
    return { dim, value, sessions: a.sessions, visitors: a.visitors.size, pageviews: a.pageviews, bounces: a.bounces, duration_ms: a.duration_ms };
  });
  return { groups, realtime: realtimeFromRows(rows, site, realtimeWindow(p, clock)) };
}

function realtimeFromRows(rows: readonly EventRow[], site: SiteRef, rt: { from: number; to: number }): RealtimeGroup[] {
  const canonOf = identityOf(rows, site.id);
  const acc = new Map<string, { kind: 'total' | 'page'; value: string; visitors: Set<string>; views: number }>();
  const add = (kind: 'total' | 'page', value: string, canon: string, isPv: boolean) => {
    const key = `${kind}\u0000${value}`;
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { kind, value, visitors: new Set(), views: 0 }));
    a.visitors.add(canon);
    if (isPv) a.views += 1;
  };
  for (const r of rows) {
    if (r.site_id !== site.id || (r.type !== 'pageview' && r.type !== 'event')) continue;
    const ms = rowMs(r);
    if (ms < rt.from || ms > rt.to) continue;
    const canon = canonOf(r);
    add('total', '', canon, r.type === 'pageview');
    if (r.type === 'pageview') add('page', dimensionValue('entry_page', r), canon, true);
  }
  return [...acc.values()].map((a) => ({ kind: a.kind, value: a.value, visitors: a.visitors.size, views: a.views }));
}

export function overviewReference(rows: readonly EventRow[], site: SiteRef, p: OverviewParams, clock = Date.now()): OverviewResult {
  const raw = overviewRawFromRows(rows, site, p, clock);
  return finalizeOverview(raw, resolveScope(site, p), p, realtimeWindow(p, clock));
}
