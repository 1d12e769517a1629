/** TypeScript mirror of core-sql.ts: the filtered units with their funnel level and chain. */
import type { EventRow } from '../../collector/schema/event.js';
import { dimensionValue, type Dimension } from '../common/dimensions.js';
import type { CompiledFilters } from '../common/filters.js';
import { identityOf } from '../common/identity.js';
import type { Scope } from '../common/params.js';
import { KIND } from '../common/sessions.js';
import { entryIndex, rowMs, sessionUnits, unitPasses, visitorEvents, visitorUnits, type Unit } from '../common/units.js';
import type { CompiledStages } from '../journeys/match.js';
import type { Journey } from '../journeys/schema.js';
import { funnelChain, funnelPairs } from './algorithm.js';
import type { Breakdown } from './schema.js';

export interface FunnelUnit {
  unit: Unit;
  /** Entry event index in unit.evs. */
  ei: number;
  seg: string;
  level: number;
  chain: number[];
}

/** Earliest touchpoint before `toMs` per canonical visitor, over the site's whole history. */
function firstSeen(rows: readonly EventRow[], scope: Scope): Map<string, number> {
  const canonOf = identityOf(rows, scope.site);
  const seen = new Map<string, number>();
  for (const r of rows) {
    if (r.site_id !== scope.site || (r.type !== 'pageview' && r.type !== 'event')) continue;
    const ms = rowMs(r);
    if (ms >= scope.toMs) continue;
    const c = canonOf(r);
    const cur = seen.get(c);
    if (cur === undefined || ms < cur) seen.set(c, ms);
  }
  return seen;
}

export function funnelUnits(
  rows: readonly EventRow[],
  scope: Scope,
  journey: Journey,
  stages: CompiledStages,
  filters: CompiledFilters,
  breakdown?: Breakdown,
): FunnelUnit[] {
  const visitors = visitorEvents(rows, scope, false);
  const units = journey.scope === 'visitor' ? visitorUnits(visitors) : sessionUnits(visitors);
  const seen = breakdown === 'visitor_type' ? firstSeen(rows, scope) : null;
  const n = journey.stages.length;
  const out: FunnelUnit[] = [];
  for (const unit of units) {
    if (!unitPasses(unit.evs, filters)) continue;
    const ei = entryIndex(unit.evs);
    const touch = unit.evs.filter((e) => e.kind === KIND.pageview || e.kind === KIND.event);
    const pairs = funnelPairs(touch.map((e) => ({ ms: e.ms, mask: stages.mask(e.row) })), n, journey.strict_order);
    const { level, chain } = funnelChain(pairs, n, journey.window_ms, journey.strict_order);
    let seg = '';
    if (seen) seg = seen.get(unit.canon)! < unit.evs[0]!.ms ? 'returning' : 'new';
    else if (breakdown) seg = dimensionValue(breakdown as Dimension, unit.evs[ei]!.row);
    out.push({ unit, ei, seg, level, chain });
  }
  return out;
}
