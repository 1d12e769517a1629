/**
 * Pages and bounce in ClickHouse, over the narrow session units of common/narrow-sql.ts
 * (engagement events included, for the bounce rule). Each event carries two hashes: `ac` of its
 * (path, channel, device) and `pv` of its (path, load_ms). Each session becomes a few numeric
 * (code, key) groups — total, its entry event's `ac` (entry page, channel, device), the `pv` of
 * its entry page view (load bucket), of its exit page view, of each page view, and optionally one
 * per journey stage it touched — counted in one GROUP BY. Only then are the surviving keys turned
 * into text (two small label scans), fanned out into (dim, value) rows and summed; a page's load
 * quantiles come from its (load_ms, views) pairs, element floor(level · n) as quantileExact.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { dimensionAnySql } from '../common/dimensions.js';
import { compileFilters, type CompiledFilters } from '../common/filters.js';
import { labelsSql, narrowPassingSql, narrowSessionsSql } from '../common/narrow-sql.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import type { CompiledStages } from '../journeys/match.js';
import { ENGAGED_SESSION_MS } from '../overview/engagement.js';
import { finalizePages } from './finalize.js';
import { LOAD_EDGES_MS, LOAD_LABELS, LOAD_UNKNOWN, pagesRawSchema, type PagesParams, type PagesRaw, type PagesResult } from './schema.js';

const G = { total: 0, attrs: 1, load: 2, exit: 3, page: 4, stage: 5 } as const;
const AC = ['e.path', 'e.channel', 'e.device'];
const PV = ['e.path', 'e.load_ms'];

/** Stage count n > 0 adds the 'stage' groups (journey map: bounce of sessions touching a stage). */
export function pagesRawSql(filters: CompiledFilters, stages?: CompiledStages, n = 0): string {
  const sessions = narrowSessionsSql({
    filters,
    withEngagement: true,
    ...(stages ? { stagesSql: stages.maskSql } : {}),
    hashes: [
      ['ac', AC],
      ['pv', PV],
    ],
  });
  const g = (code: number, key: string) => `(toUInt8(${code}), toUInt64(${key}))`;
  const labels = `[${[...LOAD_LABELS].map((l) => `'${l}'`).join(', ')}]`;
  const stageGroups =
    stages && n > 0
      ? `arrayMap(k -> ${g(G.stage, 'k')}, arrayFilter(k -> bitTest(bitAnd(bitShiftRight(
           arrayReduce('groupBitOr', arrayFilter((p, k) -> k != 3, pl_, kd)), 10), ${2 ** n - 1}), k - 1), range(1, ${n + 1})))`
      : '[]';
  // quantileExact(level) over the page's timed views, from sorted (load_ms, views) pairs.
  const q = (num: number, den: number) => `if(timed = 0, 0, tupleElement(lc[arrayFirstIndex(c -> c > intDiv(timed * ${num}, ${den}), cs)], 1))`;
  return `
  SELECT dim, value, n, bounces, timed, ${q(1, 2)} AS p50, ${q(3, 4)} AS p75
  FROM (
    SELECT dim, value, n, bounces, lc, arrayCumSum(arrayMap(x -> tupleElement(x, 2), lc)) AS cs, cs[-1] AS timed
    FROM (
      SELECT tupleElement(pr, 1) AS dim, tupleElement(pr, 2) AS value, sum(a.n) AS n, sum(a.b) AS bounces,
        arraySort(groupArrayIf((pl.load, a.n), a.code = ${G.page} AND pl.load > 0)) AS lc
      FROM (
        SELECT tupleElement(g, 1) AS code, tupleElement(g, 2) AS key, count() AS n, countIf(bounce) AS b
        FROM (
          SELECT arrayMap(p -> bitAnd(p, 3), pl_) AS kd,
            countEqual(kd, 1) AS pv, countEqual(kd, 2) AS cu,
            arraySum(arrayMap(p -> bitShiftRight(p, 32), pl_)) AS engaged,
            NOT (pv >= 2 OR cu >= 1 OR engaged >= ${ENGAGED_SESSION_MS}) AS bounce,
            arrayConcat(
              [${g(G.total, '0')}, ${g(G.attrs, 'ac_[ei]')}, ${g(G.load, 'if(kd[ei] = 1, pv_[ei], 0)')}],
              if(pv > 0, [${g(G.exit, 'pv_[arrayLastIndex(k -> k = 1, kd)]')}], []),
              arrayMap(h -> ${g(G.page, 'h')}, arrayFilter((h, k) -> k = 1, pv_, kd)),
              ${stageGroups}) AS groups
          FROM (${narrowPassingSql(sessions, ['ac_', 'pv_'], filters)})
        )
        ARRAY JOIN groups AS g
        GROUP BY code, key
      ) AS a
      LEFT JOIN (
        SELECT h, tupleElement(label, 1) AS path, tupleElement(label, 2) AS load FROM (${labelsSql(PV, "('pageview')", `(${dimensionAnySql('entry_page')}, any(e.load_ms))`)})
      ) AS pl ON a.key = pl.h
      LEFT JOIN (${labelsSql(AC, "('pageview', 'event')", `[${(['entry_page', 'channel', 'device'] as const).map((d) => dimensionAnySql(d)).join(', ')}]`)}) AS la ON a.key = la.h
      ARRAY JOIN multiIf(
        a.code = ${G.total}, [('total', '')],
        a.code = ${G.attrs}, [('entry', la.label[1]), ('channel', la.label[2]), ('device', la.label[3])],
        a.code = ${G.load}, [('load', if(pl.load > 0, ${labels}[arrayCount(edge -> pl.load >= edge, [${LOAD_EDGES_MS.join(', ')}]) + 1], '${LOAD_UNKNOWN}'))],
        a.code = ${G.exit}, [('exit', pl.path)],
        a.code = ${G.page}, [('page', pl.path)],
        [('stage', toString(a.key))]) AS pr
      GROUP BY dim, value
    )
  )`;
}

export async function pagesRawFromSql(
  store: Store,
  site: SiteRef,
  p: PagesParams,
  stages?: { compiled: CompiledStages; n: number },
): Promise<PagesRaw[]> {
  const filters = compileFilters(p.filters);
  const params = { ...scopeParams(resolveScope(site, p)), ...filters.params, ...(stages?.compiled.params ?? {}) };
  return queryRows(store, pagesRawSql(filters, stages?.compiled, stages?.n ?? 0), params, pagesRawSchema);
}

export async function pagesSql(store: Store, site: SiteRef, p: PagesParams): Promise<PagesResult> {
  return finalizePages(await pagesRawFromSql(store, site, p), p);
}
