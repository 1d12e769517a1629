/**
 * The only place that creates ClickHouse clients. Same client API and SQL for both transports:
 * embedded chdb (one process per data directory) or a ClickHouse server over HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { Session, drainPending } from 'chdb';
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

/**
 * Only for the embedded engine, whose version ships with us (a server older than 24.x would reject
 * an unknown setting). Two analyzer passes that never change a result but cost the journey
 * analyses' deep queries much of their planning time, at any data size (the demo site's
 * drop-off query spent ~70 ms of ~170 in the first, sources ~50 of ~210 in the second):
 * optimize_and_compare_chain adds comparisons implied by `a < b AND b < c` chains (lambda bodies,
 * -If conditions); optimize_aggregators_of_group_by_keys looks for aggregates of GROUP BY keys.
 */
const EMBEDDED_SETTINGS: ClickHouseSettings = { optimize_and_compare_chain: 0, optimize_aggregators_of_group_by_keys: 0 };

/**
 * Linux nice value of the embedded engine's work: merges, the writer's inserts and analysis
 * queries. They share the cores with the HTTP path, and an insert, a merge or an analysis briefly
 * takes both. Lower priority lets a request's work run first, so a burst of engine work waits
 * instead of the requests; 10 (not 19) still gives it a tenth of a busy core, so merges keep up.
 * Analyses at 10 against 0, 6,000 events/s with one dashboard request always in flight (medians
 * of 6 runs each): ingestion p50 3.1 ms against 4.3, p99 27 ms against 46, for ~12 % fewer
 * analyses answered meanwhile. Only effective where the process may lower its threads' priority
 * (CAP_SYS_NICE); elsewhere ClickHouse ignores it.
 */
const ENGINE_NICE = 10;

/**
 * Bounds on one analysis (read) query, 0 = none: memory it may use, memory past which its GROUP BY
 * and ORDER BY spill to disk, and seconds it may run. A year of a busy site in the embedded engine
 * shares the process, and the cores, with ingestion; without a bound one dashboard click could take
 * the machine's memory. Measured at 10 M events: the journey analyses peak at 1.6–2.2 GB of RSS;
 * with 800 MB (spilling past 300 MB) they peak at ~0.6–0.75 GB, give the same answers, and take up to
 * ~1.5× as long.
 */
export interface QueryLimits {
  memoryBytes: number;
  spillBytes: number;
  timeoutS: number;
}
export const NO_QUERY_LIMITS: QueryLimits = { memoryBytes: 0, spillBytes: 0, timeoutS: 0 };

export type Store = ClickHouseClient;
type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

/** Creates a client; nothing is sent yet, so this succeeds while a server is down. */
export async function openStore(cfg: Config['clickhouse'], limits: QueryLimits = NO_QUERY_LIMITS): Promise<Store> {
  const client = await createStore(cfg, limits);
  readLimits.set(client, limits);
  return client;
}

async function createStore(cfg: Config['clickhouse'], limits: QueryLimits): Promise<Store> {
  if (cfg.kind === 'embedded') {
    fs.mkdirSync(cfg.path, { recursive: true });
    // Server settings of the embedded engine are start-up arguments, which createChdbConnection
    // cannot pass: a first session starts the engine with them, and the client's connection
    // shares that engine (one per process and data directory) after the session is closed.
    // Spilled GROUP BY / sort data goes to the data dir (the engine's default is
    // /var/lib/clickhouse/tmp, which may not be writable or may be a small disk).
    // BACKUP and RESTORE read and write only below backups.allowed_path (backup.ts).
    const backups = cfg.backupDir ? [`--backups.allowed_path=${cfg.backupDir}/`] : [];
    const engine = new Session(cfg.path, {
      connectionArgs: [`--os_threads_nice_value_merge_mutate=${ENGINE_NICE}`, `--tmp_path=${path.join(path.resolve(cfg.path), 'tmp')}/`, ...backups],
    });
    const chdb = closesAfterItsWork(createChdbConnection({ path: cfg.path }));
    engine.close();
    // chdb implements @clickhouse/client-common's Connection; the client bundles its own copy of
    // those declarations, which TypeScript sees as distinct types. Same shape, so bridge them here.
    const client = createClient({ connection: chdb as unknown as ClientConnection, clickhouse_settings: { ...SETTINGS, ...EMBEDDED_SETTINGS } });
    embedded.set(client, chdb);
    return client;
  }
  // The HTTP request outlives the server's own time limit for an analysis query, so a slow query
  // ends with ClickHouse's timeout error rather than a dropped connection.
  const requestTimeout = limits.timeoutS > 0 ? Math.max(30, limits.timeoutS + 30) * 1000 : 86_400_000;
  return createClient({ ...serverOptions(cfg), database: cfg.database, request_timeout: requestTimeout });
}

type ChdbConnection = ReturnType<typeof createChdbConnection>;

/**
 * Makes closing an embedded connection wait until the engine has finished the work it had started,
 * and drop what had not started. chdb's own close() only defers the connection's teardown behind
 * running work and returns at once; a process that exits then (the CLI after an analysis failed,
 * the server after SIGTERM during a dashboard query) runs libchdb's exit handlers under the
 * engine's working threads: a segfault or a hang at exit, seen ~1 in 50 `waymark report` runs
 * whose overview hit its memory limit while its sibling query ran. Statements still queued
 * (parameterized ones run one at a time in the process) are cancelled, so a shutdown waits for
 * at most the one running query, not for every dashboard view queued behind it.
 */
function closesAfterItsWork(conn: ChdbConnection): ChdbConnection {
  const closing = new AbortController();
  /** Runs `call` with a signal that fires on the caller's abort or on close, whichever comes first. */
  const cancellable = <P extends { abort_signal?: AbortSignal }, R>(call: (p: P) => Promise<R>) => (p: P): Promise<R> => {
    const own = p.abort_signal;
    if (!own) return call({ ...p, abort_signal: closing.signal });
    // Not AbortSignal.any: in Node 20 a signal combined with a long-lived one (closing) is never
    // collected, ~2 KB per query for the life of the process.
    const both = new AbortController();
    const abort = () => both.abort();
    if (own.aborted || closing.signal.aborted) abort();
    own.addEventListener('abort', abort);
    closing.signal.addEventListener('abort', abort);
    return call({ ...p, abort_signal: both.signal }).finally(() => {
      own.removeEventListener('abort', abort);
      closing.signal.removeEventListener('abort', abort);
    });
  };
  const close = conn.close.bind(conn);
  conn.query = cancellable(conn.query.bind(conn));
  conn.exec = cancellable(conn.exec.bind(conn));
  conn.command = cancellable(conn.command.bind(conn));
  conn.close = async () => {
    closing.abort();
    await close();
    await drainPending(); // the work already running, then the connection's deferred teardown
  };
  return conn;
}

const readLimits = new WeakMap<Store, QueryLimits>();

/** The limits a store was opened with, for analysis queries and their error messages. */
export function queryLimitsOf(store: Store): QueryLimits {
  return readLimits.get(store) ?? NO_QUERY_LIMITS;
}

/**
 * The `SETTINGS …` clause of one analysis query: its limits, and in the embedded engine its
 * priority ('' when there is neither). In the query text, not the client's per-query settings,
 * which chdb would keep for every later query.
 */
export function readSettingsSql(store: Store): string {
  const l = queryLimitsOf(store);
  const s: string[] = [];
  if (l.memoryBytes > 0) s.push(`max_memory_usage = ${l.memoryBytes}`);
  if (l.spillBytes > 0) s.push(`max_bytes_before_external_group_by = ${l.spillBytes}`, `max_bytes_before_external_sort = ${l.spillBytes}`);
  if (l.timeoutS > 0) s.push(`max_execution_time = ${l.timeoutS}`);
  // The setting is newer than some servers a CLICKHOUSE_URL may point at; the embedded engine has it.
  if (embedded.has(store)) s.push(`os_threads_nice_value_query = ${ENGINE_NICE}`);
  return s.length ? `\nSETTINGS ${s.join(', ')}` : '';
}

/** Embedded clients and their chdb connection, for the zero-copy insert path. */
const embedded = new WeakMap<Store, ReturnType<typeof createChdbConnection>>();

/** A line format chdb can insert zero-copy, the columns its lines hold in order, and insert settings. */
export interface LineFormat {
  format: 'JSONCompactEachRow';
  columns: readonly string[];
  settings: Record<string, string | number>;
}

/**
 * Inserts line-format bytes as they are. On chdb the Buffer goes to the engine zero-copy
 * (the client's insert would turn a 10 MB batch into strings on the event loop), at
 * ENGINE_NICE; on a server it is streamed. Settings travel inside the INSERT (`SETTINGS …`),
 * so they never stick to a session. Column names come from code (EVENT_COLUMNS), never from input.
 */
export async function insertLines(store: Store, table: string, body: Buffer, lines: LineFormat, settings: Record<string, string | number>): Promise<void> {
  const chdb = embedded.get(store);
  const all = { ...lines.settings, ...settings };
  if (chdb) {
    await chdb.chdb.rawInsert({ table, values: body, format: lines.format, columns: lines.columns, settings: { ...all, os_threads_nice_value_query: ENGINE_NICE } });
    return;
  }
  const query = `INSERT INTO ${table} (${lines.columns.join(', ')}) FORMAT ${lines.format}`;
  const result = await store.exec({ query, values: Readable.from([body]), clickhouse_settings: all });
  result.stream.resume(); // nothing to read; let the response end
  await new Promise<void>((resolve, reject) => result.stream.on('end', resolve).on('error', reject).on('close', resolve));
}

/**
 * The engine's error code of a failed query or insert, on either transport: the client's
 * ClickHouseError (a server) carries it as the string `code`, chdb's errors as the number
 * `clickhouseCode` (their own `code` names the kind of call, e.g. CHDB_INSERT). Null otherwise.
 */
export function clickHouseErrorCode(err: unknown): number | null {
  const e = err as { code?: unknown; clickhouseCode?: unknown } | null;
  if (typeof e?.clickhouseCode === 'number') return e.clickhouseCode;
  return typeof e?.code === 'string' && /^\d+$/.test(e.code) ? Number(e.code) : null;
}

/** Rows of one of our tables, optionally those matching `where` (fixed SQL; values as parameters). */
export async function countRows(store: Store, table: string, where = '', params: Record<string, unknown> = {}): Promise<number> {
  const rs = await store.query({ query: `SELECT count() AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`, query_params: params, format: 'JSONEachRow' });
  return Number(((await rs.json()) as { n: number | string }[])[0]?.n ?? 0);
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
