/**
 * The shared case suite: every hand-written case runs against the ClickHouse SQL (a real chdb
 * events table) and the TypeScript reference; both must agree exactly and show what the case
 * expects. Each case gets its own site id in one table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRow } from '../../collector/schema/event.js';
import type { Store } from '../../collector/storage/clickhouse.js';
import { changeCases } from './cases/change.js';
import { bounceChangeCases } from './cases/bounce-change.js';
import { dropoffCases } from './cases/dropoff.js';
import { funnelCases } from './cases/funnel.js';
import { overviewCases } from './cases/overview.js';
import { pagesCases } from './cases/pages.js';
import { pathsCases } from './cases/paths.js';
import { sourcesCases } from './cases/sources.js';
import { attributionCases } from './cases/attribution.js';
import { mapCases } from './cases/map.js';
import { peopleCases } from './cases/people.js';
import { customEventsCases } from './cases/custom-events.js';
import { retentionCases } from './cases/retention.js';
import type { AnalysisCase } from './cases/types.js';
import { runBoth, windowFunnelMismatches } from './harness.js';
import { insertRows, openAnalysisStore } from './helpers.js';

const suites: [string, AnalysisCase[]][] = [
  ['overview', overviewCases],
  ['bounce_change', bounceChangeCases],
  ['funnel', funnelCases],
  ['change', changeCases],
  ['dropoff', dropoffCases],
  ['paths', pathsCases],
  ['pages', pagesCases],
  ['custom_events', customEventsCases],
  ['retention', retentionCases],
  ['sources', sourcesCases],
  ['attribution', attributionCases],
  ['map', mapCases],
  ['people', peopleCases],
];
const all = suites.flatMap(([, cs]) => cs);
const siteOf = (c: AnalysisCase) => ({ id: `case-${all.indexOf(c)}`, timezone: c.timezone ?? 'UTC' });
const rowsOf = new Map<AnalysisCase, EventRow[]>(all.map((c) => [c, c.events.map((e) => ({ ...e, site_id: siteOf(c).id }))]));

let store: Store;
beforeAll(async () => {
  store = await openAnalysisStore();
  // Stored newest-first, so nothing relies on insertion order.
  await insertRows(store, [...rowsOf.values()].flat().reverse());
});
afterAll(async () => store?.close());

for (const [name, cases] of suites) {
  describe(name, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const rows = rowsOf.get(c)!;
        const { sql, ref } = await runBoth(store, rows, siteOf(c), c.analysis, c.params);
        expect(sql).toEqual(ref);
        expect(ref).toMatchObject(c.expect);
        if (c.analysis === 'funnel') {
          const check = await windowFunnelMismatches(store, siteOf(c), c.params);
          expect(check.mismatches).toBe(0);
        }
      });
    }
  });
}
