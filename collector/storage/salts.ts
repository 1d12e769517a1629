/**
 * Daily salts for cookieless visitor ids, shared by all collectors through ClickHouse.
 * Racing collectors may each insert a salt for the same day; everyone uses min(salt),
 * so they agree once both inserts are visible. Salts expire (TTL in migration 003).
 * Today's salt is also kept in the data dir; if ClickHouse is unreachable when a day starts,
 * a local salt is made so ingestion goes on (collectors may then disagree for that day).
 *
 * Tomorrow's salt is fetched (created if need be) ahead, every hour (`keepAhead`), so the first
 * cookieless event of a day does not wait for ClickHouse: the embedded engine runs parameterized
 * queries one at a time in the whole process (chdb guards its parameter state that way), so the
 * salt query would otherwise queue behind whatever analysis is running — seconds on a big site.
 */
import { z } from 'zod';
import type { Store } from './clickhouse.js';
import { newSalt } from '../ingest/visitor.js';
import { toClickHouseTime } from './time.js';
import { Snapshot } from './snapshot.js';

const row = z.object({ salt: z.string() });
const saved = z.object({ day: z.string(), salt: z.string() });

const HOUR = 3_600_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

export class SaltStore {
  private day = '';
  private salt = '';
  private loading: Promise<string> | null = null;
  /** Tomorrow's salt, fetched ahead. */
  private next: { day: string; salt: string } | null = null;
  private timer: NodeJS.Timeout | null = null;

  private readonly snapshot: Snapshot<z.infer<typeof saved>> | null;

  constructor(
    private readonly store: Store,
    snapshotFile?: string,
  ) {
    this.snapshot = snapshotFile ? new Snapshot(snapshotFile, saved) : null;
  }

  /** The salt of `now`'s UTC day: fetched ahead (prefetch), else loaded by the day's first call. */
  async current(now = new Date()): Promise<string> {
    const day = dayOf(now);
    if (day === this.day) return this.salt;
    if (this.next?.day === day) {
      this.use(day, this.next.salt);
      return this.salt;
    }
    this.loading ??= this.load(day).finally(() => (this.loading = null));
    return this.loading;
  }

  /**
   * Loads today's salt and fetches tomorrow's (reading again each time, so racing collectors
   * converge on min(salt) well before the day starts). A failure leaves the day's start to current().
   */
  async prefetch(now = new Date()): Promise<void> {
    await this.current(now);
    const tomorrow = dayOf(new Date(now.getTime() + 24 * HOUR));
    this.next = { day: tomorrow, salt: await this.fromStore(tomorrow) };
  }

  /** prefetch() now and every hour until stop(). */
  keepAhead(): Promise<void> {
    this.timer ??= setInterval(() => void this.prefetch().catch(() => {}), HOUR).unref();
    return this.prefetch().catch(() => {});
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async load(day: string): Promise<string> {
    const salt = await this.fromStore(day).catch(() => {
      const kept = this.snapshot?.read();
      return kept?.day === day ? kept.salt : newSalt();
    });
    this.use(day, salt);
    return salt;
  }

  private use(day: string, salt: string): void {
    this.day = day;
    this.salt = salt;
    this.snapshot?.write({ day, salt });
  }

  private async fromStore(day: string): Promise<string> {
    let salt = await this.read(day);
    if (!salt) {
      await this.store.insert({ table: 'salts', values: [{ day, salt: newSalt(), created_at: toClickHouseTime(Date.now()) }], format: 'JSONEachRow' });
      salt = await this.read(day);
    }
    if (!salt) throw new Error(`could not create the salt of ${day}`);
    return salt;
  }

  private async read(day: string): Promise<string | undefined> {
    const rs = await this.store.query({
      query: 'SELECT min(salt) AS salt FROM salts WHERE day = {day:Date} HAVING count() > 0',
      query_params: { day },
      format: 'JSONEachRow',
    });
    return z.array(row).parse(await rs.json())[0]?.salt;
  }
}
