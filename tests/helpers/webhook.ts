/** A real webhook receiver on loopback (it keeps each JSON body it gets and answers `status`), and the alert tests' server beside it. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startTestServer, type TestServer } from './server.js';

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

export interface AlertServer {
  hook: Receiver;
  server: TestServer;
  /** An admin request; the status and the JSON body (null for a 204). */
  json(path: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> | null }>;
}

/**
 * For the alert tests: a real server whose own schedule is off (a test runs each tick by hand,
 * at the time it chooses) and a webhook receiver, started before the file's tests (then `setup`),
 * reset to answer 200 with nothing received before each test, closed after them.
 */
export function useAlertServer(env: Record<string, string>, setup: (server: TestServer) => Promise<void>): AlertServer {
  const t = {
    async json(path: string, init?: RequestInit) {
      const res = await t.server.api(path, init);
      return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>) };
    },
  } as AlertServer;
  beforeAll(async () => {
    t.hook = await startReceiver();
    t.server = await startTestServer({ env: { WAYMARK_ALERT_INTERVAL_MINUTES: '0', ...env } });
    await setup(t.server);
  });
  afterAll(async () => {
    await t.server?.stop();
    await t.hook?.close();
  });
  beforeEach(() => {
    t.hook.status = 200;
    t.hook.got = [];
  });
  return t;
}
