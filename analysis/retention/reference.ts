/** Retention reference over EventRow[]: the same raw groups as sql.ts. */
import type { EventRow } from '../../collector/schema/event.js';
import { compileFilters } from '../common/filters.js';
import { identityOf } from '../common/identity.js';
import { resolveScope, type Scope, type SiteRef } from '../common/params.js';
import { KIND } from '../common/sessions.js';
import { entryIndex, rowMs, unitPasses, visitorEvents } from '../common/units.js';
import { dimensionValue } from '../common/dimensions.js';
import { finalizeRetention, retentionInterval } from './finalize.js';
import { STEP, periodOf, type RetentionInterval } from './periods.js';
import type { RetentionParams, RetentionRaw, RetentionResult } from './schema.js';

/** A new person of the range whose first session passes the filters: their cohort and the later periods they came back in. */
export interface NewPerson {
  canon: string;
  /** The breakdown value of their first visit ('' without a breakdown). */
  segment: string;
  /** The period (first day's number, periods.ts) of their first touchpoint. */
  cohort: number;
  back: Set<number>;
}

/** What retention counts, person by person (visitors/reference.ts lists a cohort's people from it). */
export function newPeople(
  rows: readonly EventRow[],
  scope: Scope,
  interval: RetentionInterval,
  p: Pick<RetentionParams, 'filters' | 'return_event' | 'breakdown'>,
): NewPerson[] {
  const filters = compileFilters(p.filters);
  // People seen before the range are not new: their first touchpoint ever lies before it.
  const canonOf = identityOf(rows, scope.site);
  const earlier = new Set<string>();
  for (const r of rows) {
    if (r.site_id === scope.site && (r.type === 'pageview' || r.type === 'event') && rowMs(r) < scope.fromMs) earlier.add(canonOf(r));
  }
  const out: NewPerson[] = [];
  for (const v of visitorEvents(rows, scope, false)) {
    if (earlier.has(v.canon)) continue;
    const first = v.evs.filter((_, i) => v.sess[i] === 1);
    if (!unitPasses(first, filters)) continue;
    const cohort = periodOf(v.evs[0]!.ms, scope.tz, interval);
    const back = new Set<number>();
    for (const e of v.evs) {
      if (p.return_event !== undefined && !(e.kind === KIND.event && e.row.name === p.return_event)) continue;
      const n = (periodOf(e.ms, scope.tz, interval) - cohort) / STEP[interval];
      if (n > 0) back.add(n);
    }
    const segment = p.breakdown ? dimensionValue(p.breakdown, first[entryIndex(first)]!.row) : '';
    out.push({ canon: v.canon, segment, cohort, back });
  }
  return out;
}

export function retentionRawFromRows(rows: readonly EventRow[], site: SiteRef, p: RetentionParams): RetentionRaw[] {
  const scope = resolveScope(site, p);
  const counts = new Map<string, RetentionRaw>();
  const add = (segments: readonly string[], bucket: number, period: number) => {
    for (const segment of segments) {
      const id = `${segment}\n${bucket} ${period}`;
      const c = counts.get(id) ?? { segment, bucket, period, visitors: 0 };
      c.visitors += 1;
      counts.set(id, c);
    }
  };
  for (const person of newPeople(rows, scope, retentionInterval(scope, p), p)) {
    // Everyone (''), and with a breakdown the segment of their first visit's entry event.
    const segments = p.breakdown ? ['', person.segment] : [''];
    add(segments, person.cohort, 0);
    if (person.back.size) add(segments, person.cohort, -1);
    for (const n of person.back) add(segments, person.cohort, n);
  }
  return [...counts.values()];
}

export function retentionReference(rows: readonly EventRow[], site: SiteRef, p: RetentionParams, clock = Date.now()): RetentionResult {
  return finalizeRetention(retentionRawFromRows(rows, site, p), resolveScope(site, p), p, clock);
}
