/**
 * The people seen in a range, in ClickHouse, in two steps. First who: each visitor id's latest
 * touchpoint in the range (a GROUP BY as cheap as a plain scan), joined to the identity map and
 * folded into people, sorted, cut to `limit`. Then what: the details of just those people, from
 * their own visitor ids' rows (the sort key takes a visitor id list straight to its granules).
 * In one pass over every event, the details' string arg-mins cost 7.4 s at 10 M events. With a
 * journey and a stage, "who" is narrowed to the people of the funnel's units at that level; with a
 * cohort, to retention's new people of it (back in a period, or all); with filters alone, to the
 * people with a session that passes them (common/narrow-sql.ts).
 */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { dimensionSql } from '../common/dimensions.js';
import { compileFilters } from '../common/filters.js';
import { CANON_SQL, IDENTIFY_SQL, IDENTITY_JOIN_SQL } from '../common/identity.js';
import { REVENUE_MICRO_SQL, fromMicro } from '../common/money.js';
import { RANGE_SQL, narrowPassingSql, narrowSessionsSql } from '../common/narrow-sql.js';
import { resolveScope, scopeParams, type Scope, type SiteRef } from '../common/params.js';
import { retentionInterval } from '../retention/finalize.js';
import { periodOfDate } from '../retention/periods.js';
import { cohortPeopleSql } from '../retention/sql.js';
import { queryRows } from '../common/query.js';
import { TOUCHPOINT_SQL } from '../common/touchpoint.js';
import { funnelCoreParams, funnelNarrowSql, type FunnelCoreOptions } from '../funnel/core-sql.js';
import { funnelStageEventsSql, stageEventsApply } from '../funnel/stage-events-sql.js';
import { compileStages } from '../journeys/match.js';
import { personRowSchema, type PersonRow, type VisitorsParams, type VisitorsResult } from './schema.js';

const TOUCH_SQL = `e.site_id = {site:String} AND ${RANGE_SQL} AND e.type IN ('pageview', 'event')`;
/** Event order: time, then event id (ClickHouse UUID order, as common/order.ts cmpEvent). */
const FIRST = (x: string) => `argMin(${x}, (e.ts, e.event_id))`;
const LAST = (x: string) => `argMax(${x}, (e.ts, e.event_id))`;

/** The `limit` people seen last (of those `only` names), and how many were seen. */
const whoSql = (only?: string) => `
  SELECT person, count() OVER () AS total FROM (
    SELECT ${CANON_SQL} AS person, max(e.last_ms) AS last_ms
    FROM (SELECT e.visitor_id AS visitor_id, max(toUnixTimestamp64Milli(e.ts)) AS last_ms FROM events AS e WHERE ${TOUCH_SQL} GROUP BY e.visitor_id) AS e
    ${IDENTITY_JOIN_SQL}
    GROUP BY person
  )
  ${only ? `WHERE person IN (${only})` : ''}
  ORDER BY last_ms DESC, person LIMIT {limit:UInt32}`;

/** The people with a funnel unit (funnel/core-sql.ts) at exactly level `stage`. */
function atStage(p: VisitorsParams): { sql: string; params: Record<string, string | number> } | null {
  if (!p.journey || p.stage === undefined) return null;
  const o: FunnelCoreOptions = { journey: p.journey, stages: compileStages(p.journey), filters: compileFilters(p.filters) };
  // The funnel's own per-unit levels: from the stage events alone where they suffice (as the funnel).
  const units = stageEventsApply(o) ? funnelStageEventsSql(o) : funnelNarrowSql(o);
  return { sql: `SELECT canon FROM (${units}) WHERE level = {stage:UInt8}`, params: { ...funnelCoreParams(o), stage: p.stage } };
}

/** The people of a retention cohort (all, or those back `period` periods later), with retention's filters. */
function inCohort(p: VisitorsParams, scope: Scope): { sql: string; params: Record<string, string | number> } | null {
  if (p.cohort === undefined) return null;
  const f = compileFilters(p.filters);
  const interval = retentionInterval(scope, p);
  return {
    sql: cohortPeopleSql(f, interval, p.return_event !== undefined),
    params: {
      ...f.params,
      cohort: periodOfDate(p.cohort, interval),
      period: p.period,
      lost: p.lost ? 1 : 0,
      ...(p.return_event === undefined ? {} : { return_event: p.return_event }),
    },
  };
}

/** The people with a session passing the filters; null without filters (everyone). */
function withPassingSession(p: VisitorsParams): { sql: string; params: Record<string, string | number> } | null {
  const f = compileFilters(p.filters);
  if (f.selectsAll) return null;
  const sessions = narrowSessionsSql({ filters: f, withEngagement: false });
  return { sql: `SELECT canon FROM (${narrowPassingSql(sessions, ['canon'], f)})`, params: f.params };
}

/**
 * Those people's figures. Their rows: visitor ids named as a person, or identified as one at any
 * time — a superset (a device may have identified as someone else first), cut back by HAVING.
 */
const DETAILS_SQL = `
  SELECT ${CANON_SQL} AS person, max(idm.uid != '') AS identified, uniqExact(e.visitor_id) AS visitor_ids,
         toUnixTimestamp64Milli(min(e.ts)) AS first_ms, toUnixTimestamp64Milli(max(e.ts)) AS last_ms,
         countIf(e.type = 'pageview') AS pageviews, countIf(e.type = 'event') AS events,
         sum(${REVENUE_MICRO_SQL}) AS revenue_micro,
         ${FIRST(dimensionSql('channel'))} AS first_channel,
         ${LAST(TOUCHPOINT_SQL)} AS last_touchpoint,
         ${LAST(dimensionSql('device'))} AS device,
         ${LAST(dimensionSql('country'))} AS country
  FROM events AS e ${IDENTITY_JOIN_SQL}
  WHERE ${TOUCH_SQL}
    AND e.visitor_id IN (SELECT arrayJoin({people:Array(String)})
                         UNION ALL
                         SELECT visitor_id FROM events WHERE ${IDENTIFY_SQL} AND user_id IN {people:Array(String)})
  GROUP BY person HAVING person IN {people:Array(String)}`;

/** A person row as ClickHouse sends it: `identified` 0/1, revenue in millionths. */
const detailsSchema = personRowSchema.omit({ identified: true, revenue: true }).extend({ identified: z.number(), revenue_micro: z.number() });

export async function visitorsSql(store: Store, site: SiteRef, p: VisitorsParams): Promise<VisitorsResult> {
  const scope = resolveScope(site, p);
  const only = inCohort(p, scope) ?? atStage(p) ?? withPassingSession(p);
  const params = { ...scopeParams(scope), limit: p.limit, ...only?.params };
  const who = await queryRows(store, whoSql(only?.sql), params, z.object({ person: z.string(), total: z.number() }));
  if (who.length === 0) return { total: 0, people: [] };
  const people = who.map((w) => w.person);
  const details = await queryRows(store, DETAILS_SQL, { ...params, people }, detailsSchema);
  const byPerson = new Map<string, PersonRow>(
    // Parsed by the result's row schema: its field order, the CSV's column order.
    details.map((r) => [r.person, personRowSchema.parse({ ...r, identified: r.identified === 1, revenue: fromMicro(r.revenue_micro) })]),
  );
  return { total: who[0]!.total, people: people.map((person) => byPerson.get(person)!) };
}
