/**
 * The only place that creates ClickHouse clients. Same client API and SQL for both transports:
 * embedded chdb (one process per data directory) or a ClickHouse server over HTTP.
 */
import fs from 'node:fs';
import { createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import type { Config } from '../config.js';

/**
 * Set once on the client: chdb makes per-query settings stick to the session, so per-query
 * overrides would leak into later queries. 64-bit integers come back as JSON numbers on both
 * transports (chdb and a server disagree by default), and rows are parsed with zod anyway.
 */
const SETTINGS: ClickHouseSettings = {
  output_format_json_quote_64bit_integers: 0,
  date_time_input_format: 'best_effort',
  output_format_json_escape_forward_slashes: 0,
};

export type Store = ClickHouseClient;
type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

/** Creates a client; nothing is sent yet, so this succeeds while a server is down. */
export async function openStore(cfg: Config['clickhouse']): Promise<Store> {
  if (cfg.kind === 'embedded') {
    fs.mkdirSync(cfg.path, { recursive: true });
    // chdb implements @clickhouse/client-common's Connection; the client bundles its own copy of
    // those declarations, which TypeScript sees as distinct types. Same shape, so bridge them here.
    const connection = createChdbConnection({ path: cfg.path }) as unknown as ClientConnection;
    return createClient({ connection, clickhouse_settings: SETTINGS });
  }
  return createClient({ ...serverOptions(cfg), database: cfg.database, request_timeout: 30_000 });
}

/** On a server, the configured database must exist before tables can be created in it. */
export async function ensureDatabase(cfg: Config['clickhouse']): Promise<void> {
  if (cfg.kind !== 'server' || cfg.database === 'default') return;
  const admin = createClient(serverOptions(cfg));
  try {
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${cfg.database}` }); // identifier validated by config
  } finally {
    await admin.close();
  }
}

function serverOptions(cfg: Extract<Config['clickhouse'], { kind: 'server' }>) {
  return { url: cfg.url, username: cfg.username, password: cfg.password, clickhouse_settings: SETTINGS };
}
