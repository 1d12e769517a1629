/**
 * Touchpoint labels (DESIGN: page view → path; custom event → "event:<name>"), with their SQL
 * twin over `e`. Used by paths, drop-off "where they went" and journey maps.
 */
import type { EventRow } from '../../collector/schema/event.js';

export const LEFT_SITE = '(left the site)';

export const TOUCHPOINT_SQL = `if(e.type = 'event', concat('event:', e.name), e.path)`;

export function touchpointLabel(r: EventRow): string {
  return r.type === 'event' ? `event:${r.name}` : r.path;
}
