/**
 * One person's events → their sessions, shared by sql.ts (the person's rows, fetched by id) and
 * reference.ts (the person picked out of all rows): the two differ only in how they find the
 * person and their events, which is what the tests hold against each other. Sessions are
 * common/sessions.ts's, bounce is overview/engagement.ts's, the entry event is units.ts's.
 */
import type { EventRow } from '../../collector/schema/event.js';
import { dimensionValue } from '../common/dimensions.js';
import { fromMicro, toMicro } from '../common/money.js';
import { cmpStr } from '../common/order.js';
import { KIND, sessionize } from '../common/sessions.js';
import { touchpointLabel } from '../common/touchpoint.js';
import { entryIndex, type Ev } from '../common/units.js';
import type { CompiledStages } from '../journeys/match.js';
import { isBounce } from '../overview/engagement.js';
import type { Identified, VisitorEvent, VisitorResult, VisitorSession } from './schema.js';

export interface PersonFound {
  id: string;
  person: string;
  identified: boolean;
  visitorIds: string[];
  /** Which visitor id identified as which user, any order. */
  identifies: readonly Identified[];
  /** The newest `limit` of their events in the range, in event order. */
  evs: readonly Ev[];
  /** All their events in the range. */
  inRange: number;
}

const SESSION_DIMS = ['channel', 'source', 'medium', 'campaign', 'device', 'browser', 'os', 'country'] as const;

const stagesOf = (stages: CompiledStages | undefined, r: EventRow): number[] => {
  if (!stages || (r.type !== 'pageview' && r.type !== 'event')) return [];
  const mask = stages.mask(r);
  return stages.ts.map((_, i) => i + 1).filter((s) => mask & (2 ** (s - 1)));
};

function timelineEvent(e: Ev, stages: CompiledStages | undefined): VisitorEvent {
  const r = e.row;
  return {
    ms: e.ms,
    type: r.type as VisitorEvent['type'],
    name: r.name,
    user_id: r.user_id,
    path: r.path,
    title: r.title,
    visitor_id: r.visitor_id,
    revenue: r.revenue,
    engaged_ms: r.engaged_ms,
    load_ms: r.load_ms,
    props: r.props,
    stages: stagesOf(stages, r),
  };
}

function session(n: number, evs: readonly Ev[], stages: CompiledStages | undefined): VisitorSession {
  const touch = evs.filter((e) => e.kind === KIND.pageview || e.kind === KIND.event);
  const views = touch.filter((e) => e.kind === KIND.pageview);
  const entry = evs[entryIndex(evs)]!.row;
  const engaged = evs.reduce((sum, e) => sum + e.row.engaged_ms, 0);
  // A site may identify on every page view: a session shows each sign-in (device, user) once.
  const signedIn = new Set<string>();
  const timeline = evs
    .filter((e) => {
      if (e.kind !== KIND.identify) return true;
      const key = JSON.stringify([e.row.visitor_id, e.row.user_id]);
      return !signedIn.has(key) && signedIn.add(key);
    })
    .map((e) => timelineEvent(e, stages));
  return {
    n,
    start_ms: touch[0]!.ms,
    end_ms: touch[touch.length - 1]!.ms,
    entry_page: dimensionValue('entry_page', entry),
    exit_page: views.length ? dimensionValue('entry_page', views[views.length - 1]!.row) : touchpointLabel(touch[touch.length - 1]!.row),
    ...Object.fromEntries(SESSION_DIMS.map((d) => [d, dimensionValue(d, entry)])) as Record<(typeof SESSION_DIMS)[number], string>,
    pageviews: views.length,
    events: touch.length - views.length,
    engaged_ms: engaged,
    revenue: fromMicro(touch.reduce((sum, e) => sum + toMicro(e.row.revenue), 0)),
    bounced: isBounce({ pageviews: views.length, customEvents: touch.length - views.length, engagedMs: engaged }),
    stages: [...new Set(timeline.flatMap((t) => t.stages))].sort((a, b) => a - b),
    timeline,
  };
}

export function buildVisitor(found: PersonFound, gapMs: number, stages?: CompiledStages): VisitorResult {
  const { sess, starts } = sessionize(found.evs, gapMs);
  // Engagement events report on the session in progress (common/sessions.ts). A sign-in is shown
  // in it too, unless it came a whole gap after its last touchpoint (or before any): then it was
  // the start of the next visit, as when someone signs in on a new device before its first page
  // view. Engagement events before the first touchpoint shown belong to no session.
  const bySession = starts.map((): Ev[] => []);
  let lastTouch = 0;
  found.evs.forEach((e, i) => {
    let s = sess[i]!;
    if (e.kind === KIND.pageview || e.kind === KIND.event) lastTouch = e.ms;
    else if (e.kind === KIND.identify && s < starts.length && (s === 0 || e.ms - lastTouch >= gapMs)) s += 1;
    if (s > 0) bySession[s - 1]!.push(e);
  });
  const sessions = bySession.map((evs, i) => session(i + 1, evs, stages)).reverse();
  const sum = (f: (s: VisitorSession) => number) => sessions.reduce((a, s) => a + f(s), 0);
  const identifies = [...found.identifies].sort((a, b) => a.first_ms - b.first_ms || cmpStr(a.visitor_id, b.visitor_id) || cmpStr(a.user_id, b.user_id));
  return {
    id: found.id,
    person: found.person,
    identified: found.identified,
    visitor_ids: [...found.visitorIds].sort(cmpStr),
    identifies,
    totals: {
      sessions: sessions.length,
      pageviews: sum((s) => s.pageviews),
      events: sum((s) => s.events),
      revenue: fromMicro(sum((s) => toMicro(s.revenue))),
      engaged_ms: sum((s) => s.engaged_ms),
      first_ms: sessions.length ? sessions[sessions.length - 1]!.start_ms : null,
      last_ms: sessions.length ? sessions[0]!.end_ms : null,
    },
    events_in_range: found.inRange,
    shown: found.evs.length,
    sessions,
  };
}
