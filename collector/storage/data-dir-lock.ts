/**
 * One Waymark process per data directory. A second one (`npm start` run twice, or `waymark report`
 * whose PORT is not the running server's, so it opens the data dir itself) would recover the
 * write-ahead log under the first: cut its segment back to the last line it sees, which can drop a
 * group commit the first has just acknowledged, and zero-fill the spare segment the first rotates
 * into. The embedded engine locks its own directory, but only once it is opened, and a server
 * store (CLICKHOUSE_URL) has no lock here at all.
 *
 * The lock is a file naming its holder. Node cannot flock, so a holder that died (SIGKILL, power
 * loss) leaves the file behind: it is stale when its process is gone. On Linux "gone" is exact: the
 * holder is recorded with the boot and its process start time, so a reused pid (a container
 * restarted, where the new process gets the dead one's pid) does not look alive.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config.js';

interface Holder {
  pid: number;
  /** The kernel's boot id and the process's start time (clock ticks since boot); '' if unknown. */
  boot: string;
  start: string;
}

export const LOCK_FILE = 'waymark.lock';

/** This boot of the kernel ('' where there is no /proc). */
const BOOT_ID = readProc('/proc/sys/kernel/random/boot_id');

/** Takes the data dir's lock or throws a ConfigError naming the process that holds it; returns its release. */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  const me = holderOf(process.pid);
  // Twice: once more after removing a stale lock. A third failure means a live holder appeared.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me) + '\n', { flag: 'wx' });
      return () => release(file, me);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (holder && isAlive(holder)) {
      throw new ConfigError(
        `the data dir ${path.resolve(dataDir)} is in use by another Waymark process (pid ${holder.pid}). ` +
          'Stop it first, or give this one its own WAYMARK_DATA_DIR. ' +
          '(waymark report and demo use a running server when PORT is that server\'s port.)',
      );
    }
    // Stale (or unreadable: a holder dies between creating and writing it). Two processes starting at
    // once after a crash could both get here; the embedded engine's own lock still stops the second.
    fs.rmSync(file, { force: true });
  }
  throw new ConfigError(`could not lock the data dir ${path.resolve(dataDir)}: another Waymark is starting there`);
}

function release(file: string, me: Holder): void {
  const holder = readHolder(file);
  if (holder && holder.pid === me.pid && holder.start === me.start && holder.boot === me.boot) fs.rmSync(file, { force: true });
}

function readHolder(file: string): Holder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Holder>;
    return Number.isInteger(h.pid) && typeof h.boot === 'string' && typeof h.start === 'string' ? (h as Holder) : null;
  } catch {
    return null;
  }
}

function holderOf(pid: number): Holder {
  return { pid, boot: BOOT_ID, start: startTime(pid) };
}

function isAlive(h: Holder): boolean {
  if (h.boot && h.start) {
    // Linux: the same process only if the same boot and the same start time.
    return h.boot === BOOT_ID && h.start === startTime(h.pid);
  }
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Field 22 of /proc/<pid>/stat; the command name before it (field 2) may hold spaces and parentheses. */
function startTime(pid: number): string {
  const stat = readProc(`/proc/${pid}/stat`);
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
}

function readProc(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
