/** One person's journey in plain TypeScript: the person picked out of all the site's rows. */
import type { EventRow } from '../../collector/schema/event.js';
import { canonicalOf } from '../common/identity.js';
import { cmpEvent } from '../common/order.js';
import { resolveScope, type SiteRef } from '../common/params.js';
import { rowMs, toEv } from '../common/units.js';
import { compileStages } from '../journeys/match.js';
import { buildVisitor } from './build.js';
import type { Identified, VisitorParams, VisitorResult } from './schema.js';

export function visitorReference(rows: readonly EventRow[], site: SiteRef, p: VisitorParams): VisitorResult {
  const scope = resolveScope(site, p);
  const canon = canonicalOf(rows, scope.site);
  const person = canon(p.id);
  const mine = rows.filter((r) => r.site_id === scope.site && canon(r.visitor_id) === person);
  const inRange = mine.filter((r) => rowMs(r) >= scope.fromMs && rowMs(r) < scope.toMs);
  const evs = inRange.map(toEv).sort(cmpEvent);
  return buildVisitor(
    {
      id: p.id,
      person,
      identified: mine.some((r) => r.type === 'identify' && r.user_id !== ''),
      visitorIds: [...new Set(inRange.map((r) => r.visitor_id))],
      identifies: identified(mine.filter((r) => r.type === 'identify')),
      evs: evs.slice(Math.max(0, evs.length - p.limit)),
      inRange: evs.length,
    },
    scope.gapMs,
    p.journey ? compileStages(p.journey) : undefined,
  );
}

/** Identify rows → one entry per (visitor id, user id). */
function identified(rows: readonly EventRow[]): Identified[] {
  const out = new Map<string, Identified>();
  for (const r of rows) {
    const ms = rowMs(r);
    const key = JSON.stringify([r.visitor_id, r.user_id]);
    const cur = out.get(key);
    if (!cur) out.set(key, { visitor_id: r.visitor_id, user_id: r.user_id, first_ms: ms, last_ms: ms, count: 1 });
    else Object.assign(cur, { first_ms: Math.min(cur.first_ms, ms), last_ms: Math.max(cur.last_ms, ms), count: cur.count + 1 });
  }
  return [...out.values()];
}
