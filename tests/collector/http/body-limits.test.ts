/**
 * Every route that reads a body bounds it, not only ingestion: a sign-in (public) or an admin
 * write with a body of megabytes gets 413 too_large before it is held in memory, declared or
 * sent chunked; the server stays up and keeps answering.
 */
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  const res = await fetch(`${t.url}/api/sites`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'demo', domains: ['demo.example'] }) });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await t.stop();
});

const BIG = 8 * 1024 * 1024;

/** POST `size` bytes to `path`, with Content-Length or chunked; the status and the body of the answer. */
function post(path: string, size: number, opts: { chunked?: boolean; type?: string; auth?: boolean; method?: string } = {}): Promise<{ status: number; body: string }> {
  const url = new URL(path, t.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: opts.method ?? 'POST',
        headers: {
          'content-type': opts.type ?? 'application/json',
          origin: t.url,
          'sec-fetch-site': 'same-origin',
          ...(opts.auth ? { authorization: `Bearer ${ADMIN_TOKEN}` } : {}),
          ...(opts.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(size) }),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    // The server may answer and close before all is sent: that is the point.
    req.on('error', (err) => (/EPIPE|ECONNRESET/.test(String(err)) ? undefined : reject(err)));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const more = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', more);
      }
      req.end();
    };
    more();
  });
}

it.each([
  ['/api/login', {}],
  ['/api/login', { chunked: true }],
  ['/login', { type: 'application/x-www-form-urlencoded' }],
  ['/login', { type: 'application/x-www-form-urlencoded', chunked: true }],
  ['/api/sites', { auth: true }],
  ['/api/sites/demo/keys', { auth: true, chunked: true }],
  ['/api/sites/demo/journeys/checkout', { auth: true, method: 'PUT' }],
  ['/api/sites/demo/annotations', { auth: true, chunked: true }],
] as const)('%s with %o and 8 MB of body with %o and 8 MB of body: 413 too_large', async (path, opts) => {
  const r = await post(path, BIG, opts);
  expect(r.status).toBe(413);
  expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'too_large' } });
  expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
});

it('a sign-in of normal size still works', async () => {
  const res = await fetch(`${t.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: t.url, 'sec-fetch-site': 'same-origin' }, body: JSON.stringify({ token: ADMIN_TOKEN }) });
  expect(res.status).toBe(200);
});
