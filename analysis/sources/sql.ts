/**
 * Sources compared in ClickHouse: the funnel with a breakdown (funnel/sql.ts, unchanged), plus
 * one pass over the same per-unit funnel rows in their narrow form (funnelNarrowSql of
 * funnel/core-sql.ts) for each segment's top path and, for converted visitors, the segment of
 * their first and last touch. Segments travel as hashes, paths as packed UInt256 keys of label
 * ids (paths/keys-sql.ts); only each segment's winner is turned into text.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { compileFilters } from '../common/filters.js';
import { narrowEntrySql } from '../common/narrow-sql.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { funnelCoreParams, funnelNarrowSql, segmentLabelsSql, type FunnelCoreOptions } from '../funnel/core-sql.js';
import { funnelRawFromSql } from '../funnel/sql.js';
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
  return `SELECT lb_, level, seg, if(level = ${n}, sg_[lei_], 0) AS lseg FROM (
      SELECT lb_, sg_, level, seg, s0_ - 1 + ${narrowEntrySql('sp_')} AS lei_ FROM (
        SELECT lb_, sg_, level, seg, indexOf(sess_, cs_) AS s0_, arraySlice(pl_, s0_, countEqual(sess_, cs_)) AS sp_ FROM (
          SELECT lb_, sg_, pl_, sess_, level, seg, if(level = ${n}, sess_[indexOf(ms_, chain[${n}])], 0) AS cs_
          FROM (${funnelNarrowSql(o)}))))`;
}

const K = { path: 0, first: 1, last: 2 } as const;

export function sourcesRawSql(o: FunnelCoreOptions, parts: { paths: boolean; touch: boolean }, depth: number): string {
  const n = o.journey.stages.length;
  const bits = idBits(depth);
  const g = (kind: number, seg: string, key: string) => `(toUInt8(${kind}), ${seg}, ${key})`;
  const path = parts.paths ? `[${g(K.path, 'seg', packSql('p_', bits))}]` : '[]';
  const touch = parts.touch ? `if(level = ${n}, [${g(K.first, 'seg', 'toUInt256(0)')}, ${g(K.last, 'lseg', 'toUInt256(0)')}], [])` : '[]';
  const layers = parts.paths
    ? pathLayersSql('entry', touchLayerSql(o), ['level', 'seg', 'lseg'])
    : `SELECT level, seg, lseg FROM (${touchLayerSql(o)})`;
  const labels = segmentLabelsSql(o);
  if (!labels) throw new Error('sources segments by an event dimension');
  return `
  ${parts.paths ? `WITH ${labelDictSql(bits)} AS dict_` : ''}
  SELECT multiIf(kind_ = ${K.path}, 'path', kind_ = ${K.first}, 'first', 'last') AS kind, l.label AS segment,
    ${parts.paths ? `if(kind_ = ${K.path}, arrayMap(i -> ${labelOf('i')}, ${unpackSql('key', bits, depth)}), CAST([], 'Array(String)'))` : `CAST([], 'Array(String)')`} AS steps, n
  FROM (
    SELECT kind_, segh, tupleElement(top, 2) AS key, toUInt64(-tupleElement(top, 1)) AS n
    FROM (
      SELECT kind_, segh, arrayMin(groupArray((-toInt64(c), key))) AS top
      FROM (
        SELECT tupleElement(g, 1) AS kind_, tupleElement(g, 2) AS segh, tupleElement(g, 3) AS key, count() AS c
        FROM (SELECT arrayConcat(${path}, ${touch}) AS groups FROM (${layers}))
        ARRAY JOIN groups AS g
        GROUP BY kind_, segh, key
      )
      GROUP BY kind_, segh
    )
  ) AS a
  LEFT JOIN (${labels}) AS l ON a.segh = l.h`;
}

export async function sourcesSql(store: Store, site: SiteRef, p: SourcesParams): Promise<SourcesResult> {
  const scope = resolveScope(site, p);
  const o = sourcesOptions(p);
  const run = (opts: FunnelCoreOptions, parts: { paths: boolean; touch: boolean }) =>
    queryRows(store, sourcesRawSql(opts, parts, p.path_depth), { ...scopeParams(scope), ...funnelCoreParams(opts), depth: p.path_depth }, sourcesRawSchema);
  const perVisitor = p.journey.scope === 'visitor';
  const [funnelRaw, raw, touch] = await Promise.all([
    funnelRawFromSql(store, scope, { ...o, extras: [] }),
    run(o, { paths: true, touch: perVisitor }),
    perVisitor ? Promise.resolve([] as SourcesRaw[]) : run(sourcesOptions(p, 'visitor'), { paths: false, touch: true }),
  ]);
  return finalizeSources(funnelRaw, [...raw, ...touch], p);
}
