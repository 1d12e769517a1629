/**
 * Runs one analysis query: values only as {name:Type} parameters, never per-query settings (they
 * stick on the chdb connection), every row parsed with zod.
 */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';

export async function queryRows<S extends z.ZodType>(
  store: Store,
  query: string,
  params: Record<string, unknown>,
  row: S,
): Promise<z.infer<S>[]> {
  const rs = await store.query({ query, query_params: params, format: 'JSONEachRow' });
  return z.array(row).parse(await rs.json());
}
