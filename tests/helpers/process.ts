/**
 * Runs Waymark as a real child process (`waymark start`), for tests that kill it, restart it,
 * or point it at a store that is not there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { ADMIN_TOKEN, ROOT, parseNdjson } from './server.js';
import type { EventRow } from '../../collector/schema/event.js';

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Starts `waymark start` on a free port. freePort() closes its probe before the child listens, so
 * another test file's server can take the port in between: then it starts again on another one.
 */
export async function spawnWaymark(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnOnce(dataDir, env, await freePort());
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt === 3) throw err;
    }
  }
}

class PortTaken extends Error {}

async function spawnOnce(dataDir: string, env: Record<string, string>, port: number): Promise<ServerProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'collector/cli.ts'), 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      WAYMARK_DATA_DIR: dataDir,
      WAYMARK_ADMIN_TOKEN: ADMIN_TOKEN,
      WAYMARK_RATE_LIMIT: '0',
      WAYMARK_FLUSH_INTERVAL_MS: '200',
      WAYMARK_DEMO: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    // Its own start-up line first: until then a server answering on the port may be someone else's.
    const up = out.includes('Waymark is running at') && (await fetch(url + '/healthz').then(() => true, () => false));
    if (up) break;
    if (proc.exitCode !== null && out.includes(`:${port} is already in use`)) throw new PortTaken(out);
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`waymark did not start:\n${out}`);
    await sleep(100);
  }
  return { url, proc, output: () => out, exited };
}

/** Runs a `waymark` command to its end, with only PATH, HOME, LOG_LEVEL=warn and `env` set. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'collector/cli.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

export async function health(url: string): Promise<{ status: number; backlogRows: number }> {
  const res = await fetch(url + '/healthz');
  const body = (await res.json()) as { wal: { backlog_rows: number } };
  return { status: res.status, backlogRows: body.wal.backlog_rows };
}

/** Waits until the log is shipped, then returns the site's rows from the export API. */
export async function storedRows(url: string, site: string, timeoutMs = 60_000): Promise<EventRow[]> {
  const deadline = Date.now() + timeoutMs;
  while ((await health(url)).backlogRows > 0) {
    if (Date.now() > deadline) throw new Error('the log was not shipped in time');
    await sleep(100);
  }
  const res = await fetch(`${url}/api/sites/${site}/events`, { headers: adminHeaders });
  return parseNdjson(await res.text());
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
