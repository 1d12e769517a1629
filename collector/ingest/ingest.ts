/**
 * The ingestion path: body text → validated events → enriched rows → WAL (acknowledged on disk).
 * All-or-nothing per request: if any event is invalid or refused, nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { wireBatchSchema, wireEventSchema, type WireEvent } from '../schema/event.js';
import { hostAllowed, type Site } from '../schema/site.js';
import { ApiError, invalid } from '../http/errors.js';
import type { Metrics } from '../http/metrics.js';
import { WalFullError, type WriteAheadLog } from '../storage/wal.js';
import { isBot } from './bot.js';
import type { GeoLookup } from './geo.js';
import { RecentIds } from './recent-ids.js';
import { toRow } from './row.js';
import { parseUserAgent } from './user-agent.js';
import { cookielessVisitorId } from './visitor.js';

export interface IngestDeps {
  sites: { get(id: string): Site | undefined };
  salts: { current(now?: Date): Promise<string> };
  geo: GeoLookup;
  wal: WriteAheadLog;
  metrics: Metrics;
  allowHeadless: boolean;
}

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

export interface IngestResult {
  accepted: number;
  /** Events not stored on purpose: bots and re-sent duplicates. */
  ignored: number;
}

/** Client clocks are only trusted for the order of events inside one batch, within this span. */
const MAX_CLIENT_SKEW_MS = 60_000;

export class Ingestor {
  private readonly recent = new RecentIds();

  constructor(private readonly deps: IngestDeps) {}

  async ingest(bodyText: string, client: ClientInfo, now = Date.now()): Promise<IngestResult> {
    const events = this.parse(bodyText);
    const urls = events.map((e) => this.check(e));
    const { metrics } = this.deps;

    if (isBot(client.userAgent, { allowHeadless: this.deps.allowHeadless })) {
      metrics.bots.inc(events.length);
      return { accepted: 0, ignored: events.length };
    }

    const ua = parseUserAgent(client.userAgent);
    const country = this.deps.geo.country(client.ip);
    const newest = Math.max(...events.map((e) => e.ts ?? 0));
    const needsSalt = events.some((e) => !e.visitor);
    const salt = needsSalt ? await this.deps.salts.current(new Date(now)) : '';

    const lines: string[] = [];
    const ids: string[] = [];
    let previousTs = -Infinity;
    events.forEach((e, i) => {
      // Server time is the truth; a batch keeps its internal order via the client's clock,
      // and strictly increasing times so that analyses never see its events as ties.
      const skew = e.ts !== undefined && newest > 0 ? Math.min(Math.max(newest - e.ts, 0), MAX_CLIENT_SKEW_MS) : 0;
      const ts = Math.max(now - skew, previousTs + 1);
      previousTs = ts;
      if (e.id && this.recent.seen(e.id)) {
        metrics.duplicates.inc();
        return;
      }
      if (e.id) ids.push(e.id);
      const site = this.deps.sites.get(e.site)!; // check() proved it exists
      const row = toRow(e, urls[i]!, {
        site,
        ts,
        eventId: e.id ?? randomUUID(),
        visitorId: e.visitor ?? cookielessVisitorId(salt, site.id, client.ip, client.userAgent),
        country,
        ua,
      });
      // Serialized now, while the request is in hand: the WAL bytes are the insert body.
      lines.push(JSON.stringify(row) + '\n');
    });

    if (lines.length > 0) {
      try {
        await this.deps.wal.append(Buffer.from(lines.join('')), lines.length);
      } catch (err) {
        for (const id of ids) this.recent.forget(id);
        if (err instanceof WalFullError) {
          metrics.rejected.inc({ reason: 'log_full' }, events.length);
          throw new ApiError(503, 'log_full', err.message, undefined, { 'Retry-After': '30' });
        }
        throw err;
      }
    }
    metrics.accepted.inc(lines.length);
    return { accepted: lines.length, ignored: events.length - lines.length };
  }

  private parse(text: string): WireEvent[] {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.deps.metrics.rejected.inc({ reason: 'malformed_json' });
      throw new ApiError(400, 'malformed_json', 'body is not valid JSON');
    }
    // Validate against the shape the client meant, so the error names the bad field.
    const parsed = Array.isArray(json) ? wireBatchSchema.safeParse(json) : wireEventSchema.safeParse(json);
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
    const url = new URL(e.url); // the schema checked it parses
    if (!hostAllowed(site.domains, url.hostname)) {
      this.deps.metrics.rejected.inc({ reason: 'domain_not_allowed' });
      throw new ApiError(403, 'domain_not_allowed', `host "${url.hostname}" is not one of site "${site.id}"'s domains`);
    }
    return url;
  }
}
