/**
 * The `waymark` command. `waymark start` (what `npm start` runs) starts the server.
 */
import { ConfigError, loadConfig } from './config.js';
import { startWaymark } from './server.js';

const USAGE = `usage: waymark <command>

commands:
  start     start the collector, dashboard API and embedded ClickHouse (default)
  help      show this help

configuration comes from environment variables; see README.md`;

async function main(argv: string[]): Promise<number> {
  const [command = 'start'] = argv;
  switch (command) {
    case 'start':
      return start();
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
  const tokenNote =
    wm.adminTokenSource === 'env' ? '(from WAYMARK_ADMIN_TOKEN)' : `(kept in ${config.dataDir}/admin-token)`;
  console.log(
    [
      '',
      `  Waymark is running at ${wm.url}`,
      `  Store: ${config.clickhouse.kind === 'embedded' ? `embedded ClickHouse in ${config.clickhouse.path}` : config.clickhouse.url}`,
      `  Admin token: ${wm.adminToken} ${tokenNote}`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    wm.log.info({ signal }, 'stopping: no new events, shipping the log');
    const shipped = await wm.stop();
    if (!shipped) wm.log.warn('store unreachable: unshipped events stay in the log and are sent on next start');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return -1; // keep running
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
