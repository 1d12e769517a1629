/**
 * Load generators, run in the bench process against servers in child processes.
 *  - `saturate`: autocannon, closed loop (64 connections, fixed duration) → max requests/s.
 *  - `paced`: open loop at a fixed rate, evenly spaced (1 ms ticks), latency measured from each
 *    request's SCHEDULED send time (so queueing behind a stall counts: no coordinated omission).
 *    autocannon's own rate limit is a per-second budget each connection spends back to back,
 *    i.e. a full-speed burst then idle, which measures saturated latency, not latency at a rate.
 */
import net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { stallRecorder } from './diagnostics.js';
import { USER_AGENT } from './payloads.js';

/** CPU used by the server under test during the measured part of a run. */
export interface CpuUse {
  /** Whole process (all threads), µs per answered request. */
  usPerReq: number;
  /** Main (JavaScript) thread only, µs per answered request. */
  mainUsPerReq: number;
  /** Main thread busy, share of wall time (1 = a full core). */
  mainBusy: number;
  /** Whole process, cores used on average. */
  cores: number;
}
export type CpuReader = () => { totalMs: number; mainMs: number };

export function cpuUse(read: CpuReader | undefined, before: { totalMs: number; mainMs: number } | undefined, wallMs: number, requests: number): CpuUse | null {
  if (!read || !before) return null;
  const after = read();
  const total = after.totalMs - before.totalMs;
  const main = after.mainMs - before.mainMs;
  return { usPerReq: (total * 1000) / requests, mainUsPerReq: (main * 1000) / requests, mainBusy: main / wallMs, cores: total / wallMs };
}

export interface Saturation {
  cpu: CpuUse | null;
  /** Cores the load generator (this process) used. */
  loadgenCores: number;
  rps: number;
  total: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  statusCodes: Record<string, number>;
}

export async function saturate(
  url: string,
  body: () => string,
  opts: { connections: number; durationS: number; warmupS?: number; overallRate?: number; cpu?: CpuReader },
): Promise<Saturation> {
  const run = (durationS: number) =>
    autocannon({
      url,
      connections: opts.connections,
      duration: durationS,
      timeout: 10,
      ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
      requests: [
        {
          method: 'POST',
          path: '/api/event',
          headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': USER_AGENT },
          setupRequest: (req) => {
            req.body = body();
            return req;
          },
        },
      ],
    });
  if (opts.warmupS) await run(opts.warmupS);
  const before = opts.cpu?.();
  const self = process.cpuUsage();
  const t0 = performance.now();
  const r = await run(opts.durationS);
  const wall = performance.now() - t0;
  const cpu = cpuUse(opts.cpu, before, wall, r['2xx'] + r.non2xx);
  const used = process.cpuUsage(self);
  const loadgenCores = (used.user + used.system) / 1000 / wall;
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count]));
  return {
    cpu,
    loadgenCores,
    rps: r.requests.average,
    total: r['2xx'] + r.non2xx,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    p50: r.latency.p50,
    p99: r.latency.p99,
    statusCodes,
  };
}

export interface Paced {
  cpu: CpuUse | null;
  rate: number;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  achievedRps: number;
  /** From scheduled send time to response (includes waiting for a free connection). */
  p50: number;
  p99: number;
  p999: number;
  max: number;
  /** From actual send to response. */
  serviceP99: number;
  /**
   * This process's own event-loop delay (ms): a request scheduled while the generator itself was
   * stalled is sent late, and that lateness counts in p99 although the server had no part in it.
   */
  generatorLoopP99: number;
  generatorLoopMax: number;
  /** Cores this process (the generator) used. */
  generatorCores: number;
  /** When the generator could not run (diagnostics.ts stallRecorder). */
  generatorStalls: [number, number][];
}

export async function paced(
  url: string,
  body: () => string,
  opts: { rate: number; durationS: number; connections: number; cpu?: CpuReader },
): Promise<Paced> {
  const { hostname, port } = new URL(url);
  const head = `POST /api/event HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: text/plain;charset=UTF-8\r\nUser-Agent: ${USER_AGENT}\r\nConnection: keep-alive\r\n`;
  const total = Math.round(opts.rate * opts.durationS);
  const fromSchedule = new Float64Array(total);
  const fromSend = new Float64Array(total);
  let done = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let issued = 0;
  const queue: number[] = [];
  let qHead = 0;

  type Conn = { sock: net.Socket; busy: boolean; buf: Buffer; sched: number; sentAt: number };
  let closing = false;
  const idle: Conn[] = [];
  const all = new Set<Conn>();
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  let answered = 0; // requests with a complete answer (their latencies are recorded)

  /** A request ended: answered (status) or lost with its connection (status 0). */
  const complete = (c: Conn, status: number) => {
    const now = performance.now();
    if (status > 0) {
      fromSchedule[answered] = now - c.sched;
      fromSend[answered] = now - c.sentAt;
      answered++;
      if (status >= 200 && status < 300) ok++;
      else non2xx++;
    } else errors++;
    done++;
    c.busy = false;
    if (done === total) finish();
  };

  /** A keep-alive connection; if the server closes it, a fresh one takes its place. */
  const open = (): Promise<Conn> =>
    new Promise((resolve, reject) => {
      const c: Conn = { sock: net.connect(Number(port), hostname), busy: false, buf: Buffer.alloc(0), sched: 0, sentAt: 0 };
      c.sock.setNoDelay(true);
      all.add(c);
      let connected = false;
      c.sock.once('connect', () => {
        connected = true;
        resolve(c);
      });
      c.sock.on('error', reject); // after 'connect' this is a no-op; 'close' follows
      c.sock.on('data', (chunk: Buffer) => {
        c.buf = c.buf.length ? Buffer.concat([c.buf, chunk]) : chunk;
        for (;;) {
          const end = c.buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          const header = c.buf.toString('latin1', 0, end);
          const len = Number(/\r\ncontent-length:\s*(\d+)/i.exec(header)?.[1]);
          let next: number;
          if (Number.isFinite(len)) next = end + 4 + len;
          else if (/\r\ntransfer-encoding:\s*chunked/i.test(header)) {
            const last = c.buf.indexOf('0\r\n\r\n', end + 4); // small JSON answers: the last chunk
            if (last < 0) return;
            next = last + 5;
          } else return void c.sock.destroy(); // not what an answer to a POST looks like
          if (c.buf.length < next) return;
          c.buf = c.buf.subarray(next);
          complete(c, Number(header.slice(9, 12)));
          idle.push(c);
          dispatch();
        }
      });
      c.sock.on('close', () => {
        all.delete(c);
        if (closing || !connected) return;
        if (c.busy) complete(c, 0);
        const i = idle.indexOf(c);
        if (i >= 0) idle.splice(i, 1);
        open().then(
          (fresh) => {
            idle.push(fresh);
            dispatch();
          },
          () => {}, // the server is gone: the remaining requests end at the deadline
        );
      });
    });
  idle.push(...(await Promise.all(Array.from({ length: opts.connections }, open))));

  function dispatch() {
    while (qHead < queue.length && idle.length > 0) {
      const c = idle.pop()!;
      c.busy = true;
      c.sched = queue[qHead++]!;
      const b = body();
      c.sentAt = performance.now();
      c.sock.write(`${head}Content-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`);
    }
  }

  const interval = 1000 / opts.rate;
  const cpuBefore = opts.cpu?.();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const stalls = stallRecorder();
  const self = process.cpuUsage();
  const t0 = performance.now();
  const tick = () => {
    const due = Math.min(total, Math.floor((performance.now() - t0) / interval) + 1);
    for (; issued < due; issued++) queue.push(t0 + issued * interval);
    dispatch();
    if (issued < total) setTimeout(tick, 1);
  };
  tick();
  const deadline = setTimeout(finish, (opts.durationS + 15) * 1000);
  await finished;
  clearTimeout(deadline);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = cpuUse(opts.cpu, cpuBefore, elapsed * 1000, answered);
  loop.disable();
  stalls.stop();
  const used = process.cpuUsage(self);
  closing = true;
  for (const c of all) c.sock.destroy();

  const lat = fromSchedule.subarray(0, answered).sort();
  const svc = fromSend.subarray(0, answered).sort();
  const pct = (a: Float64Array, p: number) => (a.length ? a[Math.min(a.length - 1, Math.ceil(p * a.length) - 1)]! : NaN);
  return {
    cpu,
    rate: opts.rate,
    sent: issued,
    ok,
    non2xx,
    errors: errors + (total - done), // lost with a connection, or unanswered at the deadline
    achievedRps: answered / elapsed,
    p50: pct(lat, 0.5),
    p99: pct(lat, 0.99),
    p999: pct(lat, 0.999),
    max: lat.length ? lat[lat.length - 1]! : NaN,
    serviceP99: pct(svc, 0.99),
    generatorLoopP99: loop.percentile(99) / 1e6,
    generatorLoopMax: loop.max / 1e6,
    generatorCores: (used.user + used.system) / 1000 / (elapsed * 1000),
    generatorStalls: stalls.take(),
  };
}
