/**
 * Baseline A: a bare node:http server doing the least an ingestion endpoint must do —
 * read the body, JSON.parse it, answer 202 — in its own process, like the collector.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let accepted = 0;
    try {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      accepted = Array.isArray(body) ? body.length : 1;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"code":"malformed_json"}}');
      return;
    }
    const body = `{"accepted":${accepted}}`;
    res.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send!({ type: 'ready', url: `http://127.0.0.1:${port}` });
});

process.on('message', (m: { type?: string }) => {
  if (m.type !== 'stop') return;
  server.close(() => {
    process.send!({ type: 'stopped' }, () => process.exit(0));
  });
  server.closeAllConnections();
});
process.on('disconnect', () => process.exit(1)); // the bench died: do not linger
