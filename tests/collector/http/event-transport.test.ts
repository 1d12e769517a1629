/**
 * /api/event over a real socket: CORS on every reply (errors too), the byte limit for declared
 * and for chunked bodies, and the server stays usable after refusing.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../collector/schema/event.js';
import { CHROME_UA } from '../../helpers/app.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await s.createSite('shop', ['shop.example']);
});
afterAll(() => s.stop());

const event = JSON.stringify({ site: 'shop', type: 'pageview', url: 'https://shop.example/', visitor: 'v' });

/** Sends a body in chunks without Content-Length (Transfer-Encoding: chunked). */
function chunked(chunks: string[]): Promise<{ status: number; body: string; cors: string | undefined }> {
  const url = new URL(s.url + '/api/event');
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA } },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cors: res.headers['access-control-allow-origin'] as string | undefined }));
      },
    );
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('POST /api/event over HTTP', () => {
  it('answers a preflight with the CORS headers and no body', async () => {
    const res = await fetch(s.url + '/api/event', { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('puts CORS on acceptances and refusals alike', async () => {
    const ok = await fetch(s.url + '/api/event', { method: 'POST', body: event, headers: { 'user-agent': CHROME_UA, 'content-type': 'text/plain' } });
    expect(ok.status).toBe(202);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const bad = await fetch(s.url + '/api/event', { method: 'POST', body: '{', headers: { 'user-agent': CHROME_UA, 'content-type': 'text/plain' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers every acceptance with the same complete headers and body (the reply is reused)', async () => {
    for (let i = 0; i < 3; i++) {
      const ok = await fetch(s.url + '/api/event', { method: 'POST', body: event, headers: { 'user-agent': CHROME_UA, 'content-type': 'text/plain' } });
      expect(ok.status).toBe(202);
      expect(ok.headers.get('content-type')).toBe('application/json; charset=UTF-8');
      expect(ok.headers.get('access-control-allow-origin')).toBe('*');
      const body = await ok.text();
      expect(ok.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
      expect(JSON.parse(body)).toEqual({ accepted: 1, ignored: 0 });
    }
  });

  it('accepts a small chunked body', async () => {
    const res = await chunked([event.slice(0, 10), event.slice(10)]);
    expect(res.status).toBe(202);
  });

  it('refuses a chunked body over the limit with 413 and keeps serving', async () => {
    const chunk = 'x'.repeat(16 * 1024);
    const res = await chunked(Array.from({ length: LIMITS.maxBodyBytes / chunk.length + 2 }, () => chunk));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'too_large' } });
    expect(res.cors).toBe('*');
    expect((await chunked([event])).status).toBe(202);
  });

  it('refuses a declared Content-Length over the limit before reading it', async () => {
    const res = await fetch(s.url + '/api/event', { method: 'POST', body: 'x'.repeat(LIMITS.maxBodyBytes + 1), headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(413);
  });

  it('survives a client that leaves in the middle of a declared body, and stores nothing of it', async () => {
    const url = new URL(s.url);
    const partial = JSON.stringify({ site: 'shop', type: 'pageview', url: 'https://shop.example/half-sent', visitor: 'v' });
    await new Promise<void>((resolve, reject) => {
      const sock = net.connect(Number(url.port), url.hostname, () => {
        sock.write(`POST /api/event HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nUser-Agent: ${CHROME_UA}\r\nContent-Length: ${partial.length + 50}\r\n\r\n${partial}`);
        setTimeout(() => sock.destroy(), 50);
      });
      sock.on('close', () => resolve());
      sock.on('error', reject);
    });
    const ok = await fetch(s.url + '/api/event', { method: 'POST', body: event, headers: { 'user-agent': CHROME_UA, 'content-type': 'text/plain' } });
    expect(ok.status).toBe(202);
    expect((await s.events('shop')).filter((r) => r.path === '/half-sent')).toEqual([]);
  });
});
