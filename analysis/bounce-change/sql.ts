/** The bounce rate's change in ClickHouse: the overview's session groups (overview/sql.ts: total and entry values only), once per period. */
import type { Store } from '../../collector/storage/clickhouse.js';
import { comparedPeriods } from '../common/baseline.js';
import { compileFilters } from '../common/filters.js';
import { resolveScope, scopeParams, type SiteRef } from '../common/params.js';
import { queryRows } from '../common/query.js';
import { overviewGroupsSql } from '../overview/sql.js';
import { overviewGroupSchema } from '../overview/schema.js';
import { finalizeBounceChange } from './finalize.js';
import type { BounceChangeParams, BounceChangeResult } from './schema.js';

export async function bounceChangeSql(store: Store, site: SiteRef, p: BounceChangeParams): Promise<BounceChangeResult> {
  const periods = comparedPeriods(p);
  const filters = compileFilters(p.filters);
  const run = (period: { from: string; to: string }) => {
    const scope = resolveScope(site, { ...p, ...period });
    return queryRows(store, overviewGroupsSql(filters, 'day', 'sessions'), { ...scopeParams(scope), ...filters.params }, overviewGroupSchema);
  };
  const [current, baseline] = await Promise.all([run(periods.current), run(periods.baseline)]);
  return finalizeBounceChange(periods, p.by, current, baseline, p.drivers);
}
