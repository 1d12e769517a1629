/**
 * One person's journey from ClickHouse: find who the id is (the canonical visitor, as
 * IDENTITY_JOIN_SQL decides it), which visitor ids are theirs, then read just their rows. Every
 * query reads the site's identify events or the person's own rows: the table's sort key
 * (site_id, day, visitor_id, ts) takes a visitor id list straight to its granules, so the answer
 * takes milliseconds at any table size, unlike the analyses over everyone.
 */
import { z } from 'zod';
import { EVENT_COLUMNS, eventRowSchema } from '../../collector/schema/event.js';
import type { Store } from '../../collector/storage/clickhouse.js';
import { RANGE_SQL } from '../common/narrow-sql.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { cmpEvent } from '../common/order.js';
import { FIRST_USER_SQL, IDENTIFY_SQL } from '../common/identity.js';
import { toEv } from '../common/units.js';
import { compileStages } from '../journeys/match.js';
import { buildVisitor } from './build.js';
import { visitorResultSchema, type VisitorParams, type VisitorResult } from './schema.js';

const identifiedSchema = visitorResultSchema.shape.identifies.element;

const COLUMNS = EVENT_COLUMNS.map((c) => `e.${c} AS ${c}`).join(', ');
const MINE_SQL = `e.site_id = {site:String} AND e.visitor_id IN {visitors:Array(String)}`;

/** The user a visitor id is identified as, or '' when it never identified. */
async function userOf(store: Store, site: string, visitor: string): Promise<string> {
  const rows = await queryRows(
    store,
    `SELECT ${FIRST_USER_SQL} AS uid FROM events WHERE ${IDENTIFY_SQL} AND visitor_id = {visitor:String}`,
    { site, visitor },
    z.object({ uid: z.string() }),
  );
  return rows[0]?.uid ?? '';
}

/** Who `id` is, and every visitor id counted as them. */
export async function resolvePerson(store: Store, site: string, id: string): Promise<{ person: string; identified: boolean; candidates: string[] }> {
  const uid = await userOf(store, site, id);
  const person = uid || id;
  const linked = await queryRows(
    store,
    `SELECT visitor_id FROM events
     WHERE ${IDENTIFY_SQL}
       AND visitor_id IN (SELECT visitor_id FROM events WHERE ${IDENTIFY_SQL} AND user_id = {person:String})
     GROUP BY visitor_id HAVING ${FIRST_USER_SQL} = {person:String}`,
    { site, person },
    z.object({ visitor_id: z.string() }),
  );
  const candidates = linked.map((r) => r.visitor_id);
  // The person's own id is theirs as a visitor id too, unless that visitor id is someone else's.
  const own = person === id ? uid : await userOf(store, site, person);
  if (own === '' || own === person) candidates.push(person);
  return { person, identified: linked.length > 0, candidates: [...new Set(candidates)] };
}

export async function visitorSql(store: Store, site: SiteRef, p: VisitorParams): Promise<VisitorResult> {
  const scope = resolveScope(site, p);
  const { person, identified, candidates } = await resolvePerson(store, scope.site, p.id);
  const params = { ...scopeParams(scope), visitors: candidates, limit: p.limit };
  const [seen, identifies, newest] = await Promise.all([
    queryRows(
      store,
      `SELECT groupUniqArray(e.visitor_id) AS visitors, count() AS n FROM events AS e WHERE ${MINE_SQL} AND ${RANGE_SQL}`,
      params,
      z.object({ visitors: z.array(z.string()), n: z.number() }),
    ),
    queryRows(
      store,
      `SELECT e.visitor_id AS visitor_id, e.user_id AS user_id, toUnixTimestamp64Milli(min(e.ts)) AS first_ms,
              toUnixTimestamp64Milli(max(e.ts)) AS last_ms, count() AS count
       FROM events AS e WHERE ${MINE_SQL} AND e.type = 'identify' GROUP BY visitor_id, user_id`,
      params,
      identifiedSchema,
    ),
    queryRows(
      store,
      `SELECT ${COLUMNS} FROM events AS e WHERE ${MINE_SQL} AND ${RANGE_SQL}
       ORDER BY e.ts DESC, e.event_id DESC LIMIT {limit:UInt32}`,
      params,
      eventRowSchema,
    ),
  ]);
  return buildVisitor(
    {
      id: p.id,
      person,
      identified,
      visitorIds: seen[0]?.visitors ?? [],
      identifies,
      evs: newest.map(toEv).sort(cmpEvent),
      inRange: seen[0]?.n ?? 0,
    },
    scope.gapMs,
    p.journey ? compileStages(p.journey) : undefined,
  );
}
