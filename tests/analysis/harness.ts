/**
 * Runs one analysis both ways — ClickHouse SQL over the real events table, and the TypeScript
 * reference over the same rows — so every test can demand they agree exactly.
 */
import type { EventRow } from '../../collector/schema/event.js';
import type { Store } from '../../collector/storage/clickhouse.js';
import type { SiteRef } from '../../analysis/common/params.js';
import { scopeParams, resolveScope } from '../../analysis/common/params.js';
import { queryRows } from '../../analysis/common/query.js';
import { dropoffReference } from '../../analysis/dropoff/reference.js';
import { dropoffParamsSchema } from '../../analysis/dropoff/schema.js';
import { dropoffSql } from '../../analysis/dropoff/sql.js';
import { funnelCoreParams, verifySql } from '../../analysis/funnel/core-sql.js';
import { funnelReference } from '../../analysis/funnel/reference.js';
import { funnelParamsSchema } from '../../analysis/funnel/schema.js';
import { funnelOptions, funnelSql } from '../../analysis/funnel/sql.js';
import { overviewReference } from '../../analysis/overview/reference.js';
import { overviewParamsSchema } from '../../analysis/overview/schema.js';
import { overviewSql } from '../../analysis/overview/sql.js';
import { z } from 'zod';

export type AnalysisName = 'overview' | 'funnel' | 'dropoff';

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
  switch (analysis) {
    case 'overview': {
      const p = overviewParamsSchema.parse(input);
      return { sql: await overviewSql(store, site, p, CLOCK), ref: overviewReference(rows, site, p, CLOCK) };
    }
    case 'funnel': {
      const p = funnelParamsSchema.parse(input);
      return { sql: await funnelSql(store, site, p), ref: funnelReference(rows, site, p) };
    }
    case 'dropoff': {
      const p = dropoffParamsSchema.parse(input);
      return { sql: await dropoffSql(store, site, p), ref: dropoffReference(rows, site, p) };
    }
  }
}

/** Units where the arrayFold chain's level differs from ClickHouse's own windowFunnel. */
export async function windowFunnelMismatches(store: Store, site: SiteRef, input: unknown): Promise<{ units: number; mismatches: number }> {
  const p = funnelParamsSchema.parse(input);
  const o = funnelOptions(p);
  const [row] = await queryRows(
    store,
    verifySql(o),
    { ...scopeParams(resolveScope(site, p)), ...funnelCoreParams(o) },
    z.object({ units: z.number(), mismatches: z.number() }),
  );
  return row!;
}
