/**
 * The only place that reads process.env. Everything else receives a Config.
 * A bad value stops start-up with a message naming the variable.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { QueryLimits } from './storage/clickhouse.js';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Each variable, its default and what it means; README's configuration table follows this list. */
const envSchema = z.object({
  PORT: int(0, 65535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  WAYMARK_DATA_DIR: z.string().min(1).default('./data'),
  WAYMARK_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  CLICKHOUSE_URL: z.url().optional(),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a plain identifier').default('default'),
  WAYMARK_WAL_MAX_BYTES: int(1024, Number.MAX_SAFE_INTEGER).default(1024 ** 3),
  WAYMARK_WAL_SEGMENT_BYTES: int(1024, 1024 ** 3).default(16 * 1024 ** 2),
  WAYMARK_FLUSH_INTERVAL_MS: int(10, 60_000).default(1000),
  // ClickHouse wants few, large inserts: each insert is a new part that merges rewrite later.
  // Measured with chdb here: ~35 µs of CPU per row in 1k-row inserts, ~15 µs in 10k-row ones,
  // and that CPU is taken from the same cores that answer requests.
  WAYMARK_BATCH_MIN_ROWS: int(1, 1_000_000).default(10_000),
  WAYMARK_BATCH_MAX_ROWS: int(1, 1_000_000).default(20_000),
  WAYMARK_RATE_LIMIT: int(0, 10_000_000).default(600),
  // Proxies in front of us that append the address they saw to X-Forwarded-For: true = one.
  WAYMARK_TRUST_PROXY: z.union([bool.transform((on) => (on ? 1 : 0)), int(0, 10)]).default(0),
  WAYMARK_MAX_CONNECTIONS_PER_CLIENT: int(0, 1_000_000).default(256),
  WAYMARK_ALLOW_HEADLESS: bool.default(false),
  WAYMARK_SCRIPT_ALIAS: z
    .string()
    .regex(/^\/[A-Za-z0-9/_.-]+\.js$/, 'a path like /assets/app.js')
    .optional(),
  WAYMARK_DEMO: bool.default(true),
  // Per analysis query. Default (embedded): 40 % of this machine's (or container's) memory; with a
  // server, its own profile decides. The query spills GROUP BY and sort data to the data dir past
  // half of it, so a long range on a big site gets slower rather than failing.
  WAYMARK_QUERY_MEMORY_MB: int(0, 1024 ** 3).optional(),
  WAYMARK_QUERY_TIMEOUT_S: int(0, 86_400).default(120),
  // Days an event is kept; older ones are deleted by the store itself (retention.ts). 0 = forever.
  WAYMARK_RETENTION_DAYS: int(0, 36_500).default(0),
  // How often alerts (analysis/alerts/) check whether their site's yesterday is done; 0 = never.
  WAYMARK_ALERT_INTERVAL_MINUTES: int(0, 1440).default(15),
  // Where people open this Waymark (https://waymark.example.com): alert messages link to it.
  WAYMARK_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(),
  // Where POST /api/backups (and `waymark backup`) writes; default <data dir>/backups.
  WAYMARK_BACKUP_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  adminToken: string | undefined;
  clickhouse:
    | { kind: 'embedded'; path: string; /** the only place the engine may write and read backups */ backupDir?: string }
    | { kind: 'server'; url: string; username: string; password: string; database: string };
  /** Limits of one analysis query (0 = none). */
  queryLimits: QueryLimits;
  wal: { dir: string; maxBytes: number; segmentBytes: number };
  writer: { flushIntervalMs: number; minRows: number; maxRows: number };
  /** Requests per minute per client IP on the public ingestion endpoint; 0 = unlimited. */
  rateLimitPerMinute: number;
  /** Proxies in front (0: none), whose X-Forwarded-For entries are believed, from the right. */
  trustedProxies: number;
  /** Open connections one client may hold (connection-cap.ts); 0 = unbounded, as behind a proxy. */
  maxConnectionsPerClient: number;
  allowHeadless: boolean;
  scriptAlias: string | undefined;
  /** Fill an empty data dir with the demo shop on first start. */
  demo: boolean;
  /** Days an event is kept (0: forever). */
  retentionDays: number;
  /** Milliseconds between alert checks; 0 = none. */
  alertIntervalMs: number;
  /** The dashboard's address as people open it (no trailing slash), for links in alert messages. */
  publicUrl: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset", as in most shells' `FOO= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.WAYMARK_BATCH_MIN_ROWS > e.WAYMARK_BATCH_MAX_ROWS) {
    throw new ConfigError('Invalid configuration:\n  WAYMARK_BATCH_MIN_ROWS: must not exceed WAYMARK_BATCH_MAX_ROWS');
  }
  const dataDir = path.resolve(e.WAYMARK_DATA_DIR);
  const memoryBytes = e.WAYMARK_QUERY_MEMORY_MB !== undefined ? e.WAYMARK_QUERY_MEMORY_MB * 1024 ** 2 : e.CLICKHOUSE_URL ? 0 : defaultQueryMemory();
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    adminToken: e.WAYMARK_ADMIN_TOKEN,
    clickhouse: e.CLICKHOUSE_URL
      ? {
          kind: 'server',
          url: e.CLICKHOUSE_URL,
          username: e.CLICKHOUSE_USER,
          password: e.CLICKHOUSE_PASSWORD,
          database: e.CLICKHOUSE_DATABASE,
        }
      : { kind: 'embedded', path: path.join(dataDir, 'clickhouse'), backupDir: path.resolve(e.WAYMARK_BACKUP_DIR ?? path.join(dataDir, 'backups')) },
    queryLimits: { memoryBytes, spillBytes: Math.floor(memoryBytes / 2), timeoutS: e.WAYMARK_QUERY_TIMEOUT_S },
    wal: { dir: path.join(dataDir, 'wal'), maxBytes: e.WAYMARK_WAL_MAX_BYTES, segmentBytes: e.WAYMARK_WAL_SEGMENT_BYTES },
    writer: {
      flushIntervalMs: e.WAYMARK_FLUSH_INTERVAL_MS,
      minRows: e.WAYMARK_BATCH_MIN_ROWS,
      maxRows: e.WAYMARK_BATCH_MAX_ROWS,
    },
    rateLimitPerMinute: e.WAYMARK_RATE_LIMIT,
    trustedProxies: e.WAYMARK_TRUST_PROXY,
    maxConnectionsPerClient: e.WAYMARK_TRUST_PROXY ? 0 : e.WAYMARK_MAX_CONNECTIONS_PER_CLIENT,
    allowHeadless: e.WAYMARK_ALLOW_HEADLESS,
    scriptAlias: e.WAYMARK_SCRIPT_ALIAS,
    demo: e.WAYMARK_DEMO,
    retentionDays: e.WAYMARK_RETENTION_DAYS,
    alertIntervalMs: e.WAYMARK_ALERT_INTERVAL_MINUTES * 60_000,
    publicUrl: e.WAYMARK_PUBLIC_URL?.replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * 40 % of the memory this process may use: the machine's, or a container's (cgroup) limit when
 * smaller. Leaves room for a second query, the engine's caches and merges, and Node itself.
 */
export function defaultQueryMemory(): number {
  const limit = process.constrainedMemory?.() ?? 0;
  const total = limit > 0 ? Math.min(limit, os.totalmem()) : os.totalmem();
  return Math.floor((total * 0.4) / 1024 ** 2) * 1024 ** 2;
}
