/**
 * Sites live in ClickHouse (so several collectors share them) and in a small in-memory cache
 * (ingestion looks a site up on every event). The cache is refreshed periodically so a site
 * added through another collector becomes known within `refreshMs`, and mirrored to a snapshot
 * file so events can be validated while ClickHouse is unreachable.
 */
import { z } from 'zod';
import { countRows, type Store } from './clickhouse.js';
import { toClickHouseTime } from './time.js';
import { siteInputSchema, siteSchema, type Site, type SiteInput } from '../schema/site.js';
import { Snapshot } from './snapshot.js';
import { MirroredTable } from './mirrored-table.js';

export class SiteStore extends MirroredTable {
  private cache = new Map<string, Site>();

  private readonly snapshot: Snapshot<Site[]> | null;

  constructor(
    private readonly store: Store,
    snapshotFile?: string,
  ) {
    super();
    this.snapshot = snapshotFile ? new Snapshot(snapshotFile, z.array(siteSchema)) : null;
    this.cache = new Map((this.snapshot?.read() ?? []).map((s) => [s.id, s]));
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
      exclude_paths: s.exclude_paths,
      exclude_ips: s.exclude_ips,
      created_at: existing?.created_at ?? toClickHouseTime(now.getTime()),
    };
    await this.write(site, 0);
    this.cache.set(site.id, site);
    this.snapshot?.write(this.list());
    return site;
  }

  /**
   * Whether any site was ever made here, deleted ones too: a data dir whose owner deleted the
   * demo shop is not a first start, and does not get the demo again. True if the store cannot say.
   */
  async everMade(): Promise<boolean> {
    if (this.cache.size > 0) return true;
    try {
      return (await countRows(this.store, 'sites')) > 0;
    } catch {
      return true; // unknown: loading the demo into somebody's store by mistake is worse than not
    }
  }

  /**
   * Marks a site deleted (a new version with deleted = 1): this collector stops taking its events
   * at once, others at their next refresh. Its data is deleted by site-deletion.ts.
   */
  async remove(id: string): Promise<void> {
    const site = this.cache.get(id);
    if (!site) return;
    await this.write(site, 1);
    this.cache.delete(id);
    this.snapshot?.write(this.list());
  }

  /** A new version of the site's row: the latest one wins (ReplacingMergeTree, read with FINAL). */
  private async write(site: Site, deleted: 0 | 1): Promise<void> {
    await this.store.insert({ table: 'sites', values: [{ ...site, version: this.nextVersion(), deleted }], format: 'JSONEachRow' });
  }

  async refresh(): Promise<void> {
    const rs = await this.store.query({
      query: 'SELECT id, domains, timezone, exclude_paths, exclude_ips, toString(created_at) AS created_at FROM sites FINAL WHERE deleted = 0',
      format: 'JSONEachRow',
    });
    const rows = z.array(siteSchema).parse(await rs.json());
    this.cache = new Map(rows.map((r) => [r.id, r]));
    this.snapshot?.write(this.list());
  }
}
