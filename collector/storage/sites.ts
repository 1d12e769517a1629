/**
 * Sites live in ClickHouse (so several collectors share them) and in a small in-memory cache
 * (ingestion looks a site up on every event). The cache is refreshed periodically so a site
 * added through another collector becomes known within `refreshMs`, and mirrored to a snapshot
 * file so events can be validated while ClickHouse is unreachable.
 */
import { z } from 'zod';
import type { Store } from './clickhouse.js';
import { toClickHouseTime } from './time.js';
import { siteInputSchema, siteSchema, type Site, type SiteInput } from '../schema/site.js';
import { Snapshot } from './snapshot.js';

export class SiteStore {
  private cache = new Map<string, Site>();
  private timer: NodeJS.Timeout | null = null;

  private readonly snapshot: Snapshot<Site[]> | null;

  constructor(
    private readonly store: Store,
    snapshotFile?: string,
  ) {
    this.snapshot = snapshotFile ? new Snapshot(snapshotFile, z.array(siteSchema)) : null;
    this.cache = new Map((this.snapshot?.read() ?? []).map((s) => [s.id, s]));
  }

  /** Loads from the store (the snapshot stays in use if that fails) and keeps refreshing. */
  async load(refreshMs = 10_000): Promise<void> {
    await this.refresh();
    if (refreshMs > 0 && !this.timer) {
      // A failed refresh keeps the last known sites: ingestion goes on through an outage.
      this.timer = setInterval(() => void this.refresh().catch(() => {}), refreshMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get(id: string): Site | undefined {
    return this.cache.get(id);
  }

  list(): Site[] {
    return [...this.cache.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Creates or replaces a site; returns it as stored. */
  async put(input: SiteInput): Promise<Site> {
    const s = siteInputSchema.parse(input);
    const existing = this.cache.get(s.id);
    const now = new Date();
    const site: Site = {
      id: s.id,
      domains: s.domains,
      timezone: s.timezone,
      created_at: existing?.created_at ?? toClickHouseTime(now.getTime()),
    };
    await this.store.insert({
      table: 'sites',
      values: [{ ...site, version: now.getTime() * 1000 + (this.seq++ % 1000), deleted: 0 }],
      format: 'JSONEachRow',
    });
    this.cache.set(site.id, site);
    this.snapshot?.write(this.list());
    return site;
  }

  private seq = 0;

  async refresh(): Promise<void> {
    const rs = await this.store.query({
      query: 'SELECT id, domains, timezone, toString(created_at) AS created_at FROM sites FINAL WHERE deleted = 0',
      format: 'JSONEachRow',
    });
    const rows = z.array(siteSchema).parse(await rs.json());
    this.cache = new Map(rows.map((r) => [r.id, r]));
    this.snapshot?.write(this.list());
  }
}
