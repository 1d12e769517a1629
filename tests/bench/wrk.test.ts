/**
 * The benchmark's wrk glue (lib/wrk.ts): its report is read right, and every request it sends
 * carries fresh client event ids (replayed ids would be acknowledged but not stored).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ensureWrk, luaString, parseWrk, saturateWrk } from './lib/wrk.js';

const REPORT = `Running 10s test @ http://127.0.0.1:40111
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.05ms    2.11ms  41.35ms   90.13%
    Req/Sec    22.28k     1.02k   24.11k    75.00%
  Latency Distribution
     50%  812.00us
     75%    3.37ms
     90%    4.89ms
     99%    1.02s
  221750 requests in 10.01s, 40.18MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:  22153.21
Transfer/sec:      4.01MB
    0m0.01s 0m0.00s
    0m1.92s 0m0.37s
`;

describe('wrk report', () => {
  it('gives requests/s, totals, refusals, socket errors and latencies in ms', () => {
    expect(parseWrk(REPORT)).toEqual({ rps: 22153.21, total: 221750, non2xx: 7, errors: 5, p50: 0.812, p99: 1020, statusCodes: { 'non-2xx': 7 } });
  });

  it('a clean run has no refusals and no errors', () => {
    const clean = REPORT.replace(/ {2}Socket errors.*\n/, '').replace(/ {2}Non-2xx.*\n/, '');
    expect(parseWrk(clean)).toMatchObject({ non2xx: 0, errors: 0, statusCodes: {} });
  });

  it('refuses output it does not understand', () => {
    expect(() => parseWrk('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/unexpected output/);
  });
});

describe('wrk request script', () => {
  it('writes bodies byte for byte as Lua strings', () => {
    expect(luaString('a"b\\c\n\u0001ü]]')).toBe('"a\\034b\\092c\\010\\001ü]]"');
  });

  // Runs the real wrk (installed with apt-get when missing, as the benchmark does).
  it.skipIf(!ensureWrk())('sends the sampled bodies, with fresh valid event ids in every request', async () => {
    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (c: string) => (body += c));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":2}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    let n = 0;
    const body = () => JSON.stringify([{ id: randomUUID(), title: `Ü "${n}" \\ ]]`, n: n++ }, { id: randomUUID() }]);
    try {
      const r = await saturateWrk(`http://127.0.0.1:${port}`, body, { connections: 4, durationS: 1 });
      expect(r).toMatchObject({ non2xx: 0, errors: 0 });
      expect(r.total).toBeGreaterThan(100);
      expect(bodies.length).toBeGreaterThanOrEqual(r.total);
    } finally {
      server.close();
    }
    const ids = new Set<string>();
    for (const text of bodies) {
      const events = z.array(z.object({ id: z.uuid({ version: 'v4' }), title: z.string().optional(), n: z.number().optional() })).parse(JSON.parse(text));
      expect(events[0]!.title).toBe(`Ü "${events[0]!.n}" \\ ]]`);
      for (const e of events) ids.add(e.id);
    }
    expect(ids.size).toBe(bodies.length * 2);
  });
});
