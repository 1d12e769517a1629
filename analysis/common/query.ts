/**
 * Runs one analysis query: values only as {name:Type} parameters, never per-query settings (they
 * stick on the chdb connection), every row parsed with zod. The store's query limits travel in the
 * query text; hitting one is a 503 that says what to change, not an opaque 500.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';
import { clickHouseErrorCode, queryLimitsOf, readSettingsSql, type Store } from '../../collector/storage/clickhouse.js';
import { ApiError } from '../../collector/http/errors.js';

const requestSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `fn` with `signal` (a request's: aborted when its client goes away) as the cancel signal of
 * every analysis query it starts. The embedded engine runs parameterized queries one at a time per
 * process; a query still waiting its turn when the signal fires is then never run, so a dashboard
 * user clicking on from a slow view does not leave a queue of answers nobody reads in front of the
 * next one. (A query already running finishes in the background: chdb cannot interrupt it.)
 */
export function cancelledBy<T>(signal: AbortSignal, fn: () => T): T {
  return requestSignal.run(signal, fn);
}

export async function queryRows<S extends z.ZodType>(
  store: Store,
  query: string,
  params: Record<string, unknown>,
  row: S,
): Promise<z.infer<S>[]> {
  const signal = requestSignal.getStore();
  try {
    const rs = await store.query({ query: query + readSettingsSql(store), query_params: params, format: 'JSONEachRow', abort_signal: signal });
    return z.array(row).parse(await rs.json());
  } catch (err) {
    if (signal?.aborted) throw new ApiError(503, 'cancelled', 'the request was cancelled');
    throw limitError(store, err) ?? err;
  }
}

/** ClickHouse error codes of a query stopped by a limit. */
const MEMORY_LIMIT_EXCEEDED = 241;
const TIMEOUT_EXCEEDED = 159;
const TOO_SLOW = 160;

function limitError(store: Store, err: unknown): ApiError | null {
  const code = clickHouseErrorCode(err);
  const is = (...c: number[]) => code !== null && c.includes(code);
  const limits = queryLimitsOf(store);
  const hint = 'Choose a shorter date range, or raise';
  if (is(MEMORY_LIMIT_EXCEEDED)) {
    const mb = limits.memoryBytes > 0 ? `the ${Math.round(limits.memoryBytes / 1024 ** 2)} MB one query may use` : "the engine's memory";
    return new ApiError(503, 'analysis_too_large', `This analysis needs more than ${mb}. ${hint} WAYMARK_QUERY_MEMORY_MB.`);
  }
  if (is(TIMEOUT_EXCEEDED, TOO_SLOW)) {
    const s = limits.timeoutS > 0 ? `the ${limits.timeoutS} s one query may run` : "the engine's time limit";
    return new ApiError(503, 'analysis_timeout', `This analysis takes longer than ${s}. ${hint} WAYMARK_QUERY_TIMEOUT_S.`);
  }
  return null;
}
