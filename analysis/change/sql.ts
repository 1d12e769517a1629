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
import type { ChangeParams, ChangeResult } from './schema.js';

const TOUCH = "('pageview', 'event')";

export function changeOptions(p: ChangeParams): FunnelCoreOptions {
  return { journey: p.journey, stages: compileStages(p.journey), filters: compileFilters(p.filters), segmentHash: p.by.map((d) => dimensionHashed(d)) };
}

/**
 * Rows (k, n, d0 … dm): n units reached level ≥ k (k = 0: all units) with entry values d0 … dm.
 * Per unit from the funnel's stage events alone where that applies (visitor scope), else from the
 * whole skeleton.
 */
export function changeRawSql(o: FunnelCoreOptions, by: readonly Dimension[]): string {
  const parts = by.map((d) => dimensionHashed(d));
  const units = stageEventsApply(o) ? funnelStageEventsSql(o) : funnelNarrowSql(o);
  return `
  SELECT k, n, ${by.map((_, i) => `l.d${i} AS d${i}`).join(', ')}
  FROM (
    SELECT k, h, count() AS n
    FROM (SELECT arrayJoin(range(toUInt8(level + 1))) AS k, seg AS h FROM (${units}))
    GROUP BY k, h
  ) AS a
  LEFT JOIN (
    SELECT ${hashSql(parts)} AS h, ${by.map((d, i) => `${dimensionAnySql(d)} AS d${i}`).join(', ')}
    FROM events AS e
    WHERE ${inScopeSql(TOUCH)}
    GROUP BY h
  ) AS l ON a.h = l.h`;
}

/** The hashed groups → everyone's counts and each dimension's segments (groups of one value summed). */
function periodCounts(rows: readonly Record<string, string | number>[], by: readonly Dimension[], stages: number): PeriodCounts {
  const blank = (): Counts & { reached: number[] } => ({ units: 0, reached: Array<number>(stages).fill(0) });
  const all = blank();
  const segments = new Map<string, ReturnType<typeof blank> & { by: Dimension; value: string }>();
  for (const r of rows) {
    const k = Number(r.k);
    const n = Number(r.n);
    const add = (c: ReturnType<typeof blank>) => (k === 0 ? (c.units += n) : (c.reached[k - 1]! += n));
    add(all);
    by.forEach((dim, i) => {
      const value = String(r[`d${i}`]);
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
  const schema = z.object({ k: z.number().int(), n: z.number().int(), ...Object.fromEntries(p.by.map((_, i) => [`d${i}`, z.string()])) });
  const run = async (period: { from: string; to: string }) => {
    const scope = resolveScope(site, periodFunnel(p, period));
    const rows = await queryRows(store, changeRawSql(o, p.by), { ...scopeParams(scope), ...funnelCoreParams(o) }, schema);
    return periodCounts(rows as Record<string, string | number>[], p.by, p.journey.stages.length);
  };
  const [current, baseline] = await Promise.all([run(periods.current), run(periods.baseline)]);
  return finalizeChange(p.journey, p.journey.scope, periods, p.by, { current, baseline }, p.drivers);
}
