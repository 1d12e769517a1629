/**
 * What changed, in ClickHouse: one query per period over the funnel's own per-unit chains (the
 * funnel's stage-events form where it applies, else its whole skeleton). Each unit's `seg` is
 * one hash of its entry event's values along every dimension of `by` (as the map's segments),
 * and it counts once per level it reached (k = 0: every unit) in its hash's group;
 * the hashes are turned back into each dimension's value after counting. So the dimensions cost
 * one pass, not one funnel each: two queries in all (1.8–2.1 s at 10 M events for six dimensions,
 * about two funnels' time, where a funnel per period and dimension took 7.2 s for five).
 */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { dimensionAnySql, dimensionHashed, type Dimension } from '../common/dimensions.js';
import { compileFilters } from '../common/filters.js';
import { hashSql, inScopeSql } from '../common/narrow-sql.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { funnelCoreParams, funnelNarrowSql, type FunnelCoreOptions } from '../funnel/core-sql.js';
import { funnelStageEventsSql, stageEventsApply } from '../funnel/stage-events-sql.js';
import { compileStages } from '../journeys/match.js';
import { finalizeChange, type Counts, type PeriodCounts } from './finalize.js';
import { changePeriods, periodFunnel } from './periods.js';
import type { Breakdown } from '../funnel/schema.js';
import type { ChangeParams, ChangeResult } from './schema.js';

const TOUCH = "('pageview', 'event')";

/** The dimensions of `by` that are values of the entry event (all but visitor_type), hashed together into `seg`. */
const entryDims = (by: readonly Breakdown[]) => by.filter((d): d is Dimension => d !== 'visitor_type');

export function changeOptions(p: ChangeParams): FunnelCoreOptions {
  const dims = entryDims(p.by);
  return {
    journey: p.journey,
    stages: compileStages(p.journey),
    filters: compileFilters(p.filters),
    ...(dims.length > 0 ? { segmentHash: dims.map((d) => dimensionHashed(d)) } : {}),
    returning: p.by.includes('visitor_type'),
  };
}

/**
 * Rows (k, n, d0 … dm): n units reached level ≥ k (k = 0: all units) with values d0 … dm of `by`:
 * the entry event's, found back from `seg`'s hash; visitor_type's from the unit's `ret`. Per unit
 * from the funnel's stage events alone where that applies (visitor scope), else from the whole skeleton.
 */
export function changeRawSql(o: FunnelCoreOptions, by: readonly Breakdown[]): string {
  const dims = entryDims(by);
  const units = stageEventsApply(o) ? funnelStageEventsSql(o) : funnelNarrowSql(o);
  const ret = o.returning ? ', ret' : '';
  const value = (d: Breakdown) => (d === 'visitor_type' ? `if(a.ret = 1, 'returning', 'new')` : `l.d${dims.indexOf(d)}`);
  const labels =
    dims.length === 0
      ? ''
      : `LEFT JOIN (
    SELECT ${hashSql(dims.map((d) => dimensionHashed(d)))} AS h, ${dims.map((d, i) => `${dimensionAnySql(d)} AS d${i}`).join(', ')}
    FROM events AS e
    WHERE ${inScopeSql(TOUCH)}
    GROUP BY h
  ) AS l ON a.h = l.h`;
  return `
  SELECT k, n, ${by.map((d, i) => `${value(d)} AS v${i}`).join(', ')}
  FROM (
    SELECT k, h${ret}, count() AS n
    FROM (SELECT arrayJoin(range(toUInt8(level + 1))) AS k, seg AS h${ret} FROM (${units}))
    GROUP BY k, h${ret}
  ) AS a
  ${labels}`;
}

/** The hashed groups → everyone's counts and each dimension's segments (groups of one value summed). */
function periodCounts(rows: readonly Record<string, string | number>[], by: readonly Breakdown[], stages: number): PeriodCounts {
  const blank = (): Counts & { reached: number[] } => ({ units: 0, reached: Array<number>(stages).fill(0) });
  const all = blank();
  const segments = new Map<string, ReturnType<typeof blank> & { by: Breakdown; value: string }>();
  for (const r of rows) {
    const k = Number(r.k);
    const n = Number(r.n);
    const add = (c: ReturnType<typeof blank>) => (k === 0 ? (c.units += n) : (c.reached[k - 1]! += n));
    add(all);
    by.forEach((dim, i) => {
      const value = String(r[`v${i}`]);
      const key = JSON.stringify([dim, value]);
      let seg = segments.get(key);
      if (!seg) segments.set(key, (seg = { ...blank(), by: dim, value }));
      add(seg);
    });
  }
  return { all, segments: [...segments.values()] };
}

export async function changeSql(store: Store, site: SiteRef, p: ChangeParams): Promise<ChangeResult> {
  const periods = changePeriods(p);
  const o = changeOptions(p);
  const schema = z.object({ k: z.number().int(), n: z.number().int(), ...Object.fromEntries(p.by.map((_, i) => [`v${i}`, z.string()])) });
  const run = async (period: { from: string; to: string }) => {
    const scope = resolveScope(site, periodFunnel(p, period));
    const rows = await queryRows(store, changeRawSql(o, p.by), { ...scopeParams(scope), ...funnelCoreParams(o) }, schema);
    return periodCounts(rows as Record<string, string | number>[], p.by, p.journey.stages.length);
  };
  const [current, baseline] = await Promise.all([run(periods.current), run(periods.baseline)]);
  return finalizeChange(p.journey, p.journey.scope, periods, p.by, { current, baseline }, p.drivers);
}
