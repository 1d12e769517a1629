/**
 * A bound on the connections one client (an IPv4 address, an IPv6 /64: budgetKey) holds open.
 * Without it one address could hold every file descriptor: 1,100 connections that each sent half
 * a request header made a server under systemd's default limit (1,024) unreachable — no event
 * accepted, not even /healthz — until they went (Node waits 60 s for headers, and a client can
 * simply open new ones). A browser opens at most 6 connections per host, so the default leaves
 * room for a few dozen visitors behind one NAT address at once. Behind a proxy
 * (WAYMARK_TRUST_PROXY) every connection is the proxy's; bounding them is the proxy's job there.
 */
import type http from 'node:http';
import { budgetKey } from './rate-limit.js';
import { CORS } from './event-handler.js';

const BODY = JSON.stringify({ error: { code: 'too_many_connections', message: 'too many open connections from this address' } });

/** A plain response written before the request is read, so the client learns why, then the close. */
const REFUSAL = [
  'HTTP/1.1 503 Service Unavailable',
  'Content-Type: application/json',
  `Content-Length: ${Buffer.byteLength(BODY)}`,
  'Retry-After: 5',
  ...Object.entries(CORS).map(([k, v]) => `${k}: ${v}`),
  'Connection: close',
  '',
  BODY,
].join('\r\n');

export function capConnectionsPerClient(server: http.Server, max: number, onRefused: () => void): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const key = budgetKey(socket.remoteAddress ?? '');
    const n = (open.get(key) ?? 0) + 1;
    if (n > max) {
      onRefused();
      // Closed once written, not when the client closes its end: a refused client holds no descriptor.
      socket.end(REFUSAL, () => socket.destroy());
      return;
    }
    open.set(key, n);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}
