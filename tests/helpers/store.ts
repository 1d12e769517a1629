/**
 * For tests of the storage layer against real embedded ClickHouse: one migrated store per test
 * file, in a temp dir, and event rows as the collector stores them.
 */
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { EventRow } from '../../collector/schema/event.js';
import { openStore, type Store } from '../../collector/storage/clickhouse.js';
import { migrate } from '../../collector/storage/migrator.js';
import { toClickHouseTime } from '../../collector/storage/time.js';
import { tempDir } from './server.js';

/** Opens the store before the file's tests and closes it after them; `store` is set in between. */
export function useMigratedStore(): { readonly store: Store; dir: string } {
  const dir = tempDir();
  let store: Store | undefined;
  beforeAll(async () => {
    store = await openStore({ kind: 'embedded', path: path.join(dir, 'ch') });
    await migrate(store);
  });
  afterAll(() => store?.close());
  return {
    dir,
    get store() {
      if (!store) throw new Error('the store opens in beforeAll');
      return store;
    },
  };
}

/** Row `i` of a site: its own time, visitor, path and load time (to sort by); some revenue and props. */
export const eventRow = (site: string, i: number): EventRow => ({
  site_id: site, ts: toClickHouseTime(1_700_000_000_000 + i), event_id: crypto.randomUUID(), visitor_id: `v${i}`, user_id: '',
  type: 'pageview', name: '', path: `/p${i}`, hostname: 'shop.example', query: '', title: 'P "é"', referrer: '', referrer_domain: '',
  channel: 'Direct', utm_source: '', utm_medium: '', utm_campaign: '', utm_term: '', utm_content: '', click_id_type: '',
  device: 'desktop', browser: 'Chrome', os: 'Linux', country: 'DE', language: 'de', screen_class: 'desktop',
  engaged_ms: 0, load_ms: i, revenue: i % 2 ? 9.5 : null, props: i % 3 ? {} : { sku: `s${i}` },
});
