import { beforeAll, describe, expect, it } from 'vitest';
import { openGeo, type GeoLookup } from '../../../collector/ingest/geo.js';

let geo: GeoLookup;
beforeAll(() => {
  geo = openGeo();
});

describe('openGeo().country', () => {
  // Expected values checked against the bundled DB-IP database (June 2026 build).
  it.each([
    ['Google DNS', '8.8.8.8', 'US'],
    ['Cloudflare DNS (APNIC research range, filed under Australia)', '1.1.1.1', 'AU'],
    ['heise.de (Germany)', '193.99.144.80', 'DE'],
    ['a Japanese academic range', '133.0.0.1', 'JP'],
    ['a UK address', '81.2.69.142', 'GB'],
    ['Deutsche Telekom IPv6', '2003::1', 'DE'],
    ['NTT IPv6 (Japan)', '2400:4050::1', 'JP'],
    ['an IPv4-mapped IPv6 address', '::ffff:8.8.8.8', 'US'],
    ['an IPv4-mapped address in upper case', '::FFFF:193.99.144.80', 'DE'],
  ])('%s: %s → %s', (_name, ip, country) => {
    expect(geo.country(ip)).toBe(country);
  });

  it.each([
    ['IPv4 loopback', '127.0.0.1'],
    ['IPv6 loopback', '::1'],
    ['private 10/8', '10.0.0.1'],
    ['private 192.168/16', '192.168.1.1'],
    ['carrier-grade NAT', '100.64.0.1'],
    ['link-local IPv6', 'fe80::1'],
    ['unique-local IPv6', 'fc00::1'],
    ['a mapped private address', '::ffff:10.0.0.1'],
    ['empty', ''],
    ['not an IP', 'localhost'],
    ['a truncated IPv4 (mmdb-lib alone would answer it)', '1.2.3'],
    ['an out-of-range octet', '999.1.1.1'],
    ['an address with a port', '8.8.8.8:443'],
  ])('is empty for %s', (_name, ip) => {
    expect(geo.country(ip)).toBe('');
  });
});

describe('openGeo().country is cached per address: same answers on repeats', () => {
  it('answers repeated and interleaved lookups as the first time', () => {
    const ips = ['8.8.8.8', '::ffff:8.8.8.8', '127.0.0.1', '2003::1', '1.2.3', '', '193.99.144.80', 'x'.repeat(100)];
    const first = ips.map((ip) => geo.country(ip));
    for (let round = 0; round < 3; round++) expect(ips.map((ip) => geo.country(ip))).toEqual(first);
    expect(first.slice(0, 4)).toEqual(['US', 'US', '', 'DE']);
  });
});
