/**
 * The ingestion fast path: POST /api/event answered straight from node:http, with the very
 * same handleEvent() the Hono route uses. Everything else goes through Hono (server.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORS, handleEvent, type EventDeps, type EventReply } from './event-handler.js';
import { incomingIp } from './client-ip.js';
import { readIncoming } from './read-body.js';

export function isEventPost(req: IncomingMessage): boolean {
  return req.method === 'POST' && (req.url === '/api/event' || req.url?.startsWith('/api/event?') === true);
}

const CONTENT_TYPE = 'application/json; charset=UTF-8';

/** Body and header list of a reply: the same bytes as writing it field by field. */
function wire(reply: EventReply): { body: string; headers: string[] } {
  const body = JSON.stringify(reply.body);
  const headers = ['Content-Type', CONTENT_TYPE, 'Content-Length', String(Buffer.byteLength(body))];
  for (const [k, v] of Object.entries(reply.headers)) headers.push(k, v);
  return { body, headers };
}

/**
 * Nearly every answer is a 202 with a small count ({"accepted":1,"ignored":0}): its body and
 * header list are made once and reused, instead of a JSON.stringify, an object spread and a
 * header object walk per request. Bounded: counts are at most LIMITS.maxBatch.
 */
const accepted = new Map<string, { body: string; headers: string[] }>();
const MAX_CACHED_REPLIES = 1024;

function acceptedWire(reply: EventReply): { body: string; headers: string[] } {
  const b = reply.body;
  // Only replies carrying exactly the shared CORS headers (every 202 does) have the cached shape.
  if (!('accepted' in b) || reply.headers !== CORS) return wire(reply);
  const key = `${b.accepted}/${b.ignored}`;
  let hit = accepted.get(key);
  if (!hit) {
    if (accepted.size >= MAX_CACHED_REPLIES) accepted.clear();
    hit = wire(reply);
    accepted.set(key, hit);
  }
  return hit;
}

export async function serveEvent(deps: EventDeps, trustedProxies: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const reply = await handleEvent(deps, {
    ip: incomingIp(req, trustedProxies),
    userAgent: req.headers['user-agent'] ?? '',
    contentType: req.headers['content-type'],
    readBody: (max, onTooLarge) => readIncoming(req, max, onTooLarge),
  });
  const { body, headers } = reply.status === 202 ? acceptedWire(reply) : wire(reply);
  res.writeHead(reply.status, headers);
  res.end(body);
}
