/**
 * HTTP query string → analysis params input: flat filter keys (channel=…, page=…), repeated
 * `prop=key:value` for property filters, and a default range of the last 7 days in the site's
 * time zone. Validation itself is the analysis' zod schema; this only reshapes.
 */
import type { Context } from 'hono';
import { filtersSchema } from './filters.js';
import { addDays, localDate, rangePoint } from './time.js';

const FILTER_KEYS = Object.keys(filtersSchema.shape).filter((k) => k !== 'props');

export const DEFAULT_RANGE_DAYS = 7;

export function queryInput(c: Context, tz: string, clock = Date.now()): Record<string, unknown> {
  const q: Record<string, unknown> = { ...c.req.query() };
  const filters: Record<string, unknown> = {};
  for (const k of FILTER_KEYS) {
    if (q[k] !== undefined) filters[k] = q[k];
    delete q[k];
  }
  const props = c.req.queries('prop');
  delete q.prop;
  if (props?.length) {
    filters.props = props.map((p) => {
      const i = p.indexOf(':');
      // Without a ':' the key is given and the value is invalid on purpose: zod reports it.
      return i < 0 ? { key: p, value: undefined } : { key: p.slice(0, i), value: p.slice(i + 1) };
    });
  }
  const today = localDate(clock, tz);
  q.to ??= today;
  // `to` may be an hour (YYYY-MM-DDTHH): the default range ends on its day.
  q.from ??= addDays(typeof q.to === 'string' && rangePoint(q.to) ? q.to.slice(0, 10) : today, -(DEFAULT_RANGE_DAYS - 1));
  delete q.format;
  delete q.table;
  delete q.definition; // an unsaved journey, read by the route itself
  return { ...q, filters };
}
