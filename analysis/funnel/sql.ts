/** Funnel in ClickHouse: per-unit chains (core-sql.ts) aggregated into counts and exact quantiles. */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { compileFilters } from '../common/filters.js';
import { queryRows } from '../common/query.js';
import { resolveScope, scopeParams, type Scope, type SiteRef } from '../common/params.js';
import { compileStages } from '../journeys/match.js';
import { funnelCoreParams, funnelNarrowSql, segmentLabelsSql, type FunnelCoreOptions } from './core-sql.js';
import { finalizeFunnel } from './finalize.js';
import { funnelStageEventsSql, stageEventsApply } from './stage-events-sql.js';
import { CONVERT_EDGES_MS, type FunnelParams, type FunnelRawSegment, type FunnelResult } from './schema.js';

export const funnelRowSchema = z.object({
  is_all: z.number(),
  segment: z.string(),
  units: z.number().int(),
  reached: z.array(z.number().int()),
  median_ms: z.array(z.number().int()),
  p75_ms: z.array(z.number().int()),
  convert_median_ms: z.number().int(),
  convert_p75_ms: z.number().int(),
  histogram: z.array(z.number().int()),
});

export function funnelOptions(p: FunnelParams): FunnelCoreOptions {
  return { journey: p.journey, stages: compileStages(p.journey), filters: compileFilters(p.filters), breakdown: p.breakdown };
}

/**
 * The funnel's aggregates over rows with `level`, `chain` and `hot` (see funnelHotSql): units,
 * reached, median_ms, p75_ms, convert_median_ms, convert_p75_ms, histogram. A caller that counts
 * other kinds of groups in the same GROUP BY (the journey map, sources) keeps each group to one
 * kind and reads these columns only from the funnel's groups, where every row is one unit: an
 * "only these rows" condition inside each aggregate measured ~0.3 s of query analysis per query,
 * whatever the data size, while computing them for every group costs nothing measurable.
 */
export function funnelAggregatesSql(n: number): string {
  const ks = Array.from({ length: n }, (_, i) => i + 1);
  const delta = (k: number) => `chain[${k}] - chain[${k - 1}]`;
  const q = (level: number) => ks.map((k) => (k === 1 ? 'toUInt64(0)' : `quantileExactIf(${level})(${delta(k)}, level >= ${k})`));
  return `count() AS units,
      [${ks.map((k) => `countIf(level >= ${k})`).join(', ')}] AS reached,
      [${q(0.5).join(', ')}] AS median_ms,
      [${q(0.75).join(', ')}] AS p75_ms,
      quantileExactIf(0.5)(chain[${n}] - chain[1], level = ${n}) AS convert_median_ms,
      quantileExactIf(0.75)(chain[${n}] - chain[1], level = ${n}) AS convert_p75_ms,
      sumForEach(hot) AS histogram`;
}

/**
 * Adds `hot` to the rows of `from` (columns `cols`, including level and chain): the one-hot
 * histogram bucket of the conversion time, for one sumForEach (nine countIf over an alias cost
 * ~0.2 s of planning).
 */
export function funnelHotSql(n: number, from: string, cols: string): string {
  return `
      SELECT ${cols}, arrayMap(b -> toUInt64(level = ${n} AND b = bucket), range(${CONVERT_EDGES_MS.length + 1})) AS hot
      FROM (
        SELECT ${cols}, arrayCount(edge -> chain[${n}] - chain[1] >= edge, [${CONVERT_EDGES_MS.join(', ')}]) AS bucket
        FROM (${from})
      )`;
}

export function funnelRawSql(o: FunnelCoreOptions): string {
  const n = o.journey.stages.length;
  const groups = o.breakdown ? `[(toUInt8(1), toUInt64(0)), (toUInt8(0), seg)]` : `[(toUInt8(1), toUInt64(0))]`;
  const labels = segmentLabelsSql(o);
  const segment =
    o.breakdown === 'visitor_type' ? `if(is_all = 1, '', if(segh = 1, 'returning', 'new'))` : labels ? `if(is_all = 1, '', l.label)` : `''`;
  return `
  SELECT is_all, ${segment} AS segment, units, reached, median_ms, p75_ms, convert_median_ms, convert_p75_ms, histogram
  FROM (
    SELECT tupleElement(g, 1) AS is_all, tupleElement(g, 2) AS segh,
      ${funnelAggregatesSql(n)}
    FROM (${funnelHotSql(n, stageEventsApply(o) ? funnelStageEventsSql(o) : funnelNarrowSql(o), 'level, chain, seg')})
    ARRAY JOIN ${groups} AS g
    GROUP BY g
  ) AS a
  ${labels ? `LEFT JOIN (${labels}) AS l ON a.segh = l.h` : ''}`;
}

export async function funnelRawFromSql(store: Store, scope: Scope, o: FunnelCoreOptions): Promise<FunnelRawSegment[]> {
  const rows = await queryRows(store, funnelRawSql(o), { ...scopeParams(scope), ...funnelCoreParams(o) }, funnelRowSchema);
  return rows.map(({ is_all, ...r }) => ({ ...r, all: is_all === 1 }));
}

export async function funnelSql(store: Store, site: SiteRef, p: FunnelParams): Promise<FunnelResult> {
  const raw = await funnelRawFromSql(store, resolveScope(site, p), funnelOptions(p));
  return finalizeFunnel(p.journey, raw, p.breakdown, p.segments);
}
