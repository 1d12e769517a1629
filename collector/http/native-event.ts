/**
 * The ingestion fast path: POST /api/event answered straight from node:http, with the very
 * same handleEvent() the Hono route uses. Everything else goes through Hono (server.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleEvent, type EventDeps } from './event-handler.js';
import { incomingIp } from './client-ip.js';
import { readIncoming } from './read-body.js';

export function isEventPost(req: IncomingMessage): boolean {
  return req.method === 'POST' && (req.url === '/api/event' || req.url?.startsWith('/api/event?') === true);
}

export async function serveEvent(deps: EventDeps, trustProxy: boolean, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const reply = await handleEvent(deps, {
    ip: incomingIp(req, trustProxy),
    userAgent: req.headers['user-agent'] ?? '',
    contentType: req.headers['content-type'],
    readBody: (max, onTooLarge) => readIncoming(req, max, onTooLarge),
  });
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(body),
    ...reply.headers,
  });
  res.end(body);
}
