/**
 * The real collector (startWaymark with embedded ClickHouse) in its own process, configured
 * from the environment the bench passes (loadConfig reads it, as in production).
 * "stop" ships the log (SIGTERM semantics) and reports the process's peak RSS first.
 *
 * Diagnostics, answered to "probe" (and reset) so each phase gets its own figures:
 *  - event-loop delay (perf_hooks histogram): how long the loop was blocked;
 *  - unless BENCH_TRACE_IO=0: the duration of every WAL writev (segments are O_DSYNC, so this is
 *    the durable write of one group commit) and its size in bytes (the WAL encodes a group into one
 *    buffer, so buffers no longer count appends; ~600 bytes is one event). Node's fs functions are looked up on the module
 *    object at call time, so wrapping them here, before the collector is imported, observes the
 *    collector without changing it (cost: one closure per fsync).
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { procMemory } from '../lib/children.js';
import { stallRecorder } from '../lib/diagnostics.js';

const tracing = process.env.BENCH_TRACE_IO !== '0';
const io = { syncs: [] as number[], groups: [] as number[], fhSyncs: [] as number[] };
if (tracing) traceIo();
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const stalls = stallRecorder();

const { loadConfig } = await import('../../../collector/config.js');
const { startWaymark } = await import('../../../collector/server.js');
const waymark = await startWaymark(loadConfig(process.env));
process.send!({ type: 'ready', url: waymark.url });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const memory = procMemory(process.pid);
  const shipped = await waymark.stop();
  const reply = { type: 'stopped', shipped, memory, ...probe() };
  // With --cpu-prof, the profile is written on a normal exit: leave through process.exit().
  if (process.connected) process.send!(reply, () => process.exit(0));
  else process.exit(0);
}
process.on('message', (m: { type?: string }) => {
  if (m.type === 'stop') void stop();
  if (m.type === 'probe') process.send!({ type: 'probe', ...probe() });
});

/** Figures since the last probe, then a fresh start. */
function probe() {
  const ms = (ns: number) => ns / 1e6;
  const eventLoop = { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) };
  loop.reset();
  const out = { eventLoop, io: tracing ? summarize() : null, stalls: stalls.take() };
  io.syncs = [];
  io.groups = [];
  io.fhSyncs = [];
  return out;
}
process.on('SIGTERM', () => void stop());
process.on('disconnect', () => void stop());

function traceIo(): void {
  const writev = fs.writev;
  fs.writev = ((fd: number, bufs: NodeJS.ArrayBufferView[], ...rest: unknown[]) => {
    io.groups.push(bufs.reduce((n, b) => n + b.byteLength, 0));
    const cb = rest.pop() as (...a: unknown[]) => void;
    const t = performance.now();
    return (writev as (...a: unknown[]) => void)(fd, bufs, ...rest, (...a: unknown[]) => {
      io.syncs.push(performance.now() - t);
      cb(...a);
    });
  }) as typeof fs.writev;
  // The WAL's state file and directory use FileHandle.datasync()/sync().
  void fs.promises.open(process.execPath, 'r').then(async (fh) => {
    const proto = Object.getPrototypeOf(fh) as { datasync: () => Promise<void>; sync: () => Promise<void> };
    await fh.close();
    for (const name of ['datasync', 'sync'] as const) {
      const orig = proto[name];
      proto[name] = async function (this: unknown) {
        const t = performance.now();
        try {
          return await orig.call(this);
        } finally {
          io.fhSyncs.push(performance.now() - t);
        }
      };
    }
  });
}

function summarize() {
  const stats = (a: number[]) => {
    const s = [...a].sort((x, y) => x - y);
    const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]! : 0);
    return { n: s.length, mean: s.reduce((x, y) => x + y, 0) / (s.length || 1), p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1) };
  };
  return { walWriteMs: stats(io.syncs), bytesPerGroup: stats(io.groups), stateSyncMs: stats(io.fhSyncs) };
}
