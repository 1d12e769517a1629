/**
 * The people seen in a range, in ClickHouse: one GROUP BY over the range's touchpoints by
 * canonical visitor (the identity join every analysis uses), most recently seen first.
 */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { dimensionSql } from '../common/dimensions.js';
import { CANON_SQL, IDENTITY_JOIN_SQL } from '../common/identity.js';
import { RANGE_SQL } from '../common/narrow-sql.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { TOUCHPOINT_SQL } from '../common/touchpoint.js';
import { REVENUE_MICRO_SQL, fromMicro } from '../common/money.js';
import { personRowSchema, type VisitorsParams, type VisitorsResult } from './schema.js';

/** Event order: time, then event id (ClickHouse UUID order, as common/order.ts cmpEvent). */
const FIRST = (x: string) => `argMin(${x}, (e.ts, e.event_id))`;
const LAST = (x: string) => `argMax(${x}, (e.ts, e.event_id))`;

const rowSchema = z.object({
  person: z.string(),
  identified: z.number(),
  visitor_ids: z.number(),
  first_ms: z.number(),
  last_ms: z.number(),
  pageviews: z.number(),
  events: z.number(),
  revenue_micro: z.number(),
  first_channel: z.string(),
  last_touchpoint: z.string(),
  device: z.string(),
  country: z.string(),
  total: z.number(),
});

export async function visitorsSql(store: Store, site: SiteRef, p: VisitorsParams): Promise<VisitorsResult> {
  const scope = resolveScope(site, p);
  const rows = await queryRows(
    store,
    `SELECT *, count() OVER () AS total FROM (
       SELECT ${CANON_SQL} AS person, max(idm.uid != '') AS identified, uniqExact(e.visitor_id) AS visitor_ids,
              toUnixTimestamp64Milli(min(e.ts)) AS first_ms, toUnixTimestamp64Milli(max(e.ts)) AS last_ms,
              countIf(e.type = 'pageview') AS pageviews, countIf(e.type = 'event') AS events,
              sum(${REVENUE_MICRO_SQL}) AS revenue_micro,
              ${FIRST(dimensionSql('channel'))} AS first_channel,
              ${LAST(TOUCHPOINT_SQL)} AS last_touchpoint,
              ${LAST(dimensionSql('device'))} AS device,
              ${LAST(dimensionSql('country'))} AS country
       FROM events AS e ${IDENTITY_JOIN_SQL}
       WHERE e.site_id = {site:String} AND ${RANGE_SQL} AND e.type IN ('pageview', 'event')
       GROUP BY person
     )
     ORDER BY last_ms DESC, person LIMIT {limit:UInt32}`,
    { ...scopeParams(scope), limit: p.limit },
    rowSchema,
  );
  return {
    total: rows[0]?.total ?? 0,
    // Parsed by the result's row schema: its field order, the CSV's column order.
    people: rows.map((r) => personRowSchema.parse({ ...r, identified: r.identified === 1, revenue: fromMicro(r.revenue_micro) })),
  };
}
