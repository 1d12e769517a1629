/**
 * Filters select units (sessions, or visitors for visitor-scope journeys), never single events:
 *  - attribute filters (channel, source, …, entry_page) test the unit's entry event;
 *  - containment filters (page, event, prop) require at least one touchpoint in the unit to match.
 * So "channel = Email" keeps whole email-referred sessions, including their later internal page
 * views (which carry channel Direct). Each filter is compiled from this allowlist into a SQL
 * predicate with {name:Type} parameters AND the equivalent TypeScript predicate.
 */
import { z } from 'zod';
import type { EventRow } from '../../collector/schema/event.js';
import { DIMENSION_NAMES, dimensionEqualsSql, dimensionValue, type Dimension } from './dimensions.js';

const value = z.string().min(1).max(512);

export const propFilterSchema = z.object({ key: z.string().min(1).max(64), value: z.string().max(512) });

export const filtersSchema = z
  .object({
    channel: value.optional(),
    source: value.optional(),
    medium: value.optional(),
    campaign: value.optional(),
    device: value.optional(),
    browser: value.optional(),
    os: value.optional(),
    country: value.optional(),
    entry_page: value.optional(),
    /** The unit viewed this page path. */
    page: value.optional(),
    /** The unit sent this custom event. */
    event: value.optional(),
    /** The unit has a touchpoint with each of these property values. */
    props: z.array(propFilterSchema).max(5).optional(),
  })
  .strict();
export type Filters = z.infer<typeof filtersSchema>;

export interface CompiledFilters {
  /** SQL UInt8 over `e`: does this event satisfy every attribute filter (tested on entry events)? */
  entrySql: string;
  /** Is there any attribute filter (else entrySql is always 1)? */
  hasEntry: boolean;
  /** SQL UInt64 over `e`: bit i set when the event matches containment filter i. */
  maskSql: string;
  /** All bits a passing unit must have collected. */
  fullMask: number;
  /** No filter at all: every unit passes. */
  selectsAll: boolean;
  params: Record<string, string>;
  entry(r: EventRow): boolean;
  mask(r: EventRow): number;
}

const isTouchpoint = (r: EventRow) => r.type === 'pageview' || r.type === 'event';
const hasProp = (r: EventRow, k: string, v: string) => Object.hasOwn(r.props, k) && r.props[k] === v;

export function compileFilters(f: Filters): CompiledFilters {
  const params: Record<string, string> = {};
  const entrySql: string[] = [];
  const entryTs: ((r: EventRow) => boolean)[] = [];
  for (const d of DIMENSION_NAMES) {
    const v = f[d];
    if (v === undefined) continue;
    params[`f_${d}`] = v;
    entrySql.push(dimensionEqualsSql(d, `{f_${d}:String}`));
    entryTs.push((r) => dimensionValue(d as Dimension, r) === v);
  }

  const maskSql: string[] = [];
  const maskTs: ((r: EventRow) => boolean)[] = [];
  const contain = (sql: string, ts: (r: EventRow) => boolean) => {
    maskSql.push(`toUInt64(${sql}) * ${2 ** maskSql.length}`);
    maskTs.push(ts);
  };
  if (f.page !== undefined) {
    const v = f.page;
    params.f_page = v;
    contain(`e.type = 'pageview' AND e.path = {f_page:String}`, (r) => r.type === 'pageview' && r.path === v);
  }
  if (f.event !== undefined) {
    const v = f.event;
    params.f_event = v;
    contain(`e.type = 'event' AND e.name = {f_event:String}`, (r) => r.type === 'event' && r.name === v);
  }
  (f.props ?? []).forEach(({ key, value: v }, i) => {
    params[`f_pk${i}`] = key;
    params[`f_pv${i}`] = v;
    // mapContains: a missing key must not equal '' (ClickHouse returns '' for absent keys).
    contain(
      `e.type IN ('pageview', 'event') AND mapContains(e.props, {f_pk${i}:String}) AND e.props[{f_pk${i}:String}] = {f_pv${i}:String}`,
      (r) => isTouchpoint(r) && hasProp(r, key, v),
    );
  });

  return {
    entrySql: entrySql.length ? `toUInt8(${entrySql.join(' AND ')})` : 'toUInt8(1)',
    hasEntry: entrySql.length > 0,
    maskSql: maskSql.length ? maskSql.join(' + ') : 'toUInt64(0)',
    fullMask: 2 ** maskSql.length - 1,
    selectsAll: entrySql.length === 0 && maskSql.length === 0,
    params,
    entry: (r) => entryTs.every((p) => p(r)),
    mask: (r) => maskTs.reduce((m, p, i) => (p(r) ? m + 2 ** i : m), 0),
  };
}
