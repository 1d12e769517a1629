/**
 * Ingestion benchmark (`npm run bench:ingest`), a benchmark and not a test. In one run, on
 * this machine, against servers in child processes (the load generators are driven from here):
 *  1. a bare node:http server (read body, JSON.parse, 202) under wrk → bare req/s;
 *  2. the collector (startWaymark, embedded ClickHouse, WAL, writer), same load → single_ratio:
 *     1 and 2 alternate for BENCH_ROUNDS rounds (bare, collector, bare, …), each collector run is
 *     set against the bare runs either side of it, and the median round is the figure (this
 *     machine's speed drifts by ±20 % within minutes);
 *  3. the collector at a fixed, evenly paced rate of half its max → p99_ms_at_half_load;
 *  4. POSTs of 20-event arrays → rows stored per second (until the WAL is drained), against a
 *     bare chdb inserting the same enriched rows in ~10k-row batches, before and after the
 *     collector's run (like the bare server: drift shows as a spread) → batched_ratio;
 *  5. the collector process's peak RSS → rss_mb.
 * The last line printed is one JSON object with every figure.
 *
 * Load generator: wrk (C; installed with apt-get when missing and we are root), because on two
 * cores the generator's CPU is taken from the servers it measures (lib/wrk.ts). Without wrk, or
 * with BENCH_LOADGEN=autocannon, autocannon (JavaScript, ~1 core at the bare server's rate: the
 * figures of stops 9–12 were measured with it).
 *
 * Env: BENCH_DURATION_S (default 10), BENCH_ROUNDS (default 3), BENCH_CPU_PROF=<dir> (collector
 * runs with --cpu-prof), BENCH_LOADGEN=wrk|autocannon, BENCH_AUTOCANNON_RATE=1 (also report
 * autocannon's own overallRate p99, which is bursty).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { cleanupAll, cleanupOnExit, removeDir, sleep, startChild, stopChild, tempDir, type Child } from './lib/children.js';
import { describeProbe, fsyncProbe, loadAverage, parseMetrics, probeSchema, sharedStalls, type Probe } from './lib/diagnostics.js';
import { paced, saturate as autocannonSaturate, type CpuUse, type Saturation } from './lib/load.js';
import { ensureWrk, saturateWrk } from './lib/wrk.js';
import { batch, BATCH_SITE, pageView, SITE, SITE_DOMAINS, USER_AGENT, WARM_SITE } from './lib/payloads.js';
import { countRows, rawInsert } from './lib/raw-store.js';

const CONNECTIONS = 64;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = 2;
const BATCH_SIZE = 20;
const RAW_BATCH_ROWS = 10_000;
const TOKEN = 'bench-admin-token-0123456789abcdef';
const TARGETS = { single_ratio: 0.6, p99_ms_at_half_load: 15, batched_ratio: 0.8 };
/** Alternating bare/collector rounds of phases 1–2; single_ratio is their median. */
const ROUNDS = z.coerce.number().int().min(1).max(9).parse(process.env.BENCH_ROUNDS ?? 3);
const LOADGEN = loadGenerator(z.enum(['wrk', 'autocannon']).optional().parse(process.env.BENCH_LOADGEN || undefined));
/** The closed-loop generator of every saturated phase (1, 2, 4). */
const saturate = LOADGEN === 'wrk' ? saturateWrk : autocannonSaturate;

const out: Record<string, number> = {};
/** A figure in the final JSON, printed as a table line. */
function figure(key: string, value: number, label: string, unit = '', note = ''): void {
  out[key] = Math.round(value * 1000) / 1000;
  show(value, label, unit, note);
}
/** A table line of a value that is not in the final JSON (one run of several). */
function show(value: number, label: string, unit = '', note = ''): void {
  const shown = Number.isInteger(value) || Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : value.toFixed(3);
  console.log(`  ${label.padEnd(46)} ${shown.padStart(12)} ${unit.padEnd(7)} ${note}`);
}
const section = (title: string) => console.log(`\n${title}`);
const note = (line: string) => console.log(`    · ${line}`);
function noteCpu(who: string, cpu: CpuUse | null, loadgenCores?: number): void {
  if (!cpu) return;
  const gen = loadgenCores === undefined ? '' : `; load generator ${loadgenCores.toFixed(2)} cores`;
  note(`${who} CPU: ${cpu.usPerReq.toFixed(0)} µs/request (main thread ${cpu.mainUsPerReq.toFixed(0)} µs), main thread busy ${(cpu.mainBusy * 100).toFixed(0)} %, process ${cpu.cores.toFixed(2)} cores${gen}`);
}

/** The collector's own view of the phase that just ended (and a reset for the next one). */
async function probeCollector(collector: Child): Promise<Probe> {
  collector.send({ type: 'probe' });
  const probe = probeSchema.parse(await collector.next('probe'));
  for (const line of describeProbe(probe)) note(`collector: ${line}`);
  return probe;
}

async function metrics(base: string) {
  const res = await api(base, '/metrics');
  if (res.status !== 200) throw new Error(`metrics: ${res.status}`);
  return parseMetrics(await res.text());
}

/** Refused requests mean a misconfigured run (figures of 4xx answers): stop. Timeouts are results. */
function expectClean(name: string, r: { non2xx: number; errors: number; statusCodes?: Record<string, number> }): void {
  if (r.non2xx > 0) throw new Error(`${name}: ${r.non2xx} non-2xx answers; status codes ${JSON.stringify(r.statusCodes ?? {})}`);
  if (r.errors > 0) {
    console.log(`  !! ${name}: ${r.errors} requests failed or timed out (connection errors, no answer)`);
    out[`${name.replace(/\W+/g, '_')}_errors`] = r.errors;
  }
}

function api(base: string, pathname: string, init: RequestInit = {}): Promise<Response> {
  return fetch(base + pathname, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...init.headers },
  });
}

const healthSchema = z.object({ wal: z.object({ backlog_rows: z.number() }) });

/** Waits until every acknowledged row has been confirmed by ClickHouse; returns when that was. */
async function drained(base: string, timeoutMs = 120_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const res = await fetch(`${base}/healthz`);
    if (healthSchema.parse(await res.json()).wal.backlog_rows === 0) return performance.now();
    await sleep(25);
  }
  throw new Error('WAL backlog did not drain');
}

async function main(): Promise<void> {
  cleanupOnExit();
  const started = performance.now();
  console.log(`Waymark ingest benchmark — ${CONNECTIONS} connections, ${DURATION_S} s runs (+${WARMUP_S} s warm-up), ${LOADGEN}`);
  if (LOADGEN === 'autocannon') console.log('  !! autocannon: the load generator takes ~1 core of 2 from the servers it measures');
  const disk = fsyncProbe(os.tmpdir());
  console.log(`machine: ${os.cpus().length} cores, load average ${loadAverage()}; idle-disk fdatasync p50 ${disk.p50.toFixed(2)} ms, p99 ${disk.p99.toFixed(2)} ms`);
  out.fsync_probe_p50_ms = Math.round(disk.p50 * 1000) / 1000;
  out.load_avg_start = os.loadavg()[0]!;

  // Both servers start now (the idle one costs nothing); the baseline is measured before AND
  // after the collector, so a busy neighbour during one run shows up as a spread, not a ratio.
  const bare = startChild('bare.ts', {});
  const dataDir = tempDir('waymark-bench-');
  const profDir = process.env.BENCH_CPU_PROF;
  const collector = startChild(
    'collector.ts',
    {
      PORT: '0',
      HOST: '127.0.0.1',
      WAYMARK_DATA_DIR: dataDir,
      WAYMARK_ADMIN_TOKEN: TOKEN,
      WAYMARK_RATE_LIMIT: '10000000', // not 0: the limiter's code runs on every request
      LOG_LEVEL: 'warn',
    },
    profDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profDir)] : [],
  );
  const bareUrl = z.string().parse((await bare.next('ready')).url);
  const url = z.string().parse((await collector.next('ready', 180_000)).url);
  for (const id of [SITE, BATCH_SITE, WARM_SITE]) {
    const res = await api(url, '/api/sites', { method: 'POST', body: JSON.stringify({ id, domains: SITE_DOMAINS }) });
    if (res.status !== 201) throw new Error(`create site ${id}: ${res.status} ${await res.text()}`);
  }
  await smokeTest(url);

  section(`1–2. Bare node:http (read body, JSON.parse, 202) and the collector (validate, enrich, WAL fsync, batch writer → chdb), single-event POSTs, ${ROUNDS} rounds: bare, collector, bare, …`);
  const bareRun = async (label: string) => {
    const r = await saturate(bareUrl, pageView, { connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S, cpu: bare.cpu });
    expectClean('bare', r);
    show(r.rps, label, 'req/s', `p99 ${r.p99} ms`);
    noteCpu('bare', r.cpu, r.loadgenCores);
    return r;
  };
  await probeCollector(collector); // resets its counters: start-up is not part of the phase
  const bares = [await bareRun('bare node:http')];
  const singles: Saturation[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const single = await saturate(url, pageView, { connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S, cpu: collector.cpu });
    expectClean('collector', single);
    show(single.rps, `collector (round ${round})`, 'req/s', `p50 ${single.p50} ms, p99 ${single.p99} ms (saturated)`);
    noteCpu('collector', single.cpu, single.loadgenCores);
    await probeCollector(collector);
    await drained(url); // the collector's writer must not compete with the next baseline
    const before = bares[bares.length - 1]!;
    const after = await bareRun('bare node:http');
    bares.push(after);
    singles.push(single);
    // Each collector run against the mean of the bare runs either side of it.
    ratios.push(single.rps / ((before.rps + after.rps) / 2));
    if (before.cpu && after.cpu && single.cpu) cpuRatios.push((before.cpu.mainUsPerReq + after.cpu.mainUsPerReq) / 2 / single.cpu.mainUsPerReq);
    figure(`single_ratio_round_${round}`, ratios[ratios.length - 1]!, `  round ${round}: collector / mean of the bare runs either side`);
  }
  figure('bare_rss_mb', bare.memory()?.peakMb ?? NaN, 'bare node:http peak RSS', 'MB');
  await stopChild(bare);
  const bareRps = bares.reduce((n, r) => n + r.rps, 0) / bares.length;
  const spread = (Math.max(...bares.map((r) => r.rps)) - Math.min(...bares.map((r) => r.rps))) / 2 / bareRps;
  figure('bare_rps', bareRps, `bare node:http, mean of ${bares.length} runs`, 'req/s', `spread ±${(spread * 100).toFixed(0)} %`);
  const collectorRps = median(singles.map((r) => r.rps));
  figure('collector_rps', collectorRps, `collector, median of ${singles.length} runs`, 'req/s');
  if (cpuRatios.length === ROUNDS) {
    // Robust to a busy machine: CPU per request does not depend much on how long we waited for it.
    figure('bare_main_us_per_req', median(bares.map((r) => r.cpu!.mainUsPerReq)), 'bare main-thread CPU per request, median', 'µs');
    figure('collector_main_us_per_req', median(singles.map((r) => r.cpu!.mainUsPerReq)), 'collector main-thread CPU per request, median', 'µs', `all threads ${median(singles.map((r) => r.cpu!.usPerReq)).toFixed(0)} µs`);
    figure('cpu_ratio', median(cpuRatios), 'bare µs / collector µs (main thread), median', '', 'single_ratio if both were bound by their main thread');
  }
  const singleRatio = median(ratios);
  figure('single_ratio', singleRatio, `single_ratio = collector / bare, median of ${ROUNDS} rounds`, '', `target ≥ ${TARGETS.single_ratio}`);

  section('3. Collector at half its max rate (open loop, evenly paced, latency from scheduled send)');
  await drained(url);
  const rate = Math.max(1, Math.round(collectorRps / 2));
  const half = await paced(url, pageView, { rate, durationS: DURATION_S, connections: CONNECTIONS, cpu: collector.cpu });
  expectClean('half load', half);
  figure('half_load_rate', half.rate, 'offered rate', 'req/s', `achieved ${Math.round(half.achievedRps)} req/s`);
  figure('p50_ms_at_half_load', half.p50, 'p50 at half load', 'ms');
  figure('p99_ms_at_half_load', half.p99, 'p99 at half load', 'ms', `target < ${TARGETS.p99_ms_at_half_load}`);
  figure('p999_ms_at_half_load', half.p999, 'p99.9 at half load', 'ms', `max ${half.max.toFixed(1)} ms`);
  figure('p99_service_ms_at_half_load', half.serviceP99, 'p99 from actual send (no queueing)', 'ms');
  figure('generator_loop_max_ms_at_half_load', half.generatorLoopMax, 'load generator: own event-loop delay, max', 'ms', `p99 ${half.generatorLoopP99.toFixed(1)} ms; ${half.generatorCores.toFixed(2)} cores (a stall here delays sends, and counts as latency)`);
  noteCpu('collector', half.cpu);
  const halfProbe = await probeCollector(collector);
  // Both processes unable to run at the same moment: the machine, not the collector (nor the generator).
  const shared = sharedStalls(half.generatorStalls, halfProbe.stalls).map(([s, e]) => e - s);
  figure('machine_stall_ms_at_half_load', shared.reduce((a, b) => a + b, 0), 'stalls the generator and the collector shared', 'ms', `${shared.length} of them, longest ${Math.max(0, ...shared).toFixed(1)} ms (machine-wide: both processes stopped at once)`);
  if (process.env.BENCH_AUTOCANNON_RATE === '1') {
    const ac = await autocannonSaturate(url, pageView, { connections: CONNECTIONS, durationS: DURATION_S, overallRate: rate });
    figure('p99_ms_autocannon_overall_rate', ac.p99, 'autocannon overallRate p99 (bursty pacing)', 'ms', `${Math.round(ac.rps)} req/s`);
  }

  section(`4. Batched: POSTs of ${BATCH_SIZE}-event arrays to the collector vs raw chdb inserts of the same rows`);
  // Warm-up, to a site of its own (the phase's stored rows are counted exactly): its rows are
  // the sample the raw inserts copy, so the raw ceiling can be measured before the phase too.
  await saturate(url, () => batch(BATCH_SIZE, WARM_SITE), { connections: CONNECTIONS, durationS: WARMUP_S });
  await drained(url);
  const sampleRes = await api(url, `/api/sites/${WARM_SITE}/events?format=ndjson&limit=2000`);
  if (sampleRes.status !== 200) throw new Error(`export: ${sampleRes.status}`);
  const sampleFile = path.join(tempDir('waymark-bench-sample-'), 'rows.ndjson');
  fs.writeFileSync(sampleFile, await sampleRes.text());
  const rawRun = async (when: string) => {
    const raw = await rawInsert(sampleFile, DURATION_S, RAW_BATCH_ROWS);
    figure(`raw_rows_per_s_${when}`, raw.rowsPerS, `raw chdb INSERT (${when} the collector)`, 'rows/s', `${RAW_BATCH_ROWS}-row batches of log lines, ${raw.inserts} inserts, ${raw.bytesPerRow.toFixed(0)} B/row; CPU ${raw.cpuUsPerRow.toFixed(1)} µs/row, ${raw.cores.toFixed(2)} cores`);
    return raw;
  };
  const raw1 = await rawRun('before');
  const m0 = await metrics(url);
  const t0 = performance.now();
  const batched = await saturate(url, () => batch(BATCH_SIZE), { connections: CONNECTIONS, durationS: DURATION_S, cpu: collector.cpu });
  const loadEnd = performance.now();
  expectClean('collector batched', batched);
  const tDrained = await drained(url);
  const m1 = await metrics(url);
  // Exact: the collector's own counter (the generator does not count the answers in flight at the end).
  const accepted = m1.accepted - m0.accepted;
  figure('batched_rps', batched.rps, 'collector batched requests', 'req/s', `p99 ${batched.p99} ms`);
  noteCpu('collector', batched.cpu, batched.loadgenCores);
  if (batched.cpu) figure('batched_cpu_us_per_row', batched.cpu.usPerReq / BATCH_SIZE, 'collector CPU per row (all threads)', 'µs', `main thread ${(batched.cpu.mainUsPerReq / BATCH_SIZE).toFixed(1)} µs; load generator ${batched.loadgenCores.toFixed(2)} cores`);
  const inserts = m1.insertCount - m0.insertCount;
  note(`writer: ${inserts} inserts, mean ${(((m1.insertSeconds - m0.insertSeconds) / inserts) * 1000).toFixed(0)} ms, ${Math.round((m1.stored - m0.stored) / inserts)} rows each`);
  await probeCollector(collector);
  figure('batched_accepted_rows_per_s', accepted / ((loadEnd - t0) / 1000), 'rows acknowledged / load time', 'rows/s');
  figure('drain_s', (tDrained - loadEnd) / 1000, 'WAL drain after the load stopped', 's');

  section('5. Collector memory');
  const mem = collector.memory();
  const stopped = await stopChild(collector);
  const stoppedMem = z.object({ peakMb: z.number() }).nullable().optional().parse(stopped?.memory);
  const peak = Math.max(mem?.peakMb ?? 0, stoppedMem?.peakMb ?? 0);
  figure('rss_mb', peak, 'collector peak RSS (VmHWM)', 'MB', `now ${mem?.rssMb.toFixed(0)} MB`);
  if (mem) {
    figure('rss_anon_mb', mem.anonMb, '  of which anonymous (heaps, ClickHouse caches)', 'MB', 'now');
    figure('rss_file_mb', mem.fileMb, '  of which mapped files (mostly libchdb.so)', 'MB', 'now');
  }

  section('4b. Rows really stored, and the raw chdb insert ceiling again');
  const stored = await countRows(path.join(dataDir, 'clickhouse'), BATCH_SITE);
  if (stored !== accepted) console.log(`  !! stored ${stored} rows but ${accepted} were acknowledged`);
  figure('batched_stored_rows', stored, 'rows stored (count() after shutdown)', 'rows', `acknowledged ${accepted}`);
  const batchedRowsPerS = stored / ((tDrained - t0) / 1000);
  figure('batched_rows_per_s', batchedRowsPerS, 'collector: rows stored / (load + drain)', 'rows/s');
  removeDir(dataDir);
  const raw2 = await rawRun('after');
  const rawRowsPerS = (raw1.rowsPerS + raw2.rowsPerS) / 2;
  figure('raw_rows_per_s', rawRowsPerS, 'raw chdb INSERT, mean of both runs', 'rows/s', `spread ±${((Math.abs(raw1.rowsPerS - raw2.rowsPerS) / 2 / rawRowsPerS) * 100).toFixed(0)} %`);
  // What the ceiling costs: the collector must spend this per row too, besides HTTP and enrichment.
  figure('raw_cpu_us_per_row', (raw1.cpuUsPerRow + raw2.cpuUsPerRow) / 2, 'raw chdb INSERT: CPU per row, mean', 'µs');
  const batchedRatio = batchedRowsPerS / rawRowsPerS;
  figure('batched_ratio', batchedRatio, 'batched_ratio = stored rows/s / raw rows/s', '', `target ≥ ${TARGETS.batched_ratio}`);
  figure('batched_ratio_acknowledged', out.batched_accepted_rows_per_s! / rawRowsPerS, 'same, with rows acknowledged / load time', '');

  section('Summary');
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`  single_ratio ${singleRatio.toFixed(3)} (${verdict(singleRatio >= TARGETS.single_ratio)}), p99 at half load ${half.p99.toFixed(2)} ms (${verdict(half.p99 < TARGETS.p99_ms_at_half_load)}), batched_ratio ${batchedRatio.toFixed(3)} (${verdict(batchedRatio >= TARGETS.batched_ratio)}), rss ${peak.toFixed(0)} MB`);
  figure('total_s', (performance.now() - started) / 1000, 'benchmark wall time', 's');
  console.log(`  load average at the end: ${loadAverage()}`);
  out.load_avg_end = os.loadavg()[0]!;
  const { single_ratio, p99_ms_at_half_load, batched_ratio, rss_mb, ...extra } = out;
  console.log(JSON.stringify({ single_ratio, p99_ms_at_half_load, batched_ratio, rss_mb, ...extra }));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function loadGenerator(asked: 'wrk' | 'autocannon' | undefined): 'wrk' | 'autocannon' {
  if (asked === 'autocannon') return asked;
  if (ensureWrk()) return 'wrk';
  if (asked === 'wrk') throw new Error('BENCH_LOADGEN=wrk, but there is no wrk binary (apt-get install wrk)');
  return 'autocannon';
}

/** One event end to end before the load: a misconfigured run would otherwise measure 4xx answers. */
async function smokeTest(url: string): Promise<void> {
  const res = await fetch(`${url}/api/event`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': USER_AGENT },
    body: pageView(),
  });
  const text = await res.text();
  if (res.status !== 202 || !text.includes('"accepted":1')) throw new Error(`smoke test: ${res.status} ${text}`);
}

main().then(
  () => {
    cleanupAll();
    process.exit(0);
  },
  (err: unknown) => {
    console.error(err);
    cleanupAll();
    process.exit(1);
  },
);
