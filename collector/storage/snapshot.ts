/**
 * A small JSON file in the data dir that mirrors state kept in ClickHouse (sites, today's salt),
 * so the collector can validate and accept events while the store is unreachable.
 */
import fs from 'node:fs';
import type { z } from 'zod';

export class Snapshot<T> {
  constructor(
    private readonly file: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  read(): T | undefined {
    try {
      return this.schema.parse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
    } catch {
      return undefined; // missing or unreadable: the store is the source of truth anyway
    }
  }

  /** Atomic replace, so a crash never leaves half a file. */
  write(value: T): void {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value));
    fs.renameSync(tmp, this.file);
  }
}
