/**
 * How long events are kept (WAYMARK_RETENTION_DAYS): a TTL on the events table, so ClickHouse
 * deletes what is older itself, in its background merges, with nothing for Waymark to schedule.
 * Setting or changing it also applies to the events already stored (ClickHouse materializes a
 * new TTL at once); 0 removes it. Privacy law asks for data to be kept no longer than needed,
 * and a shop's history then stops growing without bound.
 *
 * The TTL belongs to the table: collectors sharing one ClickHouse server should agree on it,
 * or the last one started wins (each says in its log what it changed).
 */
import type { Logger } from 'pino';
import type { Store } from './clickhouse.js';

/** The TTL clause ClickHouse reports for a retention of `days` (as it formats it back). */
const ttlOf = (days: number) => `toDateTime(ts) + toIntervalDay(${days})`;

export async function applyRetention(store: Store, days: number, log: Logger): Promise<void> {
  const rs = await store.query({
    query: "SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = 'events'",
    format: 'JSONEachRow',
  });
  const full = ((await rs.json()) as { engine_full: string }[])[0]?.engine_full ?? '';
  const current = / TTL (.*?)(?: SETTINGS |$)/.exec(full)?.[1] ?? '';
  const wanted = days > 0 ? ttlOf(days) : '';
  if (current === wanted) return;
  // `days` is a validated whole number from the config, not a request's value; DDL takes no parameters.
  if (wanted) await store.command({ query: `ALTER TABLE events MODIFY TTL ${wanted}` });
  else await store.command({ query: 'ALTER TABLE events REMOVE TTL' });
  log.info({ was: current || 'none', now: wanted || 'none' }, days > 0 ? `retention: events older than ${days} days are deleted` : 'retention: events are kept for good');
}
