import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WalFullError, WriteAheadLog, type Batch } from '../../../collector/storage/wal.js';
import { tempDir } from '../../helpers/server.js';

const line = (i: number) => JSON.stringify({ i }) + '\n';
const open = (dir: string, over: Partial<{ segmentBytes: number; maxBytes: number; inFlight: number }> = {}) =>
  WriteAheadLog.open({ dir, segmentBytes: 1 << 20, maxBytes: 1 << 30, ...over });

/** A segment's lines: its bytes up to the first zero (segments are preallocated, zero-filled). */
function dataOf(file: string): Buffer {
  const bytes = fs.readFileSync(file);
  const end = bytes.indexOf(0);
  return end < 0 ? bytes : bytes.subarray(0, end);
}
/** What a crash mid-write leaves: bytes written right after the data, nowhere acknowledged. */
function writeAfterData(file: string, bytes: Buffer | string): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.from(bytes), 0, Buffer.byteLength(bytes), dataOf(file).length);
  fs.closeSync(fd);
}

async function shipAll(wal: WriteAheadLog, maxRows = 1000): Promise<number[]> {
  const seen: number[] = [];
  for (let b: Batch | null; (b = wal.nextBatch(maxRows)); ) {
    await wal.markInflight(b);
    const text = (await wal.read(b)).toString();
    seen.push(...text.trim().split('\n').map((l) => (JSON.parse(l) as { i: number }).i));
    await wal.commit(b);
  }
  return seen;
}

describe('write-ahead log', () => {
  it('acknowledges appends only once they are in a segment file on disk', async () => {
    const dir = tempDir();
    const wal = await open(dir);
    await Promise.all([0, 1, 2].map((i) => wal.append(line(i), 1)));
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.log'));
    const onDisk = files.map((f) => dataOf(path.join(dir, f)).toString()).join('');
    expect(onDisk.trim().split('\n').sort()).toEqual(['{"i":0}', '{"i":1}', '{"i":2}']);
    expect(wal.backlogRows()).toBe(3);
    await wal.close();
  });

  it('takes text (one string or several) and buffers alike, in one group commit, byte for byte in order', async () => {
    const dir = tempDir();
    const wal = await open(dir);
    const text = line;
    await Promise.all([
      wal.append(text(0), 1),
      wal.append(line(1), 1),
      wal.append(text(2) + '{"i":"é😀"}\n', 2),
      wal.append(text(3), 1),
      wal.append(line(4), 1),
      wal.append([text(5), '{"i":"ü"}\n', text(7)], 3),
    ]);
    expect(wal.backlogRows()).toBe(9);
    const b = wal.nextBatch(100)!;
    expect((await wal.read(b)).toString()).toBe('{"i":0}\n{"i":1}\n{"i":2}\n{"i":"é😀"}\n{"i":3}\n{"i":4}\n{"i":5}\n{"i":"ü"}\n{"i":7}\n');
    expect(b.end - b.start).toBe(wal.backlogBytes());
    await wal.close();
  });

  it('hands out batches in order, at row boundaries, and forgets them once committed', async () => {
    const dir = tempDir();
    const wal = await open(dir);
    for (let i = 0; i < 50; i++) await wal.append(line(i), 1);
    const first = wal.nextBatch(20)!;
    expect(first.rows).toBe(20);
    expect(await shipAll(wal, 20)).toEqual([...Array(50).keys()]);
    expect(wal.backlogRows()).toBe(0);
    expect(wal.backlogBytes()).toBe(0);
    expect(wal.nextBatch(20)).toBeNull();
    await wal.close();
  });

  it('replays what was not shipped after a restart, and nothing that was', async () => {
    const dir = tempDir();
    let wal = await open(dir);
    for (let i = 0; i < 10; i++) await wal.append(line(i), 1);
    const b = wal.nextBatch(4)!;
    await wal.markInflight(b);
    await wal.commit(b);
    await wal.close();
    wal = await open(dir);
    expect(await shipAll(wal)).toEqual([4, 5, 6, 7, 8, 9]);
    await wal.close();
  });

  it('re-sends the exact in-flight batch, with the same token, after a crash', async () => {
    const dir = tempDir();
    let wal = await open(dir);
    for (let i = 0; i < 6; i++) await wal.append(line(i), 1);
    const b = wal.nextBatch(3)!;
    await wal.markInflight(b); // "crash" before commit
    await wal.close();
    wal = await open(dir);
    const again = wal.nextBatch(1000)!;
    expect(again).toEqual(b);
    expect(await shipAll(wal)).toEqual([0, 1, 2, 3, 4, 5]);
    await wal.close();
  });

  it('cuts a torn, never-acknowledged tail on recovery', async () => {
    const dir = tempDir();
    let wal = await open(dir);
    await wal.append(line(1), 1);
    await wal.close();
    const seg = fs.readdirSync(dir).find((f) => f.endsWith('.log'))!;
    writeAfterData(path.join(dir, seg), '{"i":2'); // half a line
    wal = await open(dir);
    await wal.append(line(3), 1);
    expect(await shipAll(wal)).toEqual([1, 3]);
    await wal.close();
  });

  it('cuts a hole left by a later write that landed before an earlier one, and all after it', async () => {
    // Two group commits are written concurrently; a crash can keep the later and lose the
    // earlier, leaving zeros before it. Neither was acknowledged (acknowledgement is in order).
    const dir = tempDir();
    let wal = await open(dir);
    await wal.append(line(1), 1);
    await wal.close();
    const seg = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.log'))!);
    writeAfterData(seg, Buffer.concat([Buffer.from('{"i":2'), Buffer.alloc(9), Buffer.from(line(3) + line(4))]));
    wal = await open(dir);
    expect(fs.readFileSync(seg, 'utf8')).toBe('{"i":1}\n');
    await wal.append(line(5), 1);
    expect(await shipAll(wal)).toEqual([1, 5]);
    await wal.close();
  });

  it('acknowledges concurrent group commits in log order, and a failed write fails only its own appends', async () => {
    const dir = tempDir();
    const wal = await open(dir, { inFlight: 2 });
    await wal.append(line(0), 1); // the segment exists; later writes go through the stub below
    const real = fs.writev;
    const calls: { bufs: NodeJS.ArrayBufferView[]; pos: number; cb: (err: Error | null, n: number) => void }[] = [];
    const stub = ((fd: number, bufs: NodeJS.ArrayBufferView[], pos: number, cb: (err: Error | null, n: number) => void) => {
      calls.push({ bufs, pos, cb });
    }) as unknown as typeof fs.writev;
    fs.writev = stub;
    try {
      const order: string[] = [];
      const track = (name: string, p: Promise<void>) => p.then(() => order.push(name + ' ok'), () => order.push(name + ' failed'));
      const turn = () => new Promise((r) => setImmediate(r)); // appends of one turn form one group
      const a = track('a', wal.append(line(1), 1)); // first group
      await turn();
      const b = track('b', wal.append(line(2), 1)); // second group, written concurrently
      await turn();
      const c = track('c', wal.append(line(3), 1)); // waits for a free slot
      await turn();
      expect(calls.length).toBe(2);
      // The second write finishes first: nothing is acknowledged before the first one is.
      real(wal['fd'] as number, calls[1]!.bufs, calls[1]!.pos, calls[1]!.cb);
      await new Promise((r) => setTimeout(r, 20));
      expect(order).toEqual([]);
      calls[0]!.cb(new Error('EIO: disk trouble'), 0); // the first one fails
      await Promise.all([a, b]);
      expect(order).toEqual(['a failed', 'b failed']);
      await turn();
      // c is written where a would have been; the failed bytes are gone from the file.
      expect(calls.length).toBe(3);
      expect(calls[2]!.pos).toBe(calls[0]!.pos);
      real(wal['fd'] as number, calls[2]!.bufs, calls[2]!.pos, calls[2]!.cb);
      await c;
      expect(order).toEqual(['a failed', 'b failed', 'c ok']);
    } finally {
      fs.writev = real;
    }
    expect(await shipAll(wal)).toEqual([0, 3]);
    await wal.close();
  });

  it('writes into preallocated segments: a zero-filled spare of segmentBytes becomes the next one', async () => {
    const dir = tempDir();
    const segmentBytes = 4096;
    const wal = await open(dir, { segmentBytes });
    await wal.append(line(1), 1);
    const segments = () => fs.readdirSync(dir).filter((f) => f.endsWith('.log'));
    expect(segments()).toHaveLength(1);
    const first = path.join(dir, segments()[0]!);
    expect(fs.statSync(first).size).toBe(segmentBytes); // the append overwrote zeros, no growth
    expect(dataOf(first).toString()).toBe('{"i":1}\n');
    await wal.close(); // the next spare is complete by now
    const spare = fs.readdirSync(dir).filter((f) => f.endsWith('.spare'));
    expect(spare).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, spare[0]!)).equals(Buffer.alloc(segmentBytes))).toBe(true);
    // A restart cuts the zeros off the old segment and appends to the spare, now a segment.
    const reopened = await open(dir, { segmentBytes });
    await reopened.append(line(2), 1);
    expect(segments()).toHaveLength(2);
    expect(fs.statSync(first).size).toBe(8);
    expect(await shipAll(reopened)).toEqual([1, 2]);
    await reopened.close();
  });

  it('rotates segments and deletes fully shipped ones', async () => {
    const dir = tempDir();
    const wal = await open(dir, { segmentBytes: 64 });
    for (let i = 0; i < 40; i++) await wal.append(line(i), 1);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.log')).length).toBeGreaterThan(3);
    expect(await shipAll(wal)).toEqual([...Array(40).keys()]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.log')).length).toBeLessThanOrEqual(1);
    await wal.close();
  });

  it('refuses appends past the byte cap without writing them', async () => {
    const dir = tempDir();
    const wal = await open(dir, { maxBytes: 40 });
    await wal.append(line(1), 1);
    await wal.append(line(2), 1);
    await expect(wal.append('x'.repeat(30) + '\n', 1)).rejects.toBeInstanceOf(WalFullError);
    expect(wal.backlogRows()).toBe(2);
    await shipAll(wal);
    await expect(wal.append(line(3), 1)).resolves.toBeUndefined();
    await wal.close();
  });

  it('group-commits concurrent appends into few writes', async () => {
    const dir = tempDir();
    const wal = await open(dir);
    await Promise.all(Array.from({ length: 200 }, (_, i) => wal.append(line(i), 1)));
    expect(wal.backlogRows()).toBe(200);
    // one batch covers them all though they came as 200 appends
    expect(wal.nextBatch(1000)!.rows).toBe(200);
    await wal.close();
  });
});
