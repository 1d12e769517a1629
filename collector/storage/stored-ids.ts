/**
 * Which events of an import are already stored, so sending an import again stores nothing twice.
 * The events table cannot refuse a second copy itself: its sort key is built for paths, not
 * for event ids (migration 001), and a ReplacingMergeTree would only merge copies some time later.
 */
import { z } from 'zod';
import type { Store } from './clickhouse.js';
import { shipLogged, storeWork } from './log-barrier.js';
import type { BatchWriter } from './writer.js';

/** An event to look for: its site, id and time (ms) — the time bounds the scan to its days. */
export interface EventKey {
  site: string;
  id: string;
  ts: number;
}

const row = z.object({ site_id: z.string(), id: z.string() });

export class StoredIds {
  constructor(
    private readonly store: Store,
    private readonly writer: BatchWriter,
  ) {}

  /**
   * The keys (`site id`) of those events already stored. Rows acknowledged but still in the log
   * (a first attempt moments ago, or one a crash left for the replay) are shipped first, so the
   * store sees every event that was ever acknowledged.
   */
  async of(events: readonly EventKey[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    await shipLogged(this.writer, 'an import needs it to skip the events already stored; nothing was imported');
    let from = Infinity;
    let to = -Infinity;
    for (const e of events) {
      from = Math.min(from, e.ts);
      to = Math.max(to, e.ts);
    }
    return storeWork('reading which events are already stored', async () => {
      const rs = await this.store.query({
        query: `SELECT DISTINCT site_id, toString(event_id) AS id FROM events
                WHERE site_id IN {sites:Array(String)}
                  AND ts BETWEEN fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND fromUnixTimestamp64Milli({to:Int64}, 'UTC')
                  AND event_id IN {ids:Array(UUID)}`,
        query_params: { sites: [...new Set(events.map((e) => e.site))], from, to, ids: events.map((e) => e.id) },
        format: 'JSONEachRow',
      });
      return new Set(z.array(row).parse(await rs.json()).map((r) => key(r.site_id, r.id)));
    });
  }
}

export const key = (site: string, id: string) => `${site} ${id}`;
