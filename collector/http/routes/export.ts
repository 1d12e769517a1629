/**
 * GET /api/sites/:site/events?from=&to=&format=ndjson|csv&limit= (admin): the stored rows.
 * ClickHouse formats the output itself; values reach SQL only as parameters.
 */
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Store } from '../../storage/clickhouse.js';
import type { SiteStore } from '../../storage/sites.js';
import { EVENT_COLUMNS } from '../../schema/event.js';
import { ApiError, invalid } from '../errors.js';
import { toClickHouseTime } from '../../storage/time.js';

const time = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((s) => Date.parse(s));

const querySchema = z.object({
  from: time.optional(),
  to: time.optional(),
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
  limit: z.coerce.number().int().min(1).max(10_000_000).default(1_000_000),
});

const FORMATS = {
  ndjson: { ch: 'JSONEachRow', type: 'application/x-ndjson; charset=utf-8' },
  csv: { ch: 'CSVWithNames', type: 'text/csv; charset=utf-8' },
} as const;

export function exportRoutes(deps: { store: Store; sites: SiteStore }) {
  const app = new Hono();
  app.get('/api/sites/:site/events', async (c) => {
    const site = c.req.param('site');
    if (!deps.sites.get(site)) throw new ApiError(404, 'unknown_site', `no site with id "${site}"`);
    const q = querySchema.safeParse(c.req.query());
    if (!q.success) throw invalid(q.error, 'query');
    const { from, to, format, limit } = q.data;
    const f = FORMATS[format];
    // exec() hands back ClickHouse's own bytes, streamed from a server (chdb buffers them).
    const result = await deps.store.exec({
      query: `SELECT ${EVENT_COLUMNS.join(', ')} FROM events
              WHERE site_id = {site:String} AND ts >= {from:DateTime64(3)} AND ts < {to:DateTime64(3)}
              ORDER BY ts, event_id LIMIT {limit:UInt64} FORMAT ${f.ch}`,
      query_params: {
        site,
        from: toClickHouseTime(from ?? 0),
        to: toClickHouseTime(to ?? Date.parse('2200-01-01')),
        limit,
      },
    });
    c.header('Content-Type', f.type);
    c.header('Content-Disposition', `attachment; filename="${site}-events.${format === 'csv' ? 'csv' : 'ndjson'}"`);
    return c.body(Readable.toWeb(result.stream) as ReadableStream<Uint8Array>);
  });
  return app;
}
