/**
 * A site's exclusions (its owner's own visits, an admin area, a monitoring service): events on a
 * page matching an excluded path glob, or from an excluded address or CIDR range, are
 * acknowledged and not stored, and counted. Compiled once per site version (the site object is
 * replaced when the site changes), so the hot path pays a lookup, not a parse.
 */
import ipaddr from 'ipaddr.js';
import { globToRegex } from '../../analysis/journeys/match.js';
import { parseCidr, type Site } from '../schema/site.js';
import { normalizePath } from './row.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

interface Compiled {
  paths: RegExp | null;
  ips: Range[];
}

const compiled = new WeakMap<Site, Compiled>();

function compile(site: Site): Compiled {
  let c = compiled.get(site);
  if (c) return c;
  const paths = site.exclude_paths.length ? new RegExp(site.exclude_paths.map((g) => `(?:${globToRegex(g)})`).join('|'), 's') : null;
  const ips: Range[] = [];
  for (const text of site.exclude_ips) {
    const r = parseCidr(text);
    // Refused on the way in; an odd value in an old snapshot excludes nothing.
    if (!r || !ipaddr.isValid(r.address)) continue;
    const a = ipaddr.parse(r.address);
    // "::ffff:1.2.3.4" (as a dual-stack server shows an IPv4 client) excludes that IPv4 address.
    if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() && r.prefix >= 96) ips.push([(a as ipaddr.IPv6).toIPv4Address(), r.prefix - 96]);
    else ips.push([a, r.prefix]);
  }
  c = { paths, ips };
  compiled.set(site, c);
  return c;
}

/** Whether the site keeps no events of this page (its stored path) from this client address ('' = unknown). */
export function isExcluded(site: Site, url: URL, ip: string): boolean {
  if (site.exclude_paths.length === 0 && site.exclude_ips.length === 0) return false;
  const c = compile(site);
  if (c.paths?.test(normalizePath(url))) return true;
  if (c.ips.length === 0 || !ipaddr.isValid(ip)) return false;
  // process(): "::ffff:1.2.3.4", how a dual-stack server sees an IPv4 client, as 1.2.3.4.
  const addr = ipaddr.process(ip);
  return c.ips.some(([range, bits]) => range.kind() === addr.kind() && addr.match(range, bits));
}
