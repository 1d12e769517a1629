/**
 * The collector's own routes (everything but the analyses) as OpenAPI entries. Bodies are the
 * schemas the handlers parse with; response bodies the handlers build by hand get a small zod
 * schema here, kept beside the entry so a changed response shows up in review.
 */
import { z } from 'zod';
import { IMPORT_LIMITS, LIMITS, importBatchSchema, importEventSchema, siteIdSchema, wireBodySchema } from '../../schema/event.js';
import { siteDeletionSchema, siteInputSchema, siteSchema, visitorErasureSchema } from '../../schema/site.js';
import { apiKeyListSchema, createdApiKeySchema } from '../../schema/api-key.js';
import { backupSchema } from '../../storage/backup.js';
import { JSON_TOO_LARGE } from '../read-json.js';
import type { RouteDoc } from './spec.js';

const ingestResult = z.object({
  accepted: z.number().int().describe('events written to the log (stored once shipped)'),
  ignored: z.number().int().describe('events not stored on purpose: bots and re-sent duplicates'),
});
const importResult = ingestResult.extend({
  ignored: z.number().int().describe('events not stored on purpose: bots, duplicates, and events older than WAYMARK_RETENTION_DAYS'),
  duplicates: z.number().int().describe('of the ignored: events already stored (the import was sent before) or named twice in this one'),
});
const readiness = z.object({
  status: z.enum(['accepting', 'not_accepting']),
  reason: z.enum(['shutting_down', 'log_full', 'disk_full']).optional(),
});
const health = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.enum(['reachable', 'unreachable']),
  wal: z.object({ backlog_bytes: z.number().int(), backlog_rows: z.number().int() }),
  last_insert_error: z.string().nullable(),
});
const authenticated = z.object({
  authenticated: z.boolean(),
  /** admin: everything; reader: one site's data, read-only (signed in with that site's API key). */
  role: z.enum(['admin', 'reader']).optional(),
  /** The reader's site. */
  site: siteIdSchema.optional(),
});
const site = { site: { description: 'site id', schema: siteIdSchema } };
const adminErrors = { 401: 'not signed in', 403: 'needs the admin token (API keys are read-only), or a cross-site cookie request' };

export const COLLECTOR_ROUTES: readonly RouteDoc[] = [
  {
    method: 'options', path: '/api/event', tag: 'ingestion', auth: 'public',
    summary: 'CORS preflight',
    description: 'Browsers ask before sending `application/json` cross-origin; `text/plain` needs no preflight.',
    responses: { 204: 'allowed from any origin, without credentials' },
  },
  {
    method: 'post', path: '/api/event', tag: 'ingestion', auth: 'public',
    summary: 'Send one event or a batch',
    description:
      `Public and write-only, CORS \`*\`. Send \`text/plain\` (no preflight) or \`application/json\`; at most ${LIMITS.maxBatch} events and ` +
      `${LIMITS.maxBodyBytes / 1024} KiB. A batch is all-or-nothing. Acknowledged (202) only once on disk. Bots get 202 and are not stored; ` +
      'a client event id (`id`) seen moments ago is acknowledged and not stored twice. Free text (title, referrer, prop values) is cut to its limit rather than refused.',
    body: {
      schema: wireBodySchema,
      contentTypes: ['text/plain', 'application/json'],
      example: { site: 'shop', type: 'event', name: 'add_to_cart', url: 'https://shop.example/products/a1', visitor: 'k3j9x2', props: { sku: 'A1' }, revenue: 19.9 },
    },
    responses: {
      202: { description: 'on disk', content: { 'application/json': ingestResult } },
      400: 'invalid event (names the field)',
      403: 'the page’s host is not among the site’s domains',
      404: 'unknown site',
      413: `body over ${LIMITS.maxBodyBytes} bytes`,
      415: 'content type other than text/plain or application/json',
      429: { description: 'too many requests from this address', headers: { 'Retry-After': 'seconds to wait' } },
      503: { description: 'log full (store down too long), disk full, or shutting down', headers: { 'Retry-After': 'seconds to wait' } },
    },
  },
  {
    method: 'post', path: '/api/import', tag: 'ingestion', auth: 'admin',
    summary: 'Import events with their own times',
    description:
      `History from another tool, off-site touchpoints, the demo. \`ts\` and \`visitor\` are required; \`ip\`/\`ua\` name the original client for ` +
      `enrichment (never stored), and \`ua\` for the bot filter; without them country, browser and OS are unknown (the sender's own address and UA are not the visitor's). One event or up to ${IMPORT_LIMITS.maxBatch}, ≤ ${IMPORT_LIMITS.maxBodyBytes / 1048576} MiB. ` +
      `Sending it again stores nothing twice: an event is known by its \`id\`, or without one by its content (the same site, visitor, \`ts\`, page and fields), and events already stored are skipped and counted in \`duplicates\`. ` +
      `Imports run one at a time, each after the rows before it are in the store.`,
    body: { schema: z.union([importEventSchema, importBatchSchema]), contentTypes: ['application/json'] },
    responses: {
      202: { description: 'on disk', content: { 'application/json': importResult } },
      400: 'invalid event (names the field)', ...adminErrors, 404: 'unknown site', 413: 'body too large',
      503: { description: 'log full, disk full, or the store unreachable (`store_unavailable`: it must say which events it has)', headers: { 'Retry-After': 'seconds to wait' } },
    },
  },
  {
    method: 'post', path: '/api/backups', tag: 'backups', auth: 'admin', summary: 'Back up the store',
    description:
      'ClickHouse’s BACKUP of the whole database (events, sites, journeys, API keys, salts) into a new directory under `WAYMARK_BACKUP_DIR` (default `<data dir>/backups`), ' +
      'taken while the server runs; the log is shipped first, so every event acknowledged before it is in it. Copy the directory somewhere safe; ' +
      '`waymark restore <dir>` puts it into an empty data dir. Embedded store only.',
    query: [
      { name: 'keep', required: false, description: 'afterwards remove older backups of Waymark’s past the newest `keep` (nothing else in the directory)', schema: { type: 'integer', minimum: 1, maximum: 100_000 } },
    ],
    responses: {
      201: { description: 'written', content: { 'application/json': backupSchema } },
      400: 'invalid `keep`', ...adminErrors,
      501: 'with CLICKHOUSE_URL: use the server’s own BACKUP',
      503: { description: 'the store is not taking inserts (`store_unavailable`); no backup was made', headers: { 'Retry-After': 'seconds to wait' } },
    },
  },
  {
    method: 'get', path: '/api/sites', tag: 'sites', auth: 'reader', summary: 'List the sites you can read',
    responses: { 200: { description: 'all sites for the admin; for a site\'s API key (or a dashboard signed in with it), that site alone', content: { 'application/json': z.object({ sites: z.array(siteSchema) }) } } },
  },
  {
    method: 'post', path: '/api/sites', tag: 'sites', auth: 'admin', summary: 'Create or update a site',
    body: { schema: siteInputSchema, example: { id: 'shop', domains: ['shop.example', '*.shop.example'], timezone: 'Europe/Berlin' } },
    responses: {
      200: { description: 'updated', content: { 'application/json': siteSchema } },
      201: { description: 'created', content: { 'application/json': siteSchema } },
      400: 'invalid site (names the field)', ...adminErrors, 413: JSON_TOO_LARGE,
    },
  },
  {
    method: 'get', path: '/api/sites/:site', tag: 'sites', auth: 'reader', summary: 'Get a site', pathParams: site,
    responses: { 200: { description: 'the site', content: { 'application/json': siteSchema } }, ...adminErrors, 404: 'unknown site' },
  },
  {
    method: 'delete', path: '/api/sites/:site', tag: 'sites', auth: 'admin', summary: 'Delete a site and all its data', pathParams: site,
    description:
      'Deletes the site, its journeys, its API keys and every event stored for it, for good; events still in the log are stored first and deleted with the rest. ' +
      'From then on its events are refused (404 `unknown_site`); other collectors sharing the store refuse them within 10 s. ' +
      'A site that is gone but still has rows (a deletion cut short, or rows another collector took in those 10 s) can be deleted again. ' +
      'The events table is rewritten: seconds per 10 M events.',
    responses: {
      200: { description: 'deleted; what was deleted', content: { 'application/json': siteDeletionSchema } },
      ...adminErrors, 404: 'no such site, and no rows of one',
      503: { description: 'the store is not taking inserts (`store_unavailable`: the message says whether anything was deleted yet), or did not confirm the deletion (`deletion_unfinished`: send the request again)', headers: { 'Retry-After': 'seconds to wait' } },
    },
  },
  {
    method: 'delete', path: '/api/sites/:site/visitors/:id', tag: 'sites', auth: 'admin', summary: 'Erase one person’s events',
    pathParams: { ...site, id: { description: 'a visitor id, or a user id given to `identify`' } },
    description:
      'For a request to erase someone’s data (GDPR article 17): deletes every event of the visitor id, or of every visitor id an `identify` linked to the user id ' +
      '(their visits before signing in, on each device), for good; events still in the log are stored first and erased with the rest. ' +
      'Cookieless visitors have no lasting id and cannot be found this way. The events table is rewritten: seconds per 10 M events.',
    responses: {
      200: { description: 'erased (`events` 0 when nothing matched)', content: { 'application/json': visitorErasureSchema } },
      400: 'id empty or over 128 characters', ...adminErrors, 404: 'unknown site',
      503: { description: 'the store is not taking inserts (`store_unavailable`; nothing was erased), or did not confirm the deletion (`deletion_unfinished`: send the request again)', headers: { 'Retry-After': 'seconds to wait' } },
    },
  },
  {
    method: 'get', path: '/api/sites/:site/events', tag: 'export', auth: 'reader', summary: 'Export stored rows', pathParams: site,
    description: 'The stored rows in time order (one per event; the IP is never stored).',
    query: [
      { name: 'from', required: false, description: 'ISO date or date-time (inclusive); default: the beginning', schema: { type: 'string' } },
      { name: 'to', required: false, description: 'ISO date or date-time (exclusive); default: none', schema: { type: 'string' } },
      { name: 'format', required: false, description: 'default ndjson', schema: { type: 'string', enum: ['ndjson', 'csv'] } },
      { name: 'limit', required: false, description: 'rows at most (default 1,000,000)', schema: { type: 'integer', minimum: 1, maximum: 10_000_000 } },
    ],
    responses: {
      200: { description: 'rows', content: { 'application/x-ndjson': { type: 'string' }, 'text/csv': { type: 'string' } } },
      400: 'invalid query', ...adminErrors, 404: 'unknown site',
    },
  },
  {
    method: 'get', path: '/api/sites/:site/keys', tag: 'keys', auth: 'admin', summary: 'List read-only API keys', pathParams: site,
    responses: { 200: { description: 'the site’s keys (never the key itself)', content: { 'application/json': apiKeyListSchema } }, ...adminErrors, 404: 'unknown site' },
  },
  {
    method: 'post', path: '/api/sites/:site/keys', tag: 'keys', auth: 'admin', summary: 'Create a read-only API key', pathParams: site,
    body: { schema: z.object({ name: z.string().min(1).max(100) }).strict() },
    responses: {
      201: { description: 'the key `wmk_…`, shown only this once', content: { 'application/json': createdApiKeySchema } },
      400: 'invalid key request', ...adminErrors, 404: 'unknown site', 413: JSON_TOO_LARGE,
    },
  },
  {
    method: 'delete', path: '/api/sites/:site/keys/:id', tag: 'keys', auth: 'admin', summary: 'Revoke an API key',
    pathParams: { ...site, id: { description: 'key id' } },
    responses: { 204: { description: 'revoked' }, ...adminErrors, 404: 'unknown site or key' },
  },
  {
    method: 'post', path: '/api/login', tag: 'session', auth: 'public', summary: 'Sign in (sets the session cookie)',
    body: { schema: z.object({ token: z.string().min(1).max(512) }).strict() },
    description: 'The admin token signs in to everything; a site\'s API key (`wmk_…`) to that site alone, read-only, until the key is revoked.',
    responses: { 200: { description: 'signed in; HttpOnly, SameSite=Strict cookie set', content: { 'application/json': authenticated } }, 400: 'invalid body', 401: 'neither the admin token nor a live API key', 413: JSON_TOO_LARGE, 429: { description: 'too many wrong tokens from this address', headers: { 'Retry-After': 'seconds to wait' } } },
  },
  {
    method: 'post', path: '/api/logout', tag: 'session', auth: 'public', summary: 'Sign out (clears the cookie)',
    responses: { 200: { description: 'signed out', content: { 'application/json': authenticated } } },
  },
  {
    method: 'get', path: '/api/session', tag: 'session', auth: 'public', summary: 'Am I signed in?',
    responses: { 200: { description: 'whether the request carries a valid session, token or key, and what it may do', content: { 'application/json': authenticated } } },
  },
  {
    method: 'get', path: '/healthz', tag: 'operations', auth: 'public', summary: 'Health',
    responses: {
      200: { description: 'store reachable', content: { 'application/json': health } },
      503: { description: 'store unreachable (events still land in the log)', content: { 'application/json': health } },
    },
  },
  {
    method: 'get', path: '/readyz', tag: 'operations', auth: 'public', summary: 'Accepting events now? (for a load balancer)',
    description: 'Unlike /healthz this stays 200 while the store is down, since events still land in the log.',
    responses: {
      200: { description: 'accepting events', content: { 'application/json': readiness } },
      503: { description: 'not now: shutting down, log at its cap, or disk full', headers: { 'Retry-After': 'seconds to wait' }, content: { 'application/json': readiness } },
    },
  },
  {
    method: 'get', path: '/metrics', tag: 'operations', auth: 'admin', summary: 'Prometheus metrics',
    responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { type: 'string' } } }, ...adminErrors },
  },
  {
    method: 'get', path: '/js/waymark.js', tag: 'script', auth: 'public', summary: 'The tracking script (short cache)',
    responses: { 200: { description: 'JavaScript; ETag, 304 on If-None-Match', content: { 'application/javascript': { type: 'string' } } }, 503: 'not built' },
  },
  {
    method: 'get', path: '/js/:file', tag: 'script', auth: 'public', summary: 'The tracking script, versioned (`waymark.<hash>.js`, immutable)',
    pathParams: { file: { description: '`waymark.<hash>.js` as named by the current build' } },
    responses: { 200: { description: 'JavaScript, cached for a year', content: { 'application/javascript': { type: 'string' } } }, 404: 'outdated hash', 503: 'not built' },
  },
  {
    method: 'get', path: '/api/openapi.json', tag: 'operations', auth: 'public', summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { type: 'object' } } } },
  },
  {
    method: 'get', path: '/api/docs', tag: 'operations', auth: 'public', summary: 'Interactive API reference',
    responses: { 200: { description: 'HTML page', content: { 'text/html': { type: 'string' } } } },
  },
];
