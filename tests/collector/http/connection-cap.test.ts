/**
 * One client cannot hold every connection (slowloris: half-sent headers kept open): past the cap
 * its new connections get a 503 that says why, counted in /metrics, and others still get in; and
 * a connection that does not finish its headers in time is answered 408 and closed.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../collector/config.js';
import { REQUEST_TIMEOUTS } from '../../../collector/server.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let t: TestServer;
let port: number;
const held: net.Socket[] = [];

beforeAll(async () => {
  t = await startTestServer({ env: { WAYMARK_MAX_CONNECTIONS_PER_CLIENT: '5' } });
  port = Number(new URL(t.url).port);
});
afterAll(async () => {
  held.forEach((s) => s.destroy());
  await t.stop();
});

/** A connection that sends half a request header and keeps it open; resolves once the server holds it. */
async function halfRequest(host = '127.0.0.1'): Promise<net.Socket> {
  const s = net.connect(port, host);
  held.push(s);
  await new Promise((r) => s.once('connect', r));
  s.write('POST /api/event HTTP/1.1\r\nHost: x\r\n');
  return s;
}

/** What a fresh connection from `host` is told before it sends anything, up to the server's close. */
function firstWords(host: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    let got = '';
    s.on('data', (d) => (got += d));
    s.on('close', () => resolve(got));
    s.on('error', () => {});
    // A client that is let in gets no reply until it asks: end the wait after a moment.
    setTimeout(() => s.destroy(), 1000);
  });
}

it('answers a client past its cap with 503 too_many_connections and lets it back once it lets go', async () => {
  for (let i = 0; i < 5; i++) await halfRequest();
  await new Promise((r) => setTimeout(r, 100)); // the server has seen them
  const refused = await firstWords('127.0.0.1');
  expect(refused).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
  expect(refused).toMatch(/\r\nRetry-After: 5\r\n/);
  expect(refused).toMatch(/\r\nAccess-Control-Allow-Origin: \*\r\n/);
  expect(JSON.parse(refused.split('\r\n\r\n')[1]!)).toEqual({ error: { code: 'too_many_connections', message: 'too many open connections from this address' } });

  // Another client is not affected (all of 127/8 is this machine: 127.0.0.2 is another address).
  const other = await new Promise<number | undefined>((resolve, reject) =>
    http.get({ host: '127.0.0.1', port, path: '/healthz', localAddress: '127.0.0.2' }, (res) => resolve(res.resume().statusCode)).on('error', reject),
  );
  expect(other).toBe(200);

  held.splice(0).forEach((s) => s.destroy());
  await new Promise((r) => setTimeout(r, 100));
  const res = await fetch(t.url + '/healthz');
  expect(res.status).toBe(200);
  const metrics = await (await t.api('/metrics')).text();
  expect(metrics).toMatch(/waymark_events_rejected_total\{reason="too_many_connections"\} 1\b/);
});

it('is off behind a trusted proxy (every connection is the proxy\'s) and when set to 0', () => {
  expect(loadConfig({}).maxConnectionsPerClient).toBe(256);
  expect(loadConfig({ WAYMARK_TRUST_PROXY: 'true' }).maxConnectionsPerClient).toBe(0);
  expect(loadConfig({ WAYMARK_MAX_CONNECTIONS_PER_CLIENT: '0' }).maxConnectionsPerClient).toBe(0);
});

it('closes a connection whose headers are not complete within the headers timeout, with 408', async () => {
  const s = net.connect(port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  const started = Date.now();
  s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
  let got = '';
  s.on('data', (d) => (got += d));
  // A header line every second, never the blank line that ends them: still cut at the timeout.
  const drip = setInterval(() => s.write(`X-Drip: ${Date.now()}\r\n`), 1000);
  await new Promise((r) => s.once('close', r));
  clearInterval(drip);
  const took = Date.now() - started;
  expect(got).toMatch(/^HTTP\/1\.1 408 /);
  expect(took).toBeGreaterThanOrEqual(REQUEST_TIMEOUTS.headersTimeout - 100);
  // Node checks every connectionsCheckingInterval; the bound is generous for a loaded machine.
  expect(took).toBeLessThan(REQUEST_TIMEOUTS.headersTimeout + REQUEST_TIMEOUTS.connectionsCheckingInterval + 10_000);
}, 40_000);
