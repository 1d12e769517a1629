/**
 * Child processes for the benchmark: every server (and the raw chdb inserter) runs in its own
 * process, so the load generator never shares an event loop with what it measures.
 * Every child and temp dir is registered here and removed on exit, error or Ctrl-C.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SERVERS = path.join(ROOT, 'tests/bench/servers');

/** Messages children send over IPC; every message carries a `type`. */
export type ChildMessage = { type: string; [key: string]: unknown };

export interface Child {
  proc: ChildProcess;
  pid: number;
  /** Resolves with the next message of this type (rejects if the child exits first). */
  next(type: string, timeoutMs?: number): Promise<ChildMessage>;
  send(msg: ChildMessage): void;
  /** Peak and current resident set (MB) from /proc; null once the process is gone. */
  memory(): Memory | null;
  /** CPU time used so far (ms): the whole process and its main (JavaScript) thread. */
  cpu(): { totalMs: number; mainMs: number };
  exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();
const dirs = new Set<string>();

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** Starts `tests/bench/servers/<script>` under tsx with the given env (added to a clean copy of ours). */
export function startChild(script: string, env: Record<string, string>, execArgv: string[] = []): Child {
  const proc = fork(path.join(SERVERS, script), [], {
    cwd: ROOT,
    env: { ...cleanEnv(), ...env },
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(proc);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  void exited.then(() => children.delete(proc));
  const inbox: ChildMessage[] = [];
  const waiters: { type: string; resolve: (m: ChildMessage) => void }[] = [];
  proc.on('message', (raw) => {
    const m = raw as ChildMessage;
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(m);
    else inbox.push(m);
  });
  return {
    proc,
    pid: proc.pid!,
    exited,
    send: (msg) => proc.send(msg),
    next(type, timeoutMs = 120_000) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]!);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`${script}: no "${type}" message within ${timeoutMs} ms`)), timeoutMs);
        const done = (m: ChildMessage) => {
          clearTimeout(t);
          resolve(m);
        };
        waiters.push({ type, resolve: done });
        void exited.then((code) => {
          clearTimeout(t);
          reject(new Error(`${script} exited (code ${code}) before sending "${type}"`));
        });
      });
    },
    memory: () => procMemory(proc.pid!),
    cpu: () => procCpu(proc.pid!),
  };
}

/** Asks a child to stop (it answers "stopped"), waits for it to exit; SIGKILL after the timeout. */
export async function stopChild(child: Child, timeoutMs = 60_000): Promise<ChildMessage | null> {
  if (child.proc.exitCode !== null) return null;
  child.send({ type: 'stop' });
  try {
    const reply = await child.next('stopped', timeoutMs);
    await Promise.race([child.exited, sleep(5000)]);
    return reply;
  } finally {
    if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
  }
}

/** Kills every child still running and removes every temp dir (synchronous: usable on 'exit'). */
export function cleanupAll(): void {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  children.clear();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

let hooked = false;
export function cleanupOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', cleanupAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      cleanupAll();
      process.exit(130);
    });
  }
}

/** MB: peak resident set (VmHWM), current one, and the current split: heap/anonymous vs mapped files (libchdb). */
export interface Memory {
  peakMb: number;
  rssMb: number;
  anonMb: number;
  fileMb: number;
}

export function procMemory(pid: number): Memory | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024, anonMb: kb('RssAnon') / 1024, fileMb: kb('RssFile') / 1024 };
  } catch {
    return null;
  }
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime from /proc/<pid>/stat (whole process) and /proc/<pid>/task/<pid>/stat (main thread). */
export function procCpu(pid: number): { totalMs: number; mainMs: number } {
  const ticks = (file: string) => {
    try {
      const text = fs.readFileSync(file, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // fields 14 and 15 of stat(5)
    } catch {
      return NaN;
    }
  };
  return { totalMs: ticks(`/proc/${pid}/stat`), mainMs: ticks(`/proc/${pid}/task/${pid}/stat`) };
}

/** Our environment minus anything that would configure Waymark behind the benchmark's back. */
function cleanEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(WAYMARK_|CLICKHOUSE_|PORT$|HOST$|LOG_LEVEL$|NODE_OPTIONS$)/.test(k)) continue;
    out[k] = v;
  }
  return out;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
