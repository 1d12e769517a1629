/**
 * Ships the write-ahead log to ClickHouse in batches: at least `minRows` rows, or whatever is
 * there once `flushIntervalMs` has passed (about one insert a second under light load).
 * Log data is removed only after ClickHouse confirmed the insert (house rule 7); a failed insert
 * is retried, with back-off, with the same bytes and the same deduplication token. Rows
 * ClickHouse refuses outright are found and set aside (refused.ts), never retried forever.
 */
import type { Logger } from 'pino';
import { insertLines, type Store } from './clickhouse.js';
import { currentRowLines, EVENT_LINES } from '../ingest/row-json.js';
import type { Batch, WriteAheadLog } from './wal.js';
import type { Metrics } from '../http/metrics.js';
import { isRefusedData, lineStarts } from './refused.js';

export interface WriterOptions {
  flushIntervalMs: number;
  minRows: number;
  maxRows: number;
}

const MAX_BACKOFF_MS = 30_000;
/**
 * More refused lines than this in one batch is not a bad row but a store that refuses everything
 * (say, a table changed by hand): the batch is retried, not emptied into the refused file.
 */
const MAX_REFUSED_LINES = 100;
/**
 * A burst of at least this many rows is shipped as soon as appends pause for QUIET_MS, instead
 * of waiting out the interval: its rows are visible sooner, and ClickHouse still gets inserts of
 * a thousand rows or more. Steady traffic never pauses that long, so it keeps the usual batching.
 */
const BURST_ROWS = 1000;
const QUIET_MS = 100;

export class BatchWriter {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastShip = Date.now();
  private lastAppend = 0;
  /** The loop sleeps until the interval is due, not watching for the end of a burst. */
  private pausedLong = false;
  private failures = 0;
  /** Last insert error, for /healthz; null once an insert succeeds again. */
  lastError: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly wal: WriteAheadLog,
    private readonly opts: WriterOptions,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    wal.onAppend(() => {
      this.lastAppend = Date.now();
      // Not after a failed insert (until one succeeds): with traffic, every append would end the
      // back-off, and a down store would get one insert attempt (and the log one warning) per request.
      if (this.failures > 0) return;
      const rows = this.wal.backlogRows();
      if (rows >= this.opts.minRows || (this.pausedLong && rows >= BURST_ROWS)) this.wake?.();
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops the loop after shipping everything in the log (or giving up after `timeoutMs`). */
  async stop(timeoutMs = 30_000): Promise<boolean> {
    this.running = false;
    this.wake?.();
    await this.loop;
    const deadline = Date.now() + timeoutMs;
    while (this.wal.nextBatch(this.opts.maxRows) && Date.now() < deadline) {
      if (!(await this.shipOnce())) await sleep(Math.min(1000, deadline - Date.now()));
    }
    return this.wal.nextBatch(this.opts.maxRows) === null;
  }

  /**
   * Ships every row acknowledged before this call (rows appended meanwhile may wait for their
   * turn), so a reader of the store then sees them all. False, at once, while inserts are failing
   * or the loop is not running (a store not prepared yet), or when `timeoutMs` runs out.
   */
  async shipAcknowledged(timeoutMs: number): Promise<boolean> {
    // Also with nothing to ship: the caller goes on to read or change the store, which is down.
    if (!this.running || this.failures > 0) return false;
    const mark = this.wal.acknowledgedMark();
    if (!mark) return true;
    const deadline = Date.now() + timeoutMs;
    while (!this.wal.shippedThrough(mark)) {
      // Not while backing off: an attempt per caller would end the back-off (see onAppend).
      if (!this.running || this.failures > 0 || Date.now() > deadline) return false;
      if (!(await this.shipOnce())) return false;
    }
    return true;
  }

  /** Ships everything currently in the log; used by stop() and tests. */
  async drain(): Promise<void> {
    while (this.wal.nextBatch(this.opts.maxRows)) {
      if (!(await this.shipOnce())) throw new Error(`insert failed: ${this.lastError}`);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      const now = Date.now();
      const rows = this.wal.backlogRows();
      const due = now - this.lastShip >= this.opts.flushIntervalMs;
      const burst = rows >= BURST_ROWS;
      const settled = burst && now - this.lastAppend >= QUIET_MS;
      if (rows >= this.opts.minRows || ((due || settled) && this.wal.nextBatch(this.opts.maxRows))) {
        const ok = await this.shipOnce();
        if (!ok) await this.pause(Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.failures, 7)));
        continue;
      }
      const untilDue = due ? this.opts.flushIntervalMs : this.opts.flushIntervalMs - (now - this.lastShip);
      this.pausedLong = !burst;
      await this.pause(burst ? Math.min(untilDue, QUIET_MS - (now - this.lastAppend)) : untilDue);
      this.pausedLong = false;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, Math.max(1, ms));
      const self = this;
      function done() {
        clearTimeout(t);
        self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }

  private queue: Promise<unknown> = Promise.resolve();

  /**
   * One batch at a time, whoever asks (the loop, drain(), stop()): two concurrent ships would
   * send the same batch twice and race on the log's state file.
   */
  private shipOnce(): Promise<boolean> {
    const next = this.queue.then(() => this.ship());
    this.queue = next.catch(() => {});
    return next;
  }

  /** Mark in flight → insert → commit. Returns false if the insert failed. */
  private async ship(): Promise<boolean> {
    const batch = this.wal.nextBatch(this.opts.maxRows);
    if (!batch) return true;
    this.lastShip = Date.now();
    const started = performance.now();
    try {
      await this.wal.markInflight(batch);
      const body = currentRowLines(await this.wal.read(batch));
      let setAside = 0;
      if (batch.isolating) setAside = await this.isolate(batch, body);
      else {
        try {
          // The token makes a batch re-sent after a crash a no-op (migration 001's dedup window);
          // it names the log range, so it holds even when old lines are rewritten (currentRowLines).
          await this.insert(body, batch.token);
        } catch (err) {
          if (!isRefusedData(err)) throw err;
          this.log.warn({ err: errorText(err), rows: batch.rows }, 'ClickHouse refused data in a batch; shipping it in parts');
          await this.wal.markIsolating(batch);
          setAside = await this.isolate(batch, body);
        }
      }
      await this.wal.commit(batch);
      this.metrics.observeInsert((performance.now() - started) / 1000, batch.rows - setAside);
      this.failures = 0;
      this.lastError = null;
      return true;
    } catch (err) {
      this.failures++;
      this.lastError = errorText(err);
      this.metrics.insertFailures.inc();
      this.log.warn({ err: this.lastError, rows: batch.rows, attempt: this.failures }, 'insert failed; will retry');
      return false;
    }
  }

  /**
   * Ships a batch ClickHouse refused, in halves, and halves of the halves that fail, down to the
   * single lines it refuses, which are set aside. Each part has its own token (from its line
   * range), and the split is the same on every try, so a retry or a restart in the middle stores
   * no part twice. The whole batch is never tried again (Batch.isolating). Returns the lines set aside.
   */
  private async isolate(batch: Batch, body: Buffer): Promise<number> {
    const at = lineStarts(body);
    const refused: Buffer[] = [];
    let reason = '';
    const part = async (i: number, j: number): Promise<void> => {
      const bytes = body.subarray(at[i], at[j]);
      try {
        await this.insert(bytes, `${batch.token}:${i}-${j}`);
      } catch (err) {
        if (!isRefusedData(err)) throw err;
        if (j - i > 1) return halves(i, j);
        refused.push(bytes);
        reason = errorText(err);
        if (refused.length > MAX_REFUSED_LINES) throw new Error(`ClickHouse refused more than ${MAX_REFUSED_LINES} rows of one batch: ${reason}`);
      }
    };
    const halves = async (i: number, j: number) => {
      const mid = (i + j) >>> 1;
      await part(i, mid);
      await part(mid, j);
    };
    const lines = at.length - 1;
    if (lines > 1) await halves(0, lines); // the whole batch already failed
    else await part(0, lines);
    if (refused.length === 0) return 0;
    const file = await this.wal.setAside(batch, Buffer.concat(refused));
    this.metrics.setAside.inc(refused.length);
    this.log.error({ rows: refused.length, file, err: reason }, 'ClickHouse refused rows: set aside, the rest stored');
    return refused.length;
  }

  private insert(body: Buffer, token: string): Promise<void> {
    return insertLines(this.store, 'events', body, EVENT_LINES, { insert_deduplicate: 1, insert_deduplication_token: token });
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
