/**
 * A small ClickHouse table (sites, API keys) mirrored in memory, because requests look it up
 * constantly, and refreshed periodically, because several collectors may change it. A failed
 * refresh keeps the last known rows: ingestion goes on through a store outage.
 */
export abstract class MirroredTable {
  private timer: NodeJS.Timeout | null = null;
  private lastVersion = 0;

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

  /** Row versions for ReplacingMergeTree: increasing, even for two writes in one millisecond. */
  protected nextVersion(): number {
    this.lastVersion = Math.max(this.lastVersion + 1, Date.now() * 1000);
    return this.lastVersion;
  }
}
