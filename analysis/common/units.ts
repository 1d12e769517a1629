/**
 * TypeScript mirror of units-sql.ts: the site's rows → canonical visitors with their events in
 * order, session numbers and session starts; sessions as units; entry events; the unit filter.
 */
import type { EventRow } from '../../collector/schema/event.js';
import type { CompiledFilters } from './filters.js';
import { identityOf } from './identity.js';
import { cmpEvent, uuidOrderKey } from './order.js';
import type { Scope } from './params.js';
import { KIND, sessionize } from './sessions.js';

export interface Ev {
  ms: number;
  /** Event id as its ClickHouse sort key (see uuidOrderKey). */
  eid: string;
  kind: number;
  row: EventRow;
}

export interface VisitorEvents {
  canon: string;
  evs: Ev[];
  sess: number[];
  starts: number[];
}

export interface Unit {
  canon: string;
  /** Session number for session units, 0 for visitor units. */
  sidx: number;
  evs: Ev[];
  /** Session number per event (all equal for a session unit). */
  sess: number[];
  /** The visitor's session starts, so "came back later" can be answered for any unit. */
  starts: number[];
}

/** "2026-11-23 08:19:15.123" (UTC) → ms. */
export function rowMs(r: EventRow): number {
  return Date.parse(r.ts.replace(' ', 'T') + 'Z');
}

export function toEv(row: EventRow): Ev {
  return { ms: rowMs(row), eid: uuidOrderKey(row.event_id), kind: KIND[row.type], row };
}

export function visitorEvents(rows: readonly EventRow[], scope: Scope, withEngagement: boolean): VisitorEvents[] {
  const canonOf = identityOf(rows, scope.site);
  const byCanon = new Map<string, Ev[]>();
  for (const row of rows) {
    if (row.site_id !== scope.site) continue;
    const kind = KIND[row.type];
    if (kind === KIND.identify || (kind === KIND.engagement && !withEngagement)) continue;
    const ev = toEv(row);
    if (ev.ms < scope.fromMs || ev.ms >= scope.toMs) continue;
    const canon = canonOf(row);
    let list = byCanon.get(canon);
    if (!list) byCanon.set(canon, (list = []));
    list.push(ev);
  }
  return [...byCanon].map(([canon, evs]) => {
    evs.sort(cmpEvent);
    return { canon, evs, ...sessionize(evs, scope.gapMs) };
  });
}

export function visitorUnits(visitors: readonly VisitorEvents[]): Unit[] {
  return visitors.map((v) => ({ canon: v.canon, sidx: 0, evs: v.evs, sess: v.sess, starts: v.starts }));
}

export function sessionUnits(visitors: readonly VisitorEvents[]): Unit[] {
  const out: Unit[] = [];
  for (const v of visitors) {
    const bySess = new Map<number, Ev[]>();
    v.evs.forEach((e, i) => {
      const s = v.sess[i]!;
      if (s === 0) return;
      let list = bySess.get(s);
      if (!list) bySess.set(s, (list = []));
      list.push(e);
    });
    for (const [s, evs] of bySess) {
      out.push({ canon: v.canon, sidx: s, evs, sess: evs.map(() => s), starts: v.starts });
    }
  }
  return out;
}

/** The scope's sessions that pass the filters (sessionUnits over visitorEvents, then unitPasses). */
export function passingSessions(rows: readonly EventRow[], scope: Scope, filters: CompiledFilters, withEngagement: boolean): Unit[] {
  return sessionUnits(visitorEvents(rows, scope, withEngagement)).filter((s) => unitPasses(s.evs, filters));
}

/** Index of the unit's entry event: its first page view, else first touchpoint; -1 if none. */
export function entryIndex(evs: readonly Ev[]): number {
  const pv = evs.findIndex((e) => e.kind === KIND.pageview);
  return pv >= 0 ? pv : evs.findIndex((e) => e.kind === KIND.event);
}

export function unitPasses(evs: readonly Ev[], f: CompiledFilters): boolean {
  const ei = entryIndex(evs);
  if (ei < 0 || !f.entry(evs[ei]!.row)) return false;
  let mask = 0;
  for (const e of evs) mask |= f.mask(e.row);
  return (mask & f.fullMask) === f.fullMask;
}

/** Start of the visitor's session after session `s` (1-based), 0 if none. */
export function nextStart(u: Unit, s: number): number {
  return u.starts[s] ?? 0;
}
