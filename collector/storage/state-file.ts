/**
 * A small durable record (the WAL's cursor and in-flight batch), updated twice per batch.
 * Two fixed 4 KiB slots written alternately in place with pwrite + fdatasync: no temp file, no
 * rename, no directory fsync — those each force a filesystem journal commit that the WAL's own
 * fsync (on the request path) would then queue behind. A torn write can only hit the slot being
 * written; each slot carries a sequence number and a checksum, and reading takes the newest valid one.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

const SLOT = 4096;
const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

export class StateFile<T> {
  private constructor(
    private readonly fh: fsp.FileHandle,
    private seq: number,
  ) {}

  /** Opens (or creates, with `initial()`) the file; returns it with its current value. */
  static async open<T>(file: string, schema: z.ZodType<T>, initial: () => T): Promise<{ state: StateFile<T>; value: T }> {
    const existed = fs.existsSync(file);
    const fh = await fsp.open(file, existed ? 'r+' : 'w+');
    if (!existed) await fsyncDir(path.dirname(file));
    const buf = Buffer.alloc(SLOT * 2);
    await fh.read(buf, 0, buf.length, 0);
    const slots = [0, 1].flatMap((i) => parseSlot(buf.subarray(i * SLOT, (i + 1) * SLOT), schema));
    const newest = slots.sort((a, b) => b.seq - a.seq)[0];
    if (existed && !newest && (await fh.stat()).size > 0) {
      await fh.close();
      throw new Error(`corrupt WAL state file ${file}: no valid slot`);
    }
    const state = new StateFile<T>(fh, newest?.seq ?? 0);
    const value = newest?.value ?? initial();
    if (!newest) await state.write(value);
    return { state, value };
  }

  async write(value: T): Promise<void> {
    this.seq += 1;
    const json = JSON.stringify(value);
    const text = `${this.seq} ${digest(`${this.seq} ${json}`)} ${json}`;
    const slot = Buffer.alloc(SLOT);
    if (slot.write(text, 'utf8') !== Buffer.byteLength(text)) throw new Error('WAL state record too large');
    await this.fh.write(slot, 0, SLOT, (this.seq % 2) * SLOT);
    await this.fh.datasync();
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

function parseSlot<T>(slot: Buffer, schema: z.ZodType<T>): { seq: number; value: T }[] {
  const end = slot.indexOf(0);
  const text = slot.subarray(0, end < 0 ? slot.length : end).toString('utf8');
  const m = /^(\d+) ([0-9a-f]{16}) (.*)$/s.exec(text);
  if (!m || digest(`${m[1]} ${m[3]}`) !== m[2]) return [];
  try {
    const parsed = schema.safeParse(JSON.parse(m[3]!));
    return parsed.success ? [{ seq: Number(m[1]), value: parsed.data }] : [];
  } catch {
    return [];
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
