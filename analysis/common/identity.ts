/**
 * Identify stitching, one definition: a visitor id that an `identify` event linked to a user id
 * counts as that user. The canonical visitor is the user id of the visitor id's earliest identify
 * (ties: the smaller user id in byte order), else the visitor id itself. Links come from all of the
 * site's identify events, not only the analysed range, so a signup today also merges last week's
 * anonymous visits.
 */
import type { EventRow } from '../../collector/schema/event.js';
import { cmpStr } from './order.js';

/** The site's identify events that link a visitor id to a user (over `events`, unaliased). */
export const IDENTIFY_SQL = `site_id = {site:String} AND type = 'identify' AND user_id != ''`;
/** Per visitor id, over its IDENTIFY_SQL rows: the user it counts as. */
export const FIRST_USER_SQL = `argMin(user_id, (ts, user_id))`;

/** Joined onto `events AS e`; `idm.uid` is '' when the visitor never identified. */
export const IDENTITY_JOIN_SQL = `LEFT ANY JOIN (
    SELECT visitor_id, ${FIRST_USER_SQL} AS uid
    FROM events
    WHERE ${IDENTIFY_SQL}
    GROUP BY visitor_id
  ) AS idm ON e.visitor_id = idm.visitor_id`;

export const CANON_SQL = `if(idm.uid != '', idm.uid, e.visitor_id)`;

export type Canonicalize = (r: EventRow) => string;

/** Each identified visitor id's user id (of its earliest identify), from the site's identify rows. */
export function identifiedUsers(rows: readonly EventRow[], site: string): Map<string, string> {
  const first = new Map<string, { ts: string; user: string }>();
  for (const r of rows) {
    if (r.site_id !== site || r.type !== 'identify' || r.user_id === '') continue;
    const cur = first.get(r.visitor_id);
    // ts is fixed-width "YYYY-MM-DD HH:MM:SS.mmm" text, so string order is time order.
    if (!cur || r.ts < cur.ts || (r.ts === cur.ts && cmpStr(r.user_id, cur.user) < 0)) {
      first.set(r.visitor_id, { ts: r.ts, user: r.user_id });
    }
  }
  return new Map([...first].map(([v, f]) => [v, f.user]));
}

/** The canonical visitor of each visitor id. */
export function canonicalOf(rows: readonly EventRow[], site: string): (visitorId: string) => string {
  const users = identifiedUsers(rows, site);
  return (visitorId) => users.get(visitorId) ?? visitorId;
}

export function identityOf(rows: readonly EventRow[], site: string): Canonicalize {
  const canon = canonicalOf(rows, site);
  return (r) => canon(r.visitor_id);
}
