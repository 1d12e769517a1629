/**
 * Which address is the client's. A proxy appends the address it saw to X-Forwarded-For (nginx's
 * $proxy_add_x_forwarded_for, Traefik, load balancers), after whatever the client sent: only
 * the entries our own proxies added can be believed, counted from the right.
 */
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadConfig } from '../../../collector/config.js';
import { pickClientIp } from '../../../collector/http/client-ip.js';
import { startWaymark } from '../../../collector/server.js';
import { CHROME_UA, createTestApp, pageview } from '../../helpers/app.js';
import { awayFromMinuteTurn } from '../../helpers/clock.js';
import { ADMIN_TOKEN, tempDir } from '../../helpers/server.js';

describe('pickClientIp', () => {
  it.each([
    ['no proxy trusted: the socket, whatever the header says', '198.51.100.1', 0, '10.0.0.2'],
    ['one proxy that sets the header', '198.51.100.1', 1, '198.51.100.1'],
    ['one proxy that appends to what the client sent', '6.6.6.6, 198.51.100.1', 1, '198.51.100.1'],
    ['one proxy, spaces and an empty entry', ' 6.6.6.6 ,, 198.51.100.1 ', 1, '198.51.100.1'],
    ['a CDN and our proxy (2): the address the CDN saw', '6.6.6.6, 198.51.100.1, 203.0.113.5', 2, '198.51.100.1'],
    ['fewer entries than proxies: the furthest one', '198.51.100.1', 2, '198.51.100.1'],
    ['a trusted proxy that sent no header: the socket', undefined, 1, '10.0.0.2'],
    ['an empty header: the socket', ' , ', 1, '10.0.0.2'],
    ['a proxy that writes the port (IPv4)', '203.0.113.5:51234', 1, '203.0.113.5'],
    ['a proxy that writes the port (IPv6, bracketed)', '[2001:db8::5]:443', 1, '2001:db8::5'],
    ['bracketed IPv6 without a port', '[2001:db8::5]', 1, '2001:db8::5'],
    ['plain IPv6 (colons, no port)', '2001:db8::5', 1, '2001:db8::5'],
  ])('%s', (_, header, proxies, expected) => {
    expect(pickClientIp(header, '10.0.0.2', proxies)).toBe(expected);
  });
});

describe('WAYMARK_TRUST_PROXY', () => {
  it('is off, one proxy (true) or a number of proxies in a chain', () => {
    expect(loadConfig({}).trustedProxies).toBe(0);
    expect(loadConfig({ WAYMARK_TRUST_PROXY: 'false' }).trustedProxies).toBe(0);
    expect(loadConfig({ WAYMARK_TRUST_PROXY: 'true' }).trustedProxies).toBe(1);
    expect(loadConfig({ WAYMARK_TRUST_PROXY: '2' }).trustedProxies).toBe(2);
    expect(() => loadConfig({ WAYMARK_TRUST_PROXY: 'maybe' })).toThrow(/WAYMARK_TRUST_PROXY/);
    expect(() => loadConfig({ WAYMARK_TRUST_PROXY: '-1' })).toThrow(/WAYMARK_TRUST_PROXY/);
  });
});

describe('behind a proxy that appends to X-Forwarded-For', () => {
  it('a sender cannot get past its rate limit by making up addresses', async () => {
    // Closed before the next test opens its own engine: one at a time in this process.
    const t = await createTestApp({ WAYMARK_RATE_LIMIT: '3' });
    try {
      await t.createSite('shop');
      await awayFromMinuteTurn();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await t.send(pageview(), { 'x-forwarded-for': `192.0.2.${i + 1}, 203.0.113.77` });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([202, 202, 202, 429, 429, 429]);
      // Another client behind the same proxy has its own budget.
      expect((await t.send(pageview(), { 'x-forwarded-for': '192.0.2.1, 203.0.113.78' })).status).toBe(202);
    } finally {
      await t.close();
    }
  });
});

describe('a proxy in front that WAYMARK_TRUST_PROXY does not name', () => {
  it.each([
    ['0', 1],
    ['true', 0],
  ])('WAYMARK_TRUST_PROXY=%s: warns %i time(s) in the log when requests from a local proxy carry X-Forwarded-For', async (trust, warnings) => {
    const lines: { level: number; msg: string }[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', WAYMARK_DATA_DIR: tempDir(), WAYMARK_ADMIN_TOKEN: ADMIN_TOKEN, WAYMARK_DEMO: '0', WAYMARK_TRUST_PROXY: trust });
    const wm = await startWaymark(config, log);
    try {
      await fetch(`${wm.url}/api/sites`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ id: 'shop', domains: ['shop.example'] }) });
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${wm.url}/api/event`, { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA, 'x-forwarded-for': `198.51.100.${i}` }, body: JSON.stringify(pageview()) });
        expect(res.status).toBe(202);
      }
      const hints = lines.filter((l) => l.msg.includes('WAYMARK_TRUST_PROXY'));
      expect(hints).toHaveLength(warnings);
      if (warnings) expect(hints[0]!.msg).toMatch(/X-Forwarded-For .* ignored/);
    } finally {
      await wm.stop();
    }
  });
});
