/**
 * Sources compared in ClickHouse: one pass over the per-unit funnel rows in their narrow form
 * (funnelNarrowSql of funnel/core-sql.ts) yields the funnel with a breakdown by the source
 * dimension (funnel/sql.ts's aggregates), each segment's top path and, for converted visitors,
 * the segment of their first and last touch. Segments travel as hashes, paths as packed UInt256
 * keys of label ids (paths/keys-sql.ts); only each segment's winner is turned into text.
 */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { compileFilters } from '../common/filters.js';
import { narrowEntrySql } from '../common/narrow-sql.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { funnelCoreParams, funnelNarrowSql, segmentLabelsSql, type FunnelCoreOptions } from '../funnel/core-sql.js';
import type { FunnelRawSegment } from '../funnel/schema.js';
import { funnelAggregatesSql, funnelHotSql, funnelRowSchema } from '../funnel/sql.js';
import { compileStages } from '../journeys/match.js';
import { LABEL_HASH, idBits, labelDictSql, labelOf, packSql, pathLayersSql, unpackSql } from '../paths/keys-sql.js';
import { finalizeSources } from './finalize.js';
import { sourcesRawSchema, type SourcesParams, type SourcesRaw, type SourcesResult } from './schema.js';

export function sourcesOptions(p: SourcesParams, scope: 'visitor' | 'session' = p.journey.scope): FunnelCoreOptions {
  const journey = { ...p.journey, scope };
  return { journey, stages: compileStages(journey), filters: compileFilters(p.filters), breakdown: p.by, extras: [LABEL_HASH] };
}

/**
 * Over per-unit narrow funnel rows: `seg` (hash of the unit's entry segment), `lb_` and, for
 * units that reached the last stage, `lseg` — the hash of the segment of the entry event (first
 * page view, else first touchpoint) of the session holding the converting event (chain[n]).
 */
export function touchLayerSql(o: FunnelCoreOptions): string {
  const n = o.journey.stages.length;
  // The converting session's events are a contiguous run of sess_ (sorted): slice its payloads.
  return `SELECT lb_, level, chain, seg, if(level = ${n}, sg_[lei_], 0) AS lseg FROM (
      SELECT lb_, sg_, level, chain, seg, s0_ - 1 + ${narrowEntrySql('sp_')} AS lei_ FROM (
        SELECT lb_, sg_, level, chain, seg, indexOf(sess_, cs_) AS s0_, arraySlice(pl_, s0_, countEqual(sess_, cs_)) AS sp_ FROM (
          SELECT lb_, sg_, pl_, sess_, level, chain, seg, if(level = ${n}, sess_[indexOf(ms_, chain[${n}])], 0) AS cs_
          FROM (${funnelNarrowSql(o)}))))`;
}

const K = { path: 0, first: 1, last: 2, all: 3, seg: 4 } as const;
const KIND_NAMES = ['path', 'first', 'last', 'all', 'seg'] as const;

/** What one pass computes: top paths, first/last touch counts, and the funnel by segment. */
export interface SourcesParts {
  paths: boolean;
  touch: boolean;
  funnel: boolean;
}

/**
 * One pass over the narrow funnel rows. Every unit yields groups (kind, segment hash, key): its
 * path, its first/last touch, and — for the funnel — the all-units group and its segment's; one
 * GROUP BY counts them all. Every group holds one kind, so the funnel's aggregates are read from
 * the funnel's groups only (see funnelAggregatesSql; the journey map does the same), and the
 * per-visitor arrays are built once instead of twice.
 */
export function sourcesRawSql(o: FunnelCoreOptions, parts: SourcesParts, depth: number): string {
  const n = o.journey.stages.length;
  const bits = idBits(depth);
  const g = (kind: number, seg: string, key: string) => `(toUInt8(${kind}), ${seg}, ${key})`;
  const path = parts.paths ? `[${g(K.path, 'seg', packSql('p_', bits))}]` : '[]';
  const touch = parts.touch ? `if(level = ${n}, [${g(K.first, 'seg', 'toUInt256(0)')}, ${g(K.last, 'lseg', 'toUInt256(0)')}], [])` : '[]';
  const funnel = parts.funnel ? `[${g(K.all, 'toUInt64(0)', 'toUInt256(0)')}, ${g(K.seg, 'seg', 'toUInt256(0)')}]` : '[]';
  const carry = ['level', 'chain', 'seg', 'lseg'];
  const layers = parts.paths ? pathLayersSql('entry', touchLayerSql(o), carry) : `SELECT ${carry.join(', ')} FROM (${touchLayerSql(o)})`;
  const cols = `${carry.join(', ')}${parts.paths ? ', p_' : ''}`;
  const labels = segmentLabelsSql(o);
  if (!labels) throw new Error('sources segments by an event dimension');
  const funnelCols = ['units', 'reached', 'median_ms', 'p75_ms', 'convert_median_ms', 'convert_p75_ms', 'histogram'];
  return `
  ${parts.paths ? `WITH ${labelDictSql(bits)} AS dict_` : ''}
  SELECT [${KIND_NAMES.map((k) => `'${k}'`).join(', ')}][kind_ + 1] AS kind, if(kind_ = ${K.all}, '', l.label) AS segment,
    ${parts.paths ? `if(kind_ = ${K.path}, arrayMap(i -> ${labelOf('i')}, ${unpackSql('key', bits, depth)}), CAST([], 'Array(String)'))` : `CAST([], 'Array(String)')`} AS steps, n,
    ${funnelCols.join(', ')}
  FROM (
    SELECT kind_, segh, tupleElement(top, 2) AS key, toUInt64(-tupleElement(top, 1)) AS n, ${funnelCols.map((c) => `${c}_ AS ${c}`).join(', ')}
    FROM (
      SELECT kind_, segh, arrayMin(groupArray((-toInt64(c), key))) AS top, ${funnelCols.map((c) => `any(${c}) AS ${c}_`).join(', ')}
      FROM (
        SELECT tupleElement(g, 1) AS kind_, tupleElement(g, 2) AS segh, tupleElement(g, 3) AS key, count() AS c,
          ${funnelAggregatesSql(n)}
        FROM (SELECT level, chain, hot, arrayConcat(${path}, ${touch}, ${funnel}) AS groups FROM (${funnelHotSql(n, layers, cols)}))
        ARRAY JOIN groups AS g
        GROUP BY kind_, segh, key
      )
      GROUP BY kind_, segh
    )
  ) AS a
  LEFT JOIN (${labels}) AS l ON a.segh = l.h`;
}

const passRowSchema = sourcesRawSchema.extend({ kind: z.enum(KIND_NAMES) }).merge(funnelRowSchema.omit({ kind: true, segment: true, bucket_key: true }));

export async function sourcesSql(store: Store, site: SiteRef, p: SourcesParams): Promise<SourcesResult> {
  const scope = resolveScope(site, p);
  const o = sourcesOptions(p);
  const run = (opts: FunnelCoreOptions, parts: SourcesParts) =>
    queryRows(store, sourcesRawSql(opts, parts, p.path_depth), { ...scopeParams(scope), ...funnelCoreParams(opts), depth: p.path_depth }, passRowSchema);
  const perVisitor = p.journey.scope === 'visitor';
  const [rows, touchRows] = await Promise.all([
    run(o, { paths: true, touch: perVisitor, funnel: true }),
    perVisitor ? Promise.resolve([]) : run(sourcesOptions(p, 'visitor'), { paths: false, touch: true, funnel: false }),
  ]);
  const funnelRaw: FunnelRawSegment[] = [];
  const raw: SourcesRaw[] = [];
  for (const { kind, segment, steps, n, ...f } of [...rows, ...touchRows]) {
    if (kind === 'all' || kind === 'seg') funnelRaw.push({ kind: kind === 'all' ? 'all' : 'segment', segment, ...f });
    else raw.push({ kind, segment, steps, n });
  }
  return finalizeSources(funnelRaw, raw, p);
}
