/** Pages reference over EventRow[]: the same raw groups as sql.ts. */
import type { EventRow } from '../../collector/schema/event.js';
import { dimensionValue } from '../common/dimensions.js';
import { compileFilters } from '../common/filters.js';
import { quantileExact } from '../common/order.js';
import { resolveScope, type SiteRef } from '../common/params.js';
import { KIND } from '../common/sessions.js';
import { entryIndex, passingSessions } from '../common/units.js';
import type { CompiledStages } from '../journeys/match.js';
import { isBounce } from '../overview/engagement.js';
import { finalizePages } from './finalize.js';
import { LOAD_EDGES_MS, LOAD_LABELS, LOAD_UNKNOWN, type PagesParams, type PagesRaw, type PagesResult } from './schema.js';

export function pagesRawFromRows(
  rows: readonly EventRow[],
  site: SiteRef,
  p: PagesParams,
  stages?: { compiled: CompiledStages; n: number },
): PagesRaw[] {
  const filters = compileFilters(p.filters);
  const acc = new Map<string, { dim: PagesRaw['dim']; value: string; n: number; bounces: number; loads: number[] }>();
  const add = (dim: PagesRaw['dim'], value: string, bounce: boolean, load = 0) => {
    const key = JSON.stringify([dim, value]);
    const a = acc.get(key) ?? { dim, value, n: 0, bounces: 0, loads: [] };
    a.n += 1;
    a.bounces += bounce ? 1 : 0;
    if (load > 0) a.loads.push(load);
    acc.set(key, a);
  };
  for (const s of passingSessions(rows, resolveScope(site, p), filters, true)) {
    const touch = s.evs.filter((e) => e.kind !== KIND.engagement);
    const views = touch.filter((e) => e.kind === KIND.pageview);
    const engagedMs = s.evs.reduce((sum, e) => sum + e.row.engaged_ms, 0);
    const bounce = isBounce({ pageviews: views.length, customEvents: touch.length - views.length, engagedMs });
    const entry = s.evs[entryIndex(s.evs)]!;
    const eload = entry.kind === KIND.pageview ? entry.row.load_ms : 0;
    add('total', '', bounce);
    add('entry', dimensionValue('entry_page', entry.row), bounce);
    add('channel', dimensionValue('channel', entry.row), bounce);
    add('device', dimensionValue('device', entry.row), bounce);
    add('load', eload > 0 ? LOAD_LABELS[LOAD_EDGES_MS.filter((edge) => eload >= edge).length]! : LOAD_UNKNOWN, bounce);
    if (views.length) add('exit', dimensionValue('entry_page', views[views.length - 1]!.row), bounce);
    for (const v of views) add('page', dimensionValue('entry_page', v.row), bounce, v.row.load_ms);
    if (stages) {
      const mask = touch.reduce((m, e) => m | stages.compiled.mask(e.row), 0);
      for (let k = 1; k <= stages.n; k++) if (mask & (2 ** (k - 1))) add('stage', String(k), bounce);
    }
  }
  return [...acc.values()].map(({ loads, ...a }) => ({
    ...a,
    timed: loads.length,
    p50: quantileExact(loads, 0.5) ?? 0,
    p75: quantileExact(loads, 0.75) ?? 0,
  }));
}

export function pagesReference(rows: readonly EventRow[], site: SiteRef, p: PagesParams): PagesResult {
  return finalizePages(pagesRawFromRows(rows, site, p), p);
}
