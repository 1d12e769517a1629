/** The people seen in a range, in plain TypeScript. */
import type { EventRow } from '../../collector/schema/event.js';
import { dimensionValue } from '../common/dimensions.js';
import { identifiedUsers } from '../common/identity.js';
import { fromMicro, toMicro } from '../common/money.js';
import { cmpEvent, cmpStr } from '../common/order.js';
import { compileFilters, type Filters } from '../common/filters.js';
import { resolveScope, type Scope, type SiteRef } from '../common/params.js';
import { funnelUnits } from '../funnel/core.js';
import { compileStages } from '../journeys/match.js';
import type { Journey } from '../journeys/schema.js';
import { touchpointLabel } from '../common/touchpoint.js';
import { passingSessions, toEv, type Ev } from '../common/units.js';
import type { PersonRow, VisitorsParams, VisitorsResult } from './schema.js';
import { retentionInterval } from '../retention/finalize.js';
import { periodOfDate } from '../retention/periods.js';
import { newPeople } from '../retention/reference.js';

export function visitorsReference(rows: readonly EventRow[], site: SiteRef, p: VisitorsParams): VisitorsResult {
  const scope = resolveScope(site, p);
  const users = identifiedUsers(rows, scope.site);
  const only =
    p.cohort !== undefined
      ? inCohort(rows, scope, p, p.cohort)
      : p.journey && p.stage !== undefined
        ? atStage(rows, scope, p.journey, p.stage, p.filters)
        : withPassingSession(rows, scope, p.filters);
  const byPerson = new Map<string, Ev[]>();
  for (const r of rows) {
    if (r.site_id !== scope.site || (r.type !== 'pageview' && r.type !== 'event')) continue;
    const e = toEv(r);
    if (e.ms < scope.fromMs || e.ms >= scope.toMs) continue;
    const person = users.get(r.visitor_id) ?? r.visitor_id;
    if (only && !only.has(person)) continue;
    const list = byPerson.get(person);
    if (list) list.push(e);
    else byPerson.set(person, [e]);
  }
  const people: PersonRow[] = [...byPerson].map(([person, evs]) => {
    evs.sort(cmpEvent);
    const first = evs[0]!;
    const last = evs[evs.length - 1]!;
    const visitors = new Set(evs.map((e) => e.row.visitor_id));
    return {
      person,
      identified: [...visitors].some((v) => users.has(v)),
      visitor_ids: visitors.size,
      first_ms: first.ms,
      last_ms: last.ms,
      pageviews: evs.filter((e) => e.row.type === 'pageview').length,
      events: evs.filter((e) => e.row.type === 'event').length,
      revenue: fromMicro(evs.reduce((sum, e) => sum + toMicro(e.row.revenue), 0)),
      first_channel: dimensionValue('channel', first.row),
      last_touchpoint: touchpointLabel(last.row),
      device: dimensionValue('device', last.row),
      country: dimensionValue('country', last.row),
    };
  });
  people.sort((a, b) => b.last_ms - a.last_ms || cmpStr(a.person, b.person));
  return { total: people.length, people: people.slice(0, p.limit) };
}

/** The people with a session passing the filters; null without filters (everyone). */
function withPassingSession(rows: readonly EventRow[], scope: Scope, filters: Filters): Set<string> | null {
  const f = compileFilters(filters);
  if (f.selectsAll) return null;
  return new Set(passingSessions(rows, scope, f, false).map((s) => s.canon));
}

/** The people with a funnel unit at exactly this level. */
function atStage(rows: readonly EventRow[], scope: Scope, journey: Journey, stage: number, filters: Filters): Set<string> {
  const units = funnelUnits(rows, scope, journey, compileStages(journey), compileFilters(filters));
  return new Set(units.filter((u) => u.level === stage).map((u) => u.unit.canon));
}

/** Retention's new people of the cohort: all of them (period 0), those back `period` periods later, or (lost) back in none. */
function inCohort(rows: readonly EventRow[], scope: Scope, p: VisitorsParams, cohort: string): Set<string> {
  const interval = retentionInterval(scope, p);
  const c = periodOfDate(cohort, interval);
  const people = newPeople(rows, scope, interval, p).filter((x) => x.cohort === c && (p.lost ? x.back.size === 0 : p.period === 0 || x.back.has(p.period)));
  return new Set(people.map((x) => x.canon));
}
