/**
 * Deleting events for good (a site, one person): an ALTER … DELETE that rewrites the parts
 * holding them, waited for (mutations_sync = 2), so when the answer comes the rows are gone from
 * disk, not merely hidden. Callers ship the log first (log-barrier.ts).
 */
import { ApiError } from '../http/errors.js';
import type { Store } from './clickhouse.js';
import { REFUSED_RETRY_AFTER_S } from './wal.js';

/** `where` is fixed SQL of the caller's; every value in it is a parameter. */
export async function deleteEvents(store: Store, where: string, params: Record<string, unknown>): Promise<void> {
  try {
    await store.command({
      // In the text, not as a client setting, which the embedded engine would keep for later queries.
      query: `ALTER TABLE events DELETE WHERE ${where} SETTINGS mutations_sync = 2`,
      query_params: params,
    });
  } catch (err) {
    // A server's HTTP request can end (its timeout) while ClickHouse goes on deleting: the same
    // request again finds what is left, and deletes that.
    throw new ApiError(
      503,
      'deletion_unfinished',
      `ClickHouse did not confirm the deletion (${err instanceof Error ? err.message : String(err)}); it may still be running: send the same request again to finish it`,
      undefined,
      { 'Retry-After': String(REFUSED_RETRY_AFTER_S) },
    );
  }
}
