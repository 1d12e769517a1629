/**
 * Work that must see every acknowledged event in the store (an import skipping what is stored,
 * deleting a site or a visitor) first ships the log up to now: rows still in the log would
 * otherwise be missed, or be stored after the delete.
 */
import { ApiError } from '../http/errors.js';
import { REFUSED_RETRY_AFTER_S } from './wal.js';
import type { BatchWriter } from './writer.js';

const SHIP_WAIT_MS = 30_000;

/** The store cannot take the log's rows now (down, refusing inserts, or not prepared yet): retry later. */
export class StoreUnavailableError extends ApiError {
  constructor(message: string) {
    super(503, 'store_unavailable', message, undefined, { 'Retry-After': String(REFUSED_RETRY_AFTER_S) });
  }
}

/**
 * Runs such work so that a failing store reaches the client as ClickHouse's own words in a 503,
 * not as a bare 500 (a server down after the log was shipped, a disk full under a backup).
 */
export async function storeWork<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new StoreUnavailableError(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Ships every row acknowledged so far; `consequence` tells the caller's client what did not happen. */
export async function shipLogged(writer: BatchWriter, consequence: string): Promise<void> {
  if (!(await writer.shipAcknowledged(SHIP_WAIT_MS))) {
    throw new StoreUnavailableError(`ClickHouse is not taking inserts now (${writer.lastError ?? 'not reached since start-up'}); ${consequence}`);
  }
}
