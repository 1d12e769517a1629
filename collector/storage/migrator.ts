/**
 * Applies the numbered, append-only migrations in ./migrations and records each one in
 * schema_migrations, so a restart (or a second collector) applies nothing twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Store } from './clickhouse.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const FILE_RE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const list = fs
    .readdirSync(dir)
    .flatMap((file) => {
      const m = FILE_RE.exec(file);
      return m ? [{ version: Number(m[1]), name: m[2]!, sql: fs.readFileSync(path.join(dir, file), 'utf8') }] : [];
    })
    .sort((a, b) => a.version - b.version);
  // Two files with one number would make "applied" ambiguous: refuse to start.
  const dup = list.find((m, i) => i > 0 && list[i - 1]!.version === m.version);
  if (dup) throw new Error(`two migrations are numbered ${dup.version}; renumber one of them`);
  return list;
}

const appliedRow = z.object({ version: z.number() });

/** Returns the versions applied by this call. */
export async function migrate(store: Store, migrations = listMigrations()): Promise<number[]> {
  await store.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations
            (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
            ENGINE = ReplacingMergeTree ORDER BY version`,
  });
  const rs = await store.query({ query: 'SELECT DISTINCT version FROM schema_migrations', format: 'JSONEachRow' });
  const applied = new Set(z.array(appliedRow).parse(await rs.json()).map((r) => r.version));
  const done: number[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    for (const statement of splitStatements(m.sql)) await store.command({ query: statement });
    await store.insert({ table: 'schema_migrations', values: [{ version: m.version, name: m.name }], format: 'JSONEachRow' });
    done.push(m.version);
  }
  return done;
}

/** Migration files may hold several statements separated by ";" at the end of a line. */
function splitStatements(sql: string): string[] {
  const withoutComments = sql.replace(/^\s*--.*$/gm, '');
  return withoutComments
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}
