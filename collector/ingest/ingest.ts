/**
 * The ingestion path: body text → validated events → enriched rows → WAL (acknowledged on disk).
 * All-or-nothing per request: if any event is invalid or refused, nothing is written.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { importBatchSchema, importEventSchema, wireBatchSchema, wireEventSchema, type ImportEvent, type WireEvent } from '../schema/event.js';
import { isPlainWireBatch, isPlainWireEvent } from '../schema/fast-event.js';
import { hostAllowed, type Site } from '../schema/site.js';
import { ApiError, invalid } from '../http/errors.js';
import type { Metrics } from '../http/metrics.js';
import { StoreUnavailableError } from '../storage/log-barrier.js';
import { key, type EventKey } from '../storage/stored-ids.js';
import { AppendRefusedError, REFUSED_RETRY_AFTER_S, type WriteAheadLog } from '../storage/wal.js';
import { isBot } from './bot.js';
import { contentEventId } from './content-id.js';
import type { GeoLookup } from './geo.js';
import { RecentIds } from './recent-ids.js';
import { cachedPageUrl, toRow } from './row.js';
import { rowLine } from './row-json.js';
import { parseUserAgent } from './user-agent.js';
import { cookielessVisitorId } from './visitor.js';
import { isExcluded } from './exclusions.js';

export interface IngestDeps {
  sites: { get(id: string): Site | undefined };
  salts: { current(now?: Date): Promise<string> };
  geo: GeoLookup;
  wal: WriteAheadLog;
  metrics: Metrics;
  allowHeadless: boolean;
  /** WAYMARK_RETENTION_DAYS (0: forever): older imported events are not stored. */
  retentionDays: number;
  /** Which imported events are stored already (storage/stored-ids.ts). */
  storedIds: { of(events: readonly EventKey[]): Promise<Set<string>> };
}

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

export interface IngestResult {
  accepted: number;
  /** Events not stored on purpose: bots, re-sent duplicates and the site's exclusions. */
  ignored: number;
}

export interface ImportResult extends IngestResult {
  /** Of the ignored: events stored before (the import was sent again) or named twice in it. */
  duplicates: number;
}

/** Client clocks are only trusted for the order of events inside one batch, within this span. */
const MAX_CLIENT_SKEW_MS = 60_000;

export class Ingestor {
  private readonly recent = new RecentIds();
  /** Imports run one at a time: each sees what the one before it stored (see import()). */
  private importing: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: IngestDeps) {}

  /** Live events from browsers: server time, the request's client. */
  async ingest(bodyText: string, client: ClientInfo, now = Date.now()): Promise<IngestResult> {
    const events = this.parse(bodyText, wireEventSchema, wireBatchSchema, plainWireEvents);
    const urls = events.map((e) => this.check(e));
    if (isBot(client.userAgent, { allowHeadless: this.deps.allowHeadless })) {
      this.deps.metrics.bots.inc(events.length);
      return { accepted: 0, ignored: events.length };
    }
    const times = batchTimes(events, now);
    const salt = events.some((e) => !e.visitor) ? await this.deps.salts.current(new Date(now)) : '';
    return this.write(events.map((event, i) => ({ event, url: urls[i]!, ts: times[i]!, client })), salt);
  }

  /**
   * Admin import: the events' own times, and the original client when the event names it. The
   * sender is not that client: it is the owner's script or server, whose UA (curl, python) made
   * every event a bot, and whose address gave every event the server's country. An event without
   * `ua` is the sender's word for a human, with browser and OS unknown; without `ip`, no country.
   *
   * Sending an import again stores nothing twice: every event has an id (its own, or one derived
   * from its content), and those already stored are skipped. Imports run one at a time, so two
   * sent side by side cannot both find an event missing and both store it.
   */
  async import(bodyText: string): Promise<ImportResult> {
    const events = this.parse(bodyText, importEventSchema, importBatchSchema);
    const urls = events.map((e) => this.check(e));
    const humans: { event: ImportEvent; url: URL; ts: number; client: ClientInfo; key: string }[] = [];
    const keys = new Set<string>();
    let bots = 0;
    let expired = 0;
    let duplicates = 0;
    // The table's TTL would delete them at its next merge: storing them only shows them until then.
    const oldest = this.deps.retentionDays > 0 ? Date.now() - this.deps.retentionDays * 86_400_000 : -Infinity;
    events.forEach((e, i) => {
      if (e.ts < oldest) return void expired++;
      if (e.ua !== undefined && isBot(e.ua, { allowHeadless: this.deps.allowHeadless })) return void bots++;
      const id = (e.id ?? contentEventId(e)).toLowerCase();
      const k = key(e.site, id);
      if (keys.has(k)) return void duplicates++;
      keys.add(k);
      humans.push({ event: { ...e, id }, url: urls[i]!, ts: e.ts, client: { ip: e.ip ?? '', userAgent: e.ua ?? '' }, key: k });
    });
    this.deps.metrics.bots.inc(bots);
    if (expired > 0) this.deps.metrics.rejected.inc({ reason: 'expired' }, expired);
    const run = this.importing.then(async () => {
      let stored: Set<string>;
      try {
        stored = await this.deps.storedIds.of(humans.map((h) => ({ site: h.event.site, id: h.event.id!, ts: h.ts })));
      } catch (err) {
        if (err instanceof StoreUnavailableError) this.deps.metrics.rejected.inc({ reason: err.code }, events.length);
        throw err;
      }
      const fresh = humans.filter((h) => !stored.has(h.key));
      // Not through the live events' recent ids: thousands of imported ids would push out the
      // ids that catch a browser's re-sent beacon, and the store already answered for these.
      const written = await this.write(fresh, '', false);
      duplicates += humans.length - fresh.length;
      this.deps.metrics.duplicates.inc(duplicates);
      return written;
    });
    this.importing = run.catch(() => {});
    const result = await run;
    return { accepted: result.accepted, ignored: events.length - result.accepted, duplicates };
  }

  /** Enrich, serialize and append to the log in one write: all of it is acknowledged, or none. */
  private async write(items: { event: WireEvent; url: URL; ts: number; client: ClientInfo }[], salt: string, recent = true): Promise<IngestResult> {
    const { metrics } = this.deps;
    const lines: string[] = [];
    const ids: string[] = [];
    // A live request has one client for all its events: look it up once, not per event.
    let seen: ClientInfo | undefined;
    let country = '';
    let ua = parseUserAgent('');
    for (const { event: e, url, ts, client } of items) {
      if (client !== seen) {
        seen = client;
        country = this.deps.geo.country(client.ip);
        ua = parseUserAgent(client.userAgent);
      }
      if (recent && e.id) {
        if (this.recent.seen(e.id)) {
          metrics.duplicates.inc();
          continue;
        }
        ids.push(e.id);
      }
      const site = this.deps.sites.get(e.site)!; // check() proved it exists
      if (isExcluded(site, url, client.ip)) {
        metrics.excluded.inc();
        continue;
      }
      const row = toRow(e, url, {
        site,
        ts,
        eventId: e.id ?? randomUUID(),
        visitorId: e.visitor ?? cookielessVisitorId(salt, site.id, client.ip, client.userAgent),
        country,
        ua,
      });
      // Serialized now, while the request is in hand: the WAL bytes are the insert body.
      lines.push(rowLine(row));
    }
    if (lines.length > 0) {
      try {
        await this.deps.wal.append(lines.length === 1 ? lines[0]! : lines, lines.length);
      } catch (err) {
        for (const id of ids) this.recent.forget(id);
        if (err instanceof AppendRefusedError) {
          metrics.rejected.inc({ reason: err.code }, items.length);
          throw new ApiError(503, err.code, err.message, undefined, { 'Retry-After': String(REFUSED_RETRY_AFTER_S) });
        }
        throw err;
      }
    }
    metrics.accepted.inc(lines.length);
    return { accepted: lines.length, ignored: items.length - lines.length };
  }

  /** `plain` may answer first for the common case (fast-event.ts); undefined means "ask zod". */
  private parse<E extends WireEvent>(text: string, one: z.ZodType<E>, many: z.ZodType<E[]>, plain?: (json: unknown) => E[] | undefined): E[] {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.deps.metrics.rejected.inc({ reason: 'malformed_json' });
      throw new ApiError(400, 'malformed_json', 'body is not valid JSON');
    }
    const fast = plain?.(json);
    if (fast) return fast;
    // Validate against the shape the client meant, so the error names the bad field.
    const parsed = Array.isArray(json) ? many.safeParse(json) : one.safeParse(json);
    if (!parsed.success) {
      this.deps.metrics.rejected.inc({ reason: 'invalid_event' });
      throw invalid(parsed.error, 'event');
    }
    return Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  }

  /** The site must exist and the page must be on one of its domains. */
  private check(e: WireEvent): URL {
    const site = this.deps.sites.get(e.site);
    if (!site) {
      this.deps.metrics.rejected.inc({ reason: 'unknown_site' });
      throw new ApiError(404, 'unknown_site', `no site with id "${e.site}"`);
    }
    const url = cachedPageUrl(e.url); // the schema checked it parses; shared, read-only
    if (!hostAllowed(site.domains, url.hostname)) {
      this.deps.metrics.rejected.inc({ reason: 'domain_not_allowed' });
      throw new ApiError(403, 'domain_not_allowed', `host "${url.hostname}" is not one of site "${site.id}"'s domains`);
    }
    return url;
  }
}

/** Live events zod would accept unchanged, without zod's cost; undefined: let zod decide. */
function plainWireEvents(json: unknown): WireEvent[] | undefined {
  if (Array.isArray(json)) return isPlainWireBatch(json) ? json : undefined;
  return isPlainWireEvent(json) ? [json] : undefined;
}

/**
 * Server time is the truth. Inside one batch the client's clock orders the events (within
 * MAX_CLIENT_SKEW_MS of the newest), and times strictly increase so no two are ties.
 */
function batchTimes(events: WireEvent[], now: number): number[] {
  const newest = Math.max(...events.map((e) => e.ts ?? 0));
  let previous = -Infinity;
  return events.map((e) => {
    const skew = e.ts !== undefined && newest > 0 ? Math.min(Math.max(newest - e.ts, 0), MAX_CLIENT_SKEW_MS) : 0;
    previous = Math.max(now - skew, previous + 1);
    return previous;
  });
}
