/**
 * Context for reading the figures: how busy the machine was, how slow the disk's fsync is,
 * and what the collector's own diagnostics (event-loop delay, fsyncs, metrics) said per phase.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** fdatasync after 4 KiB appends, like a WAL group commit on an otherwise idle file. */
export function fsyncProbe(dir: string, n = 100): { p50: number; p99: number } {
  const file = path.join(dir, 'fsync-probe.bin');
  const fd = fs.openSync(file, 'w');
  const buf = Buffer.alloc(4096, 0x41);
  const lat: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      fs.writeSync(fd, buf, 0, buf.length, i * buf.length);
      fs.fdatasyncSync(fd);
      lat.push(performance.now() - t);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  lat.sort((a, b) => a - b);
  return { p50: lat[Math.floor(n / 2)]!, p99: lat[Math.ceil(n * 0.99) - 1]! };
}

/**
 * When this process could not run: gaps longer than `minMs` in a 5 ms ticker, as wall-clock
 * [start, end] ms (comparable across processes of one machine). A gap is this process blocking
 * its own event loop, or not being scheduled at all; a gap two processes saw at once is, almost
 * always, the machine (another tenant, the hypervisor), not either of them.
 */
export function stallRecorder(minMs = 25): { take(): [number, number][]; stop(): void } {
  const TICK_MS = 5;
  let last = performance.now();
  let stalls: [number, number][] = [];
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > minMs + TICK_MS) stalls.push([performance.timeOrigin + last, performance.timeOrigin + now]);
    last = now;
  }, TICK_MS);
  timer.unref();
  return {
    take: () => {
      const out = stalls;
      stalls = [];
      return out;
    },
    stop: () => clearInterval(timer),
  };
}

/** The stretches two lists of stalls share. */
export function sharedStalls(a: readonly [number, number][], b: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [s1, e1] of a) {
    for (const [s2, e2] of b) {
      const s = Math.max(s1, s2);
      const e = Math.min(e1, e2);
      if (e > s) out.push([s, e]);
    }
  }
  return out;
}

const stats = z.object({ n: z.number(), mean: z.number(), p50: z.number(), p90: z.number(), p99: z.number(), max: z.number() });
export const probeSchema = z.object({
  eventLoop: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
  io: z.object({ walWriteMs: stats, bytesPerGroup: stats, stateSyncMs: stats }).nullable(),
  stalls: z.array(z.tuple([z.number(), z.number()])),
});
export type Probe = z.infer<typeof probeSchema>;

export function describeProbe(p: Probe): string[] {
  const f = (x: number) => x.toFixed(1);
  const longest = Math.max(0, ...p.stalls.map(([s, e]) => e - s));
  const lines = [`event-loop delay p99 ${f(p.eventLoop.p99)} ms, max ${f(p.eventLoop.max)} ms; ${p.stalls.length} stalls over 25 ms (longest ${f(longest)} ms)`];
  if (p.io) {
    const { walWriteMs: s, bytesPerGroup: g, stateSyncMs: st } = p.io;
    lines.push(
      `WAL group commits ${s.n}: durable write round trip (O_DSYNC writev, incl. threadpool + event-loop wait) mean ${f(s.mean)} / p50 ${f(s.p50)} / p99 ${f(s.p99)} / max ${f(s.max)} ms; bytes per group commit mean ${Math.round(g.mean)}, max ${g.max}`,
    );
    if (st.n) lines.push(`writer state-file syncs ${st.n}: mean ${f(st.mean)} / p99 ${f(st.p99)} ms`);
  }
  return lines;
}

/** The few Prometheus samples the bench reads from GET /metrics. */
export function parseMetrics(text: string): { accepted: number; stored: number; insertCount: number; insertSeconds: number } {
  const value = (name: string) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
    return m ? Number(m[1]) : NaN;
  };
  return {
    accepted: value('waymark_events_accepted_total'),
    stored: value('waymark_events_stored_total'),
    insertCount: value('waymark_insert_duration_seconds_count'),
    insertSeconds: value('waymark_insert_duration_seconds_sum'),
  };
}
