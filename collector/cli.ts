/**
 * The `waymark` command. `waymark start` (what `npm start` runs) starts the server.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createWaymark, readAdminToken, startWaymark } from './server.js';
import type { Backup } from './storage/backup.js';
import { restore } from './restore.js';
import { progressBar, runDemo, type Requester } from './demo/run.js';
import { REPORT_USAGE, ServerError, UsageError, parseReportArgs, runReport } from './report.js';

const USAGE = `usage: waymark <command>

commands:
  start     start the collector, dashboard API and embedded ClickHouse (default)
  demo      load a simulated shop's traffic and its checkout journey
            [--seed N] [--days 30] [--visitors 3000]
  report    print an analysis as tables (or --json / --csv)
            <analysis> --site ID [--journey ID] [--from D] [--to D] [--by channel] [--stage N]
            (waymark report --help for all options)
  summary   print a site's summary of last week (or month) against the one before, as the
            webhook gets it: --site ID [--every week|month] [--at YYYY-MM-DD] [--json]
            (mail it from cron: waymark summary --site shop | mail -s "shop, last week" you@example.com)
  backup    write a backup of the store (events, sites, journeys, keys) to WAYMARK_BACKUP_DIR
            [--keep N]: then remove older backups past the newest N
  restore   <backup dir> [--erasures FILE]: put a backup into an empty WAYMARK_DATA_DIR (no server
            running there), then erase again who was erased after it (the journal beside it)
  help      show this help

When a Waymark server is running on PORT, commands talk to it over HTTP (embedded ClickHouse
allows one process per data dir); otherwise they open WAYMARK_DATA_DIR themselves.

configuration comes from environment variables; see README.md`;

async function main(argv: string[]): Promise<number> {
  const [command = 'start'] = argv;
  switch (command) {
    case 'start':
      return start();
    case 'demo':
      return demo(argv.slice(1));
    case 'report':
      return report(argv.slice(1));
    case 'summary':
      return summary(argv.slice(1));
    case 'backup':
      return backup(argv.slice(1));
    case 'restore':
      return restore(argv.slice(1));
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

async function start(): Promise<number> {
  const config = loadConfig();
  const wm = await startWaymark(config);
  const firstStart = !(await wm.sites.everMade());
  const tokenNote =
    wm.adminTokenSource === 'env' ? '(from WAYMARK_ADMIN_TOKEN)' : `(kept in ${config.dataDir}/admin-token)`;
  console.log(
    [
      '',
      `  Waymark is running at ${wm.url}`,
      `  Sign in:     ${wm.url}/?token=${encodeURIComponent(wm.adminToken)}`,
      `  Admin token: ${wm.adminToken} ${tokenNote}`,
      `  Store:       ${config.clickhouse.kind === 'embedded' ? `embedded ClickHouse in ${config.clickhouse.path}` : config.clickhouse.url}`,
      '',
    ].join('\n'),
  );
  if (firstStart && config.demo) {
    // A newcomer sees a working journey at once; WAYMARK_DEMO=0 starts empty.
    console.log(`  First start: loading the demo shop (site "demo"); try it at ${wm.url}/demo/\n`);
    const headers = { authorization: `Bearer ${wm.adminToken}`, 'content-type': 'application/json' };
    const request: Requester = async (path, init) => wm.app.request(path, { ...init, headers });
    const end = Date.now();
    runDemo(request, { seed: 1, days: 30, visitors: 3000, end }, progressBar('  demo data')).then(
      (r) => console.log(`  Demo loaded: ${r.visitors} visitors, ${r.events} events.\n`),
      (err: unknown) => wm.log.error({ err: String(err) }, 'could not load the demo data'),
    );
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    wm.log.info({ signal }, 'stopping: no new events, shipping the log');
    const shipped = await wm.stop();
    // Unreachable, or refusing (e.g. its disk is full): the last insert error says which.
    if (!shipped) wm.log.warn({ err: wm.writer.lastError }, 'could not ship the log: unshipped events stay in it and are sent on next start');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return -1; // keep running
}

async function demo(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { seed: { type: 'string', default: '1' }, days: { type: 'string', default: '30' }, visitors: { type: 'string', default: '3000' } },
  });
  const num = (name: string, v: string, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new ConfigError(`--${name} must be a whole number from 1 to ${max}`);
    return n;
  };
  const opts = {
    seed: num('seed', values.seed, 2 ** 31),
    days: num('days', values.days, 365),
    visitors: num('visitors', values.visitors, 1_000_000),
    end: Math.floor(Date.now() / 3_600_000) * 3_600_000, // the current hour: same seed, same hour, same data
  };
  const result = await withServer(loadConfig(), (request) => runDemo(request, opts, progressBar('demo')));
  const known = result.duplicates > 0 ? `; ${result.duplicates} of them were stored already (the same seed loaded before), and not stored twice` : '';
  console.log(`demo: ${result.visitors} visitors, ${result.events} events sent to site "demo" (journey "checkout")${known}`);
  return 0;
}

async function report(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(REPORT_USAGE);
    return 0;
  }
  try {
    const opts = parseReportArgs(args); // before touching a server or the data dir
    console.log(await withServer(loadConfig(), (request) => runReport(opts, request)));
    return 0;
  } catch (err) {
    if (err instanceof ServerError) {
      console.error(`waymark report: ${err.message}`);
      return 1;
    }
    if (!(err instanceof UsageError)) throw err;
    console.error(`waymark report: ${err.message}${err.usage ? `\n\n${REPORT_USAGE}` : ''}`);
    return 2;
  }
}

async function summary(args: string[]): Promise<number> {
  let v;
  try {
    ({ values: v } = parseArgs({ args, options: { site: { type: 'string' }, every: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } } }));
    if (!v.site) throw new UsageError('--site is required');
  } catch (err) {
    console.error(`waymark summary: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const q = new URLSearchParams({ ...(v.every ? { every: v.every } : {}), ...(v.at ? { at: v.at } : {}) });
  const path = `/api/sites/${encodeURIComponent(v.site)}/summary/preview?${q}`;
  const res = await withServer(loadConfig(), async (request) => {
    const r = await request(path, { method: 'GET' });
    return { status: r.status, body: (await r.json()) as { text?: string; error?: { message: string } } };
  });
  if (res.status !== 200) {
    console.error(`waymark summary: ${res.body.error?.message ?? `HTTP ${res.status}`}`);
    return res.status < 500 ? 2 : 1;
  }
  console.log(v.json ? JSON.stringify(res.body, null, 2) : res.body.text);
  return 0;
}

async function backup(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { keep: { type: 'string' } } });
  const keep = values.keep === undefined ? '' : `?keep=${encodeURIComponent(values.keep)}`;
  const made = await withServer(loadConfig(), async (request) => {
    const res = await request(`/api/backups${keep}`, { method: 'POST' });
    const body = (await res.json()) as Backup & { error?: { message: string } };
    if (res.status !== 201) throw new ConfigError(`backup: ${body.error?.message ?? `HTTP ${res.status}`}`);
    return body;
  });
  console.log(`backup written to ${made.path} (${(made.bytes / 1024 ** 2).toFixed(1)} MB in ${made.ms < 1000 ? `${made.ms} ms` : `${(made.ms / 1000).toFixed(1)} s`}); copy that directory somewhere safe`);
  if (made.removed.length > 0) console.log(`removed ${made.removed.length} older backup${made.removed.length === 1 ? '' : 's'}: ${made.removed.join(', ')}`);
  return 0;
}

/** Runs `fn` against the running server, or against the data dir opened in this process. */
async function withServer<T>(config: Config, fn: (request: Requester) => Promise<T>): Promise<T> {
  const base = `http://127.0.0.1:${config.port}`;
  const running = await fetch(`${base}/healthz`).then(() => true, () => false);
  if (running) {
    const token = readAdminToken(config);
    if (!token) throw new ConfigError('a server is running but no admin token is known: set WAYMARK_ADMIN_TOKEN');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    return fn((path, init) => fetch(base + path, { ...init, headers }));
  }
  const parts = await createWaymark({ ...config, logLevel: 'warn' });
  try {
    const headers = { authorization: `Bearer ${parts.adminToken}`, 'content-type': 'application/json' };
    return await fn(async (path, init) => parts.app.request(path, { ...init, headers }));
  } finally {
    await parts.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
