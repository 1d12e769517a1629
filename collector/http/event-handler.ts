/**
 * POST /api/event as a plain function of the request's few facts, so the same logic serves the
 * Hono route (tests, app.request) and the server's native fast path (server.ts): on a 2-core box
 * Hono's request/response objects cost more than the ingestion itself.
 */
import { LIMITS } from '../schema/event.js';
import type { Ingestor, IngestResult } from '../ingest/ingest.js';
import { ApiError, errorBody } from './errors.js';
import type { Metrics } from './metrics.js';
import type { RateLimiter } from './rate-limit.js';

export interface EventRequest {
  ip: string;
  userAgent: string;
  contentType: string | undefined;
  /** Reads the body, refusing (413) past `max` bytes (declared or counted). */
  readBody(max: number, onTooLarge: () => void): Promise<string>;
}

export interface EventReply {
  status: number;
  body: IngestResult | ReturnType<typeof errorBody>;
  headers: Record<string, string>;
}

export interface EventDeps {
  ingestor: Ingestor;
  limiter: RateLimiter;
  metrics: Metrics;
  draining?: () => boolean;
  log: { error(obj: object, msg: string): void };
}

/** Every reply, refusals included, must be readable by the page that sent it. Shared: nobody modifies it. */
export const CORS: Record<string, string> = { 'Access-Control-Allow-Origin': '*' };

export async function handleEvent(deps: EventDeps, req: EventRequest): Promise<EventReply> {
  try {
    if (deps.draining?.()) throw new ApiError(503, 'shutting_down', 'server is shutting down', undefined, { 'Retry-After': '5' });
    const retryAfter = deps.limiter.take(req.ip);
    if (retryAfter > 0) {
      deps.metrics.rejected.inc({ reason: 'rate_limited' });
      throw new ApiError(429, 'rate_limited', 'too many requests from this address', undefined, { 'Retry-After': String(retryAfter) });
    }
    const type = (req.contentType ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
    if (type !== 'text/plain' && type !== 'application/json') {
      deps.metrics.rejected.inc({ reason: 'unsupported_media_type' });
      throw new ApiError(415, 'unsupported_media_type', 'send JSON as text/plain or application/json');
    }
    const body = await req.readBody(LIMITS.maxBodyBytes, () => deps.metrics.rejected.inc({ reason: 'too_large' }));
    return { status: 202, body: await deps.ingestor.ingest(body, { ip: req.ip, userAgent: req.userAgent }), headers: CORS };
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, body: errorBody(err), headers: { ...CORS, ...err.headers } };
    deps.log.error({ err }, 'unhandled error in /api/event');
    return { status: 500, body: errorBody(null), headers: CORS };
  }
}
