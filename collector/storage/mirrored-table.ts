/**
 * A small ClickHouse table (sites, API keys) mirrored in memory, because requests look it up
 * constantly, and refreshed periodically, because several collectors may change it. A failed
 * refresh keeps the last known rows: ingestion goes on through a store outage.
 */
import { nextRowVersion } from './row-version.js';

export abstract class MirroredTable {
  private timer: NodeJS.Timeout | null = null;

  abstract refresh(): Promise<void>;

  async load(refreshMs = 10_000): Promise<void> {
    await this.refresh();
    if (refreshMs > 0 && !this.timer) {
      this.timer = setInterval(() => void this.refresh().catch(() => {}), refreshMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Row versions for ReplacingMergeTree (row-version.ts). */
  protected nextVersion(): number {
    return nextRowVersion();
  }
}
