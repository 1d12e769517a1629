/**
 * What changed, in ClickHouse: the funnel's own query (funnel/sql.ts) per period and dimension,
 * every segment kept, then finalize.ts. No SQL of its own, so it cannot drift from the funnel.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { resolveScope, type SiteRef } from '../common/params.js';
import { funnelRawFromSql, funnelOptions } from '../funnel/sql.js';
import { finalizeChange } from './finalize.js';
import { changePeriods, periodFunnel } from './periods.js';
import type { ChangeParams, ChangeResult } from './schema.js';

export async function changeSql(store: Store, site: SiteRef, p: ChangeParams): Promise<ChangeResult> {
  const periods = changePeriods(p);
  const run = (period: { from: string; to: string }) =>
    Promise.all(
      p.by.map((by) => {
        const fp = periodFunnel(p, period, by);
        return funnelRawFromSql(store, resolveScope(site, fp), funnelOptions(fp));
      }),
    );
  const [current, baseline] = await Promise.all([run(periods.current), run(periods.baseline)]);
  return finalizeChange(p.journey, p.journey.scope, periods, p.by, { current, baseline }, p.drivers);
}
