/**
 * Per-site read-only API keys: for scripts and other tools that read a site's analyses.
 * Only a SHA-256 of a key is stored; the key is returned once, at creation. Lookups hit an
 * in-memory map refreshed from ClickHouse, as for sites.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Store } from './clickhouse.js';
import { toClickHouseTime } from './time.js';
import { apiKeySchema, type ApiKey } from '../schema/api-key.js';
import { MirroredTable } from './mirrored-table.js';

const rowSchema = apiKeySchema.extend({ key_hash: z.string() });

export const KEY_PREFIX = 'wmk_';
const hash = (key: string) => createHash('sha256').update(key).digest('hex');

export class ApiKeyStore extends MirroredTable {
  private byHash = new Map<string, z.infer<typeof rowSchema>>();
  private byId = new Map<string, z.infer<typeof rowSchema>>();

  constructor(private readonly store: Store) {
    super();
  }

  async refresh(): Promise<void> {
    const rs = await this.store.query({
      query: 'SELECT id, site_id, name, key_hash, toString(created_at) AS created_at FROM api_keys FINAL WHERE revoked = 0',
      format: 'JSONEachRow',
    });
    const rows = z.array(rowSchema).parse(await rs.json());
    this.byHash = new Map(rows.map((r) => [r.key_hash, r]));
    this.byId = new Map(rows.map((r) => [r.id, r]));
  }

  /** The key's id and the site it may read, or undefined for an unknown or revoked key. */
  find(key: string): { id: string; site: string } | undefined {
    const row = key.startsWith(KEY_PREFIX) ? this.byHash.get(hash(key)) : undefined;
    return row && { id: row.id, site: row.site_id };
  }

  /** The site of a live key by its id (a dashboard session signed in with it). */
  siteOfId(id: string): string | undefined {
    return this.byId.get(id)?.site_id;
  }

  list(site: string): ApiKey[] {
    return [...this.byHash.values()]
      .filter((k) => k.site_id === site)
      .map(({ key_hash: _, ...k }) => k)
      .sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  async create(site: string, name: string): Promise<ApiKey & { key: string }> {
    const key = KEY_PREFIX + randomBytes(24).toString('base64url');
    const row = { id: randomUUID(), site_id: site, name, key_hash: hash(key), created_at: toClickHouseTime(Date.now()) };
    await this.write(row, 0);
    this.byHash.set(row.key_hash, row);
    this.byId.set(row.id, row);
    const { key_hash: _, ...pub } = row;
    return { ...pub, key };
  }

  /** Returns false when the site has no such key. */
  async revoke(site: string, id: string): Promise<boolean> {
    const row = [...this.byHash.values()].find((k) => k.id === id && k.site_id === site);
    if (!row) return false;
    await this.write(row, 1);
    this.byHash.delete(row.key_hash);
    this.byId.delete(row.id);
    return true;
  }

  private async write(row: z.infer<typeof rowSchema>, revoked: 0 | 1): Promise<void> {
    await this.store.insert({ table: 'api_keys', values: [{ ...row, revoked, version: this.nextVersion() }], format: 'JSONEachRow' });
  }
}
