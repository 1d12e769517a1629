/** A real webhook receiver on loopback: keeps each JSON body it gets and answers `status`. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receiver {
  url: string;
  /** What it answers next (default 200). */
  status: number;
  got: { text: string; content: string; waymark: Record<string, unknown> }[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const r = { status: 200, got: [] } as unknown as Receiver;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      r.got.push(JSON.parse(body));
      res.writeHead(r.status).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  r.close = () => new Promise((done) => server.close(() => done()));
  return r;
}
