/**
 * Runs one analysis both ways — ClickHouse SQL over the real events table, and the TypeScript
 * reference over the same rows — so every test can demand they agree exactly.
 */
import type { EventRow } from '../../collector/schema/event.js';
import type { Store } from '../../collector/storage/clickhouse.js';
import type { SiteRef } from '../../analysis/common/params.js';
import { scopeParams, resolveScope } from '../../analysis/common/params.js';
import { queryRows } from '../../analysis/common/query.js';
import { changeReference } from '../../analysis/change/reference.js';
import { changeParamsSchema } from '../../analysis/change/schema.js';
import { changeSql } from '../../analysis/change/sql.js';
import { bounceChangeReference } from '../../analysis/bounce-change/reference.js';
import { bounceChangeParamsSchema } from '../../analysis/bounce-change/schema.js';
import { bounceChangeSql } from '../../analysis/bounce-change/sql.js';
import { dropoffReference } from '../../analysis/dropoff/reference.js';
import { dropoffParamsSchema } from '../../analysis/dropoff/schema.js';
import { dropoffSql } from '../../analysis/dropoff/sql.js';
import { funnelCoreParams, verifySql } from '../../analysis/funnel/core-sql.js';
import { stageEventsApply, verifyStageEventsSql } from '../../analysis/funnel/stage-events-sql.js';
import { funnelReference } from '../../analysis/funnel/reference.js';
import { funnelParamsSchema } from '../../analysis/funnel/schema.js';
import { funnelOptions, funnelSql } from '../../analysis/funnel/sql.js';
import { overviewReference } from '../../analysis/overview/reference.js';
import { overviewParamsSchema } from '../../analysis/overview/schema.js';
import { overviewSql } from '../../analysis/overview/sql.js';
import { pathsReference } from '../../analysis/paths/reference.js';
import { pathsParamsSchema } from '../../analysis/paths/schema.js';
import { pathsSql } from '../../analysis/paths/sql.js';
import { pagesReference } from '../../analysis/pages/reference.js';
import { pagesParamsSchema } from '../../analysis/pages/schema.js';
import { pagesSql } from '../../analysis/pages/sql.js';
import { sourcesReference } from '../../analysis/sources/reference.js';
import { sourcesParamsSchema } from '../../analysis/sources/schema.js';
import { sourcesSql } from '../../analysis/sources/sql.js';
import { attributionReference } from '../../analysis/attribution/reference.js';
import { attributionParamsSchema } from '../../analysis/attribution/schema.js';
import { attributionSql } from '../../analysis/attribution/sql.js';
import { mapReference } from '../../analysis/map/reference.js';
import { mapParamsSchema } from '../../analysis/map/schema.js';
import { mapSql } from '../../analysis/map/sql.js';
import { visitorReference } from '../../analysis/visitor/reference.js';
import { visitorParamsSchema } from '../../analysis/visitor/schema.js';
import { visitorSql } from '../../analysis/visitor/sql.js';
import { visitorsReference } from '../../analysis/visitors/reference.js';
import { visitorsParamsSchema } from '../../analysis/visitors/schema.js';
import { visitorsSql } from '../../analysis/visitors/sql.js';
import { customEventsReference } from '../../analysis/custom-events/reference.js';
import { customEventsParamsSchema } from '../../analysis/custom-events/schema.js';
import { customEventsSql } from '../../analysis/custom-events/sql.js';
import { retentionReference } from '../../analysis/retention/reference.js';
import { retentionParamsSchema } from '../../analysis/retention/schema.js';
import { retentionSql } from '../../analysis/retention/sql.js';
import { z } from 'zod';

export type AnalysisName = 'overview' | 'bounce_change' | 'funnel' | 'change' | 'dropoff' | 'paths' | 'pages' | 'custom_events' | 'retention' | 'sources' | 'attribution' | 'map' | 'visitors' | 'visitor';

/** A fixed "wall clock" so default ranges and realtime never depend on when tests run. */
export const CLOCK = Date.UTC(2026, 0, 6, 12, 0, 0);

export interface BothResults {
  sql: unknown;
  ref: unknown;
}

export async function runBoth(
  store: Store,
  rows: readonly EventRow[],
  site: SiteRef,
  analysis: AnalysisName,
  input: unknown,
): Promise<BothResults> {
  const { sql, ref } = ANALYSES[analysis];
  return { sql: await sql(store, site, input), ref: ref(rows, site, input) };
}

/** The SQL side alone (e.g. to compare two stores' answers on data too big for the references). */
export function runSql(store: Store, site: SiteRef, analysis: AnalysisName, input: unknown): Promise<unknown> {
  return ANALYSES[analysis].sql(store, site, input);
}

interface Both {
  sql(store: Store, site: SiteRef, input: unknown): Promise<unknown>;
  ref(rows: readonly EventRow[], site: SiteRef, input: unknown): unknown;
}

/** Each analysis: its params schema applied to the input, then the SQL or the reference. */
function both<P>(
  schema: { parse(input: unknown): P },
  sql: (store: Store, site: SiteRef, p: P) => Promise<unknown>,
  ref: (rows: readonly EventRow[], site: SiteRef, p: P) => unknown,
): Both {
  return { sql: (store, site, input) => sql(store, site, schema.parse(input)), ref: (rows, site, input) => ref(rows, site, schema.parse(input)) };
}

const ANALYSES: Record<AnalysisName, Both> = {
  overview: both(overviewParamsSchema, (store, site, p) => overviewSql(store, site, p, CLOCK), (rows, site, p) => overviewReference(rows, site, p, CLOCK)),
  bounce_change: both(bounceChangeParamsSchema, bounceChangeSql, bounceChangeReference),
  funnel: both(funnelParamsSchema, funnelSql, funnelReference),
  change: both(changeParamsSchema, changeSql, changeReference),
  dropoff: both(dropoffParamsSchema, dropoffSql, dropoffReference),
  paths: both(pathsParamsSchema, pathsSql, pathsReference),
  pages: both(pagesParamsSchema, pagesSql, pagesReference),
  custom_events: both(customEventsParamsSchema, customEventsSql, customEventsReference),
  retention: both(retentionParamsSchema, (store, site, p) => retentionSql(store, site, p, CLOCK), (rows, site, p) => retentionReference(rows, site, p, CLOCK)),
  sources: both(sourcesParamsSchema, sourcesSql, sourcesReference),
  attribution: both(attributionParamsSchema, attributionSql, attributionReference),
  map: both(mapParamsSchema, mapSql, mapReference),
  visitors: both(visitorsParamsSchema, visitorsSql, visitorsReference),
  visitor: both(visitorParamsSchema, visitorSql, visitorReference),
};

/**
 * Units where a chain's level differs from ClickHouse's own windowFunnel: the arrayFold and
 * narrow skeletons, and the stage-events funnel where it applies.
 */
export async function windowFunnelMismatches(store: Store, site: SiteRef, input: unknown): Promise<{ units: number; mismatches: number }> {
  const p = funnelParamsSchema.parse(input);
  const o = funnelOptions(p);
  const params = { ...scopeParams(resolveScope(site, p)), ...funnelCoreParams(o) };
  const schema = z.object({ units: z.number(), mismatches: z.number() });
  const queries = [verifySql(o), ...(stageEventsApply(o) ? [verifyStageEventsSql(o)] : [])];
  const rows = await Promise.all(queries.map(async (q) => (await queryRows(store, q, params, schema))[0]!));
  return { units: rows[0]!.units, mismatches: rows.reduce((m, r) => m + r.mismatches, 0) };
}
