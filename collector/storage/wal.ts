/**
 * Write-ahead log: the reason an acknowledged event survives a crash.
 *
 * Rows arrive already serialized as JSONCompactEachRow lines (row-json.ts), so the log's bytes
 * ARE the ClickHouse insert body: shipping a batch is "read a byte range, send it", with no
 * JSON.stringify of a big batch on the event loop. Appends are group-committed: appends that
 * arrive while the writes in flight (see IN_FLIGHT) are busy go into the next one, and groups are
 * acknowledged in log order, so the wait is bounded by a couple of durable writes.
 *
 * Segments are opened with O_DSYNC: a write returns only once its data (and the file size) is on
 * disk — what write + fdatasync guarantee, in one thread-pool round trip instead of two. On a
 * 2-core box each round trip wakes a worker thread and then the event loop, hundreds of times a
 * second under load.
 *
 * Segments are preallocated: a zero-filled spare file of segmentBytes is written (and synced) in
 * the background, and becomes the next segment at rotation. Appends then overwrite blocks the
 * file already owns, so a durable write changes no metadata and needs no filesystem journal
 * commit. That matters on ext4 (data=ordered): a journal commit must first flush every other
 * file's pending data, so an appending write waited for whatever part ClickHouse had just
 * written (tens of ms, the collector's worst latencies); an overwrite waits for its own bytes
 * only. Recovery finds the end of the data at the first zero byte (no line holds one).
 *
 * On disk: `<dir>/<segment>.log` files (numbered, rotated at segmentBytes) and `state` (see
 * state-file.ts): the shipped cursor plus the batch in flight. A batch is marked in flight (fsynced) before it
 * is inserted and its token is derived from its byte range, so after a crash the very same
 * range is re-sent with the same insert_deduplication_token and ClickHouse stores it once.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { StateFile, fsyncDir } from './state-file.js';

export interface WalOptions {
  dir: string;
  segmentBytes: number;
  /** Unshipped bytes above which appends are refused (the caller answers 503). */
  maxBytes: number;
  /** Group commits written concurrently (default IN_FLIGHT). */
  inFlight?: number;
}

/** A contiguous range of whole lines in one segment. */
export interface Batch {
  segment: number;
  start: number;
  end: number;
  rows: number;
  token: string;
  /**
   * ClickHouse refused some of its data: it is being shipped in parts (writer.ts). Durable, so a
   * retry or a restart ships the same parts again (deduplicated by their own tokens), and never
   * the whole batch, which would store the parts already shipped a second time.
   */
  isolating?: boolean;
}

interface Chunk {
  segment: number;
  start: number;
  end: number;
  rows: number;
}

const stateSchema = z.object({
  walId: z.string(),
  segment: z.number().int(),
  offset: z.number().int(),
  inflight: z
    .object({ segment: z.number().int(), start: z.number().int(), end: z.number().int(), rows: z.number().int(), isolating: z.boolean().optional() })
    .nullable(),
});
type State = z.infer<typeof stateSchema>;

/** Seconds a sender refused by the log (full log, full disk) should wait before it retries. */
export const REFUSED_RETRY_AFTER_S = 30;

/** An append the log refused as a whole, nothing of it written: a condition to wait out, not a fault. */
export abstract class AppendRefusedError extends Error {
  abstract readonly code: 'log_full' | 'disk_full';
}

export class WalFullError extends AppendRefusedError {
  readonly code = 'log_full';
  constructor() {
    super('write-ahead log is full: the store is not keeping up or unreachable');
  }
}

/** The disk under the log is full (or the user's quota used up). */
export class DiskFullError extends AppendRefusedError {
  readonly code = 'disk_full';
  constructor(cause: Error) {
    super('the disk holding the write-ahead log is full', { cause });
  }
}

const segNumber = (n: number) => String(n).padStart(12, '0');
const segName = (n: number) => `${segNumber(n)}.log`;
/** Where lines ClickHouse refused are set aside (see setAside), inside the log's directory. */
export const REFUSED_DIR = 'refused';

/** Replaces `file` with `bytes` durably and whole: a temp file, fsync, rename, fsync of the directory. */
async function writeWhole(file: string, bytes: Buffer): Promise<void> {
  const tmp = `${file}.tmp`;
  const fh = await fsp.open(tmp, 'w');
  try {
    await fh.write(bytes, 0, bytes.length, 0);
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, file);
  await fsyncDir(path.dirname(file));
}

/** A log line's values (JSONCompactEachRow, ingest/row-json.ts), or [] when it is not a JSON array. */
function valuesOf(latin1Line: string): readonly unknown[] {
  try {
    const v: unknown = JSON.parse(Buffer.from(latin1Line, 'latin1').toString('utf8'));
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}
/** Write-only plus O_DSYNC: every write is durable when it returns (see the top of this file). */
const SEGMENT_FLAGS = fs.constants.O_WRONLY | fs.constants.O_DSYNC;
/** The zero-filled file that becomes the next segment (not a segment name: recovery ignores it). */
const SPARE = 'next-segment.spare';
/**
 * Zero-filling syncs this much at a time. Each sync holds the disk for a moment; at 8k events/s
 * with the writer paused (so only the log writes), p99 latency was 4–9 ms with 256 KiB and
 * 7–9 ms with 1 MiB.
 */
const SPARE_CHUNK = 256 * 1024;
const NL = 0x0a;

/** Complete lines: one string, or several in order. */
export type Lines = string | readonly string[];

interface Append {
  lines: Lines;
  bytes: number;
  rows: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

/** One group commit: a durable write of the appends that waited for it, at [start, end). */
interface Group {
  appends: Append[];
  start: number;
  end: number;
  rows: number;
  done: boolean;
  error: Error | null;
}

/**
 * Group commits in flight at once, by default. With preallocated segments a durable write is
 * short (~0.3 ms here), and one at a time makes the groups larger: fewer writes, fewer thread-pool
 * wake-ups (each one can preempt the event loop on 2 busy cores). Measured with single-event
 * POSTs at saturation: 18.0k req/s with one, 17.1k with two, 16.2k with three. (With appending,
 * journal-bound writes two had won.) More than one is supported: acknowledgements stay in log
 * order (see complete()).
 */
const IN_FLIGHT = 1;

export class WriteAheadLog {
  private chunks: Chunk[] = [];
  private pending: Append[] = [];
  private pendingBytes = 0;
  /** Groups being written, in log order. */
  private writing: Group[] = [];
  private writingBytes = 0;
  private rotating = false;
  private scheduled = false;
  private failing = false;
  private idleWaiters: (() => void)[] = [];
  private fd = -1;
  private segment = 0;
  private size = 0;
  private backlog = 0;
  private backlogRowsCount = 0;
  private closed = false;
  private listeners: (() => void)[] = [];
  /** The next segment's file, being zero-filled in the background; null until asked for. */
  private spare: Promise<string> | null = null;

  private constructor(
    private readonly opts: WalOptions,
    private readonly stateFile: StateFile<State>,
    private state: State,
  ) {}

  static async open(opts: WalOptions): Promise<WriteAheadLog> {
    await fsp.mkdir(opts.dir, { recursive: true });
    const { state: file, value } = await StateFile.open(path.join(opts.dir, 'state'), stateSchema, () => ({
      walId: randomUUID(),
      segment: 0,
      offset: 0,
      inflight: null,
    }));
    const wal = new WriteAheadLog(opts, file, value);
    await wal.recover();
    return wal;
  }

  /** When an append last failed because the disk was full (ms since the epoch; 0: never). */
  diskFullAt = 0;

  /** Whether an append of `bytes` more would be taken now (not refused for the cap). */
  hasRoomFor(bytes: number): boolean {
    return this.backlogBytes() + bytes <= this.opts.maxBytes;
  }

  /** Unshipped bytes and rows, for /healthz, /metrics and the writer's batching decision. */
  backlogBytes(): number {
    return this.backlog + this.writingBytes + this.pendingBytes;
  }
  backlogRows(): number {
    return this.backlogRowsCount;
  }
  /** The batch a crash left in flight, to be re-sent before anything else. */
  inflight(): Batch | null {
    const f = this.state.inflight;
    return f ? { ...f, token: this.token(f) } : null;
  }

  /** Where the acknowledged rows end now (null: every one is shipped), for shippedThrough(). */
  acknowledgedMark(): { segment: number; end: number } | null {
    const last = this.chunks[this.chunks.length - 1];
    return last ? { segment: last.segment, end: last.end } : null;
  }

  /** Whether every row acknowledged up to `mark` has been shipped (committed). */
  shippedThrough(mark: { segment: number; end: number }): boolean {
    const first = this.chunks[0];
    return !first || first.segment > mark.segment || (first.segment === mark.segment && first.start >= mark.end);
  }

  /** Called when new durable rows are available (the writer wakes up on it). */
  onAppend(fn: () => void): void {
    this.listeners.push(fn);
  }

  /**
   * Appends one or more complete lines; resolves once they are on disk (O_DSYNC write).
   * Rejects with WalFullError (nothing written) when the unshipped backlog is at the cap.
   * Text is encoded once per group commit (one buffer for the whole group), not once per
   * append: per-request buffers cost more than the write itself under load.
   */
  append(lines: Lines, rows: number): Promise<void> {
    if (this.closed) return Promise.reject(new Error('write-ahead log is closed'));
    const bytes = byteLength(lines);
    if (!this.hasRoomFor(bytes)) return Promise.reject(new WalFullError());
    return new Promise((resolve, reject) => {
      this.pending.push({ lines, bytes, rows, resolve, reject });
      this.pendingBytes += bytes;
      this.kick();
    });
  }

  /**
   * Starts group commits at the end of this turn of the event loop (setImmediate runs after the
   * poll phase), so every request read in this turn joins the same write instead of the first
   * one going alone: each write wakes a thread-pool thread, which on 2 busy cores costs more
   * than the few µs of waiting.
   */
  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /** Starts group commits while there is something to write and a free slot. */
  private pump(): void {
    while (this.pending.length > 0 && this.writing.length < (this.opts.inFlight ?? IN_FLIGHT) && !this.rotating && !this.failing) {
      if (this.size >= this.opts.segmentBytes) {
        if (this.writing.length > 0) return; // the old segment's writes finish first (complete() kicks again)
        this.rotating = true;
        this.rotate().then(
          () => {
            this.rotating = false;
            this.kick();
          },
          (err: unknown) => {
            this.rotating = false;
            const e = this.appendError(err);
            const refused = this.pending;
            this.pending = [];
            this.pendingBytes = 0;
            for (const a of refused) a.reject(e);
            this.kick();
          },
        );
        return;
      }
      this.startGroup();
    }
    if (this.pending.length === 0 && this.writing.length === 0 && !this.rotating && !this.scheduled) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const fn of waiters) fn();
    }
  }

  /** A failed write or rotation as appenders see it: a full disk is refused, other errors are faults. */
  private appendError(err: unknown): Error {
    const e = err instanceof Error ? err : new Error(String(err));
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOSPC' && code !== 'EDQUOT') return e;
    this.diskFullAt = Date.now();
    return new DiskFullError(e);
  }

  private startGroup(): void {
    const appends = this.pending;
    this.pending = [];
    const buf = encodeGroup(appends);
    const bytes = buf.length;
    this.pendingBytes -= appends.reduce((n, a) => n + a.bytes, 0);
    const g: Group = { appends, start: this.size, end: this.size + bytes, rows: appends.reduce((n, a) => n + a.rows, 0), done: false, error: null };
    this.size = g.end;
    this.writingBytes += bytes;
    this.writing.push(g);
    writeAll(this.fd, buf, g.start).then(
      () => {
        g.done = true; // durable (O_DSYNC)
        this.complete();
      },
      (err: unknown) => {
        g.done = true;
        g.error = err instanceof Error ? err : new Error(String(err));
        this.failing = true;
        this.complete();
      },
    );
  }

  /**
   * Groups are acknowledged in log order only: a group whose write finished early waits for the
   * groups before it. So every acknowledged byte has only acknowledged bytes before it, and a
   * crash can leave unacknowledged data (or a hole of zeros, from a later write landing before
   * an earlier one) only after the last acknowledged line, which recovery cuts off.
   * A failed write fails its group and every later one (none acknowledged yet): once all writes
   * in flight are over, the file is cut back to the failed group's start and writing resumes there.
   */
  private complete(): void {
    if (this.failing) {
      if (this.writing.some((g) => !g.done)) return;
      const groups = this.writing;
      this.writing = [];
      const failed = groups.findIndex((g) => g.error !== null);
      for (const g of groups.slice(0, failed)) this.acknowledge(g);
      const first = groups[failed]!;
      try {
        fs.ftruncateSync(this.fd, first.start);
      } catch {
        /* the fd itself is broken; recovery will cut the torn tail */
      }
      this.size = first.start;
      const error = this.appendError(first.error);
      for (const g of groups.slice(failed)) {
        this.writingBytes -= g.end - g.start;
        for (const a of g.appends) a.reject(error);
      }
      this.failing = false;
    } else {
      while (this.writing[0]?.done) this.acknowledge(this.writing.shift()!);
    }
    this.kick();
  }

  private acknowledge(g: Group): void {
    this.writingBytes -= g.end - g.start;
    this.pushChunk({ segment: this.segment, start: g.start, end: g.end, rows: g.rows });
    for (const a of g.appends) a.resolve();
    for (const fn of this.listeners) fn();
  }

  private pushChunk(c: Chunk): void {
    // Chunks are never merged: a batch is a run of whole chunks, so commit() can drop exactly them.
    this.chunks.push(c);
    this.backlog += c.end - c.start;
    this.backlogRowsCount += c.rows;
  }

  /**
   * The next batch to ship: whole chunks from the shipped cursor, one segment at a time,
   * up to maxRows (at least one chunk). The in-flight batch of a crash comes first.
   */
  nextBatch(maxRows: number): Batch | null {
    const inflight = this.inflight();
    if (inflight) return inflight;
    const first = this.chunks[0];
    if (!first) return null;
    const b = { segment: first.segment, start: first.start, end: first.end, rows: first.rows };
    for (let i = 1; i < this.chunks.length; i++) {
      const c = this.chunks[i]!;
      if (c.segment !== b.segment || b.rows + c.rows > maxRows) break;
      b.end = c.end;
      b.rows += c.rows;
    }
    return { ...b, token: this.token(b) };
  }

  /** Durably records that this batch is about to be inserted. */
  async markInflight(batch: Batch): Promise<void> {
    if (this.state.inflight) return;
    const { segment, start, end, rows } = batch;
    this.state = { ...this.state, inflight: { segment, start, end, rows } };
    await this.stateFile.write(this.state);
  }

  /** Durably records that the in-flight batch is being shipped in parts (see Batch.isolating). */
  async markIsolating(batch: Batch): Promise<void> {
    const f = this.state.inflight;
    if (!f || f.segment !== batch.segment || f.start !== batch.start) throw new Error('markIsolating: not the batch in flight');
    if (f.isolating) return;
    this.state = { ...this.state, inflight: { ...f, isolating: true } };
    await this.stateFile.write(this.state);
  }

  /**
   * Keeps lines ClickHouse refused, byte for byte, in `<dir>/refused/<segment>-<start>.log`, durably,
   * before the batch is committed: set aside, never dropped. Written whole (temp file, fsync,
   * rename), so a retry of the same batch rewrites the same file instead of adding to it.
   */
  async setAside(batch: Batch, lines: Buffer): Promise<string> {
    const dir = path.join(this.opts.dir, REFUSED_DIR);
    if ((await fsp.mkdir(dir, { recursive: true })) !== undefined) await fsyncDir(this.opts.dir); // a new directory: make its entry durable
    const file = path.join(dir, `${segNumber(batch.segment)}-${batch.start}.log`);
    await writeWhole(file, lines);
    return file;
  }

  /**
   * Removes the set-aside lines `erase` picks (a site deleted, a person's data erased: those rows
   * are personal data too), each file rewritten whole like setAside writes it, or removed when
   * nothing is left. `erase` gets a line's values in EVENT_COLUMNS order; a line that is not a
   * JSON array (ClickHouse refused it for that) names nobody and stays. Returns the lines removed.
   */
  async eraseSetAside(erase: (values: readonly unknown[]) => boolean): Promise<number> {
    const dir = path.join(this.opts.dir, REFUSED_DIR);
    const files = fs.existsSync(dir) ? (await fsp.readdir(dir)).filter((f) => f.endsWith('.log')) : [];
    let removed = 0;
    for (const name of files) {
      const file = path.join(dir, name);
      const text = await fsp.readFile(file, 'latin1'); // byte for byte, whatever the lines hold
      const lines = text.split(/(?<=\n)/);
      const kept = lines.filter((line) => !erase(valuesOf(line)));
      if (kept.length === lines.length) continue;
      removed += lines.length - kept.length;
      if (kept.length > 0) await writeWhole(file, Buffer.from(kept.join(''), 'latin1'));
      else {
        await fsp.rm(file);
        await fsyncDir(dir);
      }
    }
    return removed;
  }

  async read(batch: Batch): Promise<Buffer> {
    const fh = await fsp.open(path.join(this.opts.dir, segName(batch.segment)), 'r');
    try {
      const buf = Buffer.allocUnsafe(batch.end - batch.start);
      const { bytesRead } = await fh.read(buf, 0, buf.length, batch.start);
      if (bytesRead !== buf.length) throw new Error(`short read from WAL segment ${batch.segment}`);
      return buf;
    } finally {
      await fh.close();
    }
  }

  /** ClickHouse confirmed the insert: advance the cursor, then drop fully shipped segments. */
  async commit(batch: Batch): Promise<void> {
    this.state = { ...this.state, segment: batch.segment, offset: batch.end, inflight: null };
    await this.stateFile.write(this.state);
    while (this.chunks.length > 0) {
      const c = this.chunks[0]!;
      if (c.segment > batch.segment || (c.segment === batch.segment && c.end > batch.end)) break;
      this.chunks.shift();
      this.backlog -= c.end - c.start;
      this.backlogRowsCount -= c.rows;
    }
    await this.removeShippedSegments();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pending.length > 0 || this.writing.length > 0 || this.rotating || this.scheduled) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.spare?.catch(() => {}); // no write into the directory after close
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    await this.stateFile.close();
  }

  private token(r: { segment: number; start: number; end: number }): string {
    return `${this.state.walId}:${r.segment}:${r.start}:${r.end}`;
  }

  private async rotate(): Promise<void> {
    const spare = await (this.spare ?? this.prepareSpare());
    this.spare = null;
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    const file = path.join(this.opts.dir, segName(this.segment + 1));
    await fsp.rename(spare, file);
    this.fd = fs.openSync(file, SEGMENT_FLAGS);
    this.segment += 1;
    this.size = 0;
    await fsyncDir(this.opts.dir);
    this.prepareNextSpare();
  }

  /** Starts zero-filling the next segment's file while this one fills up. */
  private prepareNextSpare(): void {
    this.spare = this.prepareSpare();
    this.spare.catch(() => {
      this.spare = null; // rotate() tries again, and reports the error to the appends then
    });
  }

  /**
   * Writes segmentBytes of zeros to the spare file and syncs it (blocks allocated and on disk),
   * rewriting any spare an earlier run left. Only a complete spare is ever renamed into place.
   * It is synced SPARE_CHUNK bytes at a time: one flush of the whole file would keep the disk busy
   * long enough to stall the durable writes of the requests being answered meanwhile.
   */
  private async prepareSpare(): Promise<string> {
    const file = path.join(this.opts.dir, SPARE);
    const fh = await fsp.open(file, 'w');
    try {
      const zeros = Buffer.alloc(Math.min(SPARE_CHUNK, this.opts.segmentBytes));
      for (let at = 0; at < this.opts.segmentBytes; at += zeros.length) {
        await fh.write(zeros, 0, Math.min(zeros.length, this.opts.segmentBytes - at), at);
        await fh.datasync();
      }
    } finally {
      await fh.close();
    }
    return file;
  }

  private async removeShippedSegments(): Promise<void> {
    for (const n of await this.segmentNumbers()) {
      if (n < this.state.segment && n !== this.segment) await fsp.rm(path.join(this.opts.dir, segName(n)), { force: true });
    }
  }

  private async segmentNumbers(): Promise<number[]> {
    return (await fsp.readdir(this.opts.dir))
      .filter((f) => /^\d{12}\.log$/.test(f))
      .map((f) => Number(f.slice(0, 12)))
      .sort((a, b) => a - b);
  }

  /** Rebuilds the chunk index from disk: everything after the shipped cursor is still to ship. */
  private async recover(): Promise<void> {
    const segments = await this.segmentNumbers();
    for (const n of segments) {
      if (n < this.state.segment) {
        await fsp.rm(path.join(this.opts.dir, segName(n)), { force: true });
        continue;
      }
      const file = path.join(this.opts.dir, segName(n));
      const data = await fsp.readFile(file);
      // A crash can tear the last, never-acknowledged writes: cut back to the last whole line
      // before the end or before the first zero byte (a hole: a later write landed before an
      // earlier one; no line has a raw zero byte, JSON escapes it). See complete().
      const hole = data.indexOf(0);
      const limit = hole >= 0 ? hole : data.length;
      const whole = limit === 0 ? 0 : data.lastIndexOf(NL, limit - 1) + 1;
      if (whole < data.length) await fsp.truncate(file, whole);
      const from = n === this.state.segment ? this.state.offset : 0;
      const inflight = this.state.inflight;
      for (let start = from; start < whole; ) {
        if (inflight && inflight.segment === n && inflight.start === start) {
          // The batch a crash left in flight is re-sent exactly as it was: keep it one chunk.
          this.pushChunk({ segment: n, start, end: inflight.end, rows: inflight.rows });
          start = inflight.end;
          continue;
        }
        // Index in chunks of ≤ 2000 rows so batches can be cut at row boundaries.
        let end = start;
        let rows = 0;
        while (end < whole && rows < 2000) {
          end = data.indexOf(NL, end) + 1;
          rows++;
        }
        this.pushChunk({ segment: n, start, end, rows });
        start = end;
      }
    }
    // Appends always go to a fresh segment after recovery, so recovered ranges never change.
    this.segment = Math.max(this.state.segment, segments[segments.length - 1] ?? 0);
    this.size = this.opts.segmentBytes; // forces rotate() on the first append
    this.prepareNextSpare();
  }
}

/** The group's bytes: every append's text encoded straight into one buffer of its known size (no joined copy first). */
function encodeGroup(group: Append[]): Buffer {
  const buf = Buffer.allocUnsafe(group.reduce((n, a) => n + a.bytes, 0));
  let at = 0;
  for (const { lines } of group) {
    if (typeof lines === 'string') at += buf.write(lines, at);
    else for (const t of lines) at += buf.write(t, at);
  }
  if (at !== buf.length) throw new Error(`WAL: encoded ${at} bytes, expected ${buf.length}`);
  return buf;
}

function byteLength(lines: Lines): number {
  if (typeof lines === 'string') return Buffer.byteLength(lines);
  let n = 0;
  for (const t of lines) n += Buffer.byteLength(t);
  return n;
}

function writeAll(fd: number, buf: Buffer, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const go = (rest: Buffer, pos: number) =>
      fs.writev(fd, [rest], pos, (err, written) => {
        if (err) return reject(err);
        if (written === rest.length) return resolve();
        go(rest.subarray(written), pos + written); // short write: continue with what is left
      });
    go(buf, position);
  });
}
