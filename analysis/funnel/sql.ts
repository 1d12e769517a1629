/** Funnel in ClickHouse: per-unit chains (core-sql.ts) aggregated into counts and exact quantiles. */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { compileFilters } from '../common/filters.js';
import { queryRows } from '../common/query.js';
import { resolveScope, scopeParams, type Scope, type SiteRef } from '../common/params.js';
import { bucketKeyLabel, bucketKeySql, defaultInterval, type Interval } from '../common/time.js';
import { compileStages } from '../journeys/match.js';
import { funnelCoreParams, funnelNarrowSql, segmentLabelsSql, type FunnelCoreOptions } from './core-sql.js';
import { finalizeFunnel } from './finalize.js';
import { funnelStageEventsSql, stageEventsApply } from './stage-events-sql.js';
import { CONVERT_EDGES_MS, type FunnelParams, type FunnelRawSegment, type FunnelResult } from './schema.js';

/**
 * Raw row kinds in SQL: 0 a breakdown segment, 1 everyone, 2 a trend bucket (`bucket_key`), 3 a
 * segment's trend bucket.
 */
const KIND = { segment: 0, all: 1, bucket: 2, segment_bucket: 3 } as const;

export const funnelRowSchema = z.object({
  kind: z.number(),
  segment: z.string(),
  /** Trend rows: the bucket's key (time.ts bucketKeySql); 0 otherwise. */
  bucket_key: z.number().int().optional(),
  units: z.number().int(),
  reached: z.array(z.number().int()),
  median_ms: z.array(z.number().int()),
  p75_ms: z.array(z.number().int()),
  convert_median_ms: z.number().int(),
  convert_p75_ms: z.number().int(),
  histogram: z.array(z.number().int()),
});

export function funnelInterval(scope: Scope, p: FunnelParams): Interval {
  return p.interval ?? defaultInterval(scope.fromMs, scope.toMs);
}

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

/**
 * With `trend`, each unit that reached stage 1 also counts in the group of its bucket (by its
 * chain's stage-1 time), and with a breakdown in its segment's, keyed by numbers: no String per unit.
 */
export function funnelRawSql(o: FunnelCoreOptions, trend?: Interval): string {
  const n = o.journey.stages.length;
  const g = (kind: number, key: string, bucket = '0') => `(toUInt8(${kind}), toUInt64(${key}), toUInt64(${bucket}))`;
  const list = [g(KIND.all, '0'), ...(o.breakdown ? [g(KIND.segment, 'seg')] : [])];
  const bk = trend ? bucketKeySql('chain[1]', trend) : '';
  const timed = [g(KIND.bucket, '0', bk), ...(o.breakdown ? [g(KIND.segment_bucket, 'seg', bk)] : [])];
  const groups = trend ? `arrayConcat([${list.join(', ')}], if(level >= 1, [${timed.join(', ')}], []))` : `[${list.join(', ')}]`;
  const labels = segmentLabelsSql(o);
  const segment =
    o.breakdown === 'visitor_type' ? `if(segh = 1, 'returning', 'new')` : labels ? `l.label` : `''`;
  return `
  SELECT kind, if(kind IN (${KIND.all}, ${KIND.bucket}), '', ${segment}) AS segment, bucket_key,
    units, reached, median_ms, p75_ms, convert_median_ms, convert_p75_ms, histogram
  FROM (
    SELECT tupleElement(g, 1) AS kind, tupleElement(g, 2) AS segh, tupleElement(g, 3) AS bucket_key,
      ${funnelAggregatesSql(n)}
    FROM (${funnelHotSql(n, stageEventsApply(o) ? funnelStageEventsSql(o) : funnelNarrowSql(o), 'level, chain, seg')})
    ARRAY JOIN ${groups} AS g
    GROUP BY g
  ) AS a
  ${labels ? `LEFT JOIN (${labels}) AS l ON a.segh = l.h` : ''}`;
}

const KIND_NAME = { [KIND.segment]: 'segment', [KIND.all]: 'all', [KIND.bucket]: 'bucket', [KIND.segment_bucket]: 'segment_bucket' } as const;

export async function funnelRawFromSql(store: Store, scope: Scope, o: FunnelCoreOptions, trend?: Interval): Promise<FunnelRawSegment[]> {
  const rows = await queryRows(store, funnelRawSql(o, trend), { ...scopeParams(scope), ...funnelCoreParams(o) }, funnelRowSchema);
  return rows.map(({ kind: k, bucket_key, ...r }) => {
    const kind = KIND_NAME[k as keyof typeof KIND_NAME];
    const timed = kind === 'bucket' || kind === 'segment_bucket';
    return { ...r, kind, ...(timed ? { bucket: bucketKeyLabel(bucket_key!, trend!) } : {}) };
  });
}

export async function funnelSql(store: Store, site: SiteRef, p: FunnelParams): Promise<FunnelResult> {
  const scope = resolveScope(site, p);
  const interval = funnelInterval(scope, p);
  const raw = await funnelRawFromSql(store, scope, funnelOptions(p), interval);
  return finalizeFunnel(p.journey, raw, p.breakdown, p.segments, { scope, interval });
}
