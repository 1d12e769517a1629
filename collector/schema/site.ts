import { z } from 'zod';
import { siteIdSchema } from './event.js';

/**
 * A hostname a site's pages may be served from; "*.shop.example" admits subdomains. An
 * internationalized name ("bücher.example") is kept in its ASCII form, the one browsers report
 * as the page's hostname ("xn--bcher-kva.example"): stored as written, no page would match it.
 */
export const domainSchema = z
  .string()
  .min(1)
  .max(253)
  .transform((s) => toAsciiDomain(s.toLowerCase()))
  .refine((s) => /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(s), {
    message: 'must be a hostname like shop.example or *.shop.example',
  });

/**
 * By the URL parser (the dashboard's form shares this schema, so nothing from node:), and only
 * for a name with non-ASCII letters and none of a URL's separators: "a/b.example" would parse
 * as host "a", which passes the check after it. An unconvertible name is kept as written, for
 * that check to refuse.
 */
function toAsciiDomain(s: string): string {
  if (!/[^\x00-\x7f]/.test(s) || /[\s/\\:?#@%[\]]/.test(s)) return s;
  const wildcard = s.startsWith('*.') ? '*.' : '';
  try {
    return wildcard + new URL(`http://${s.slice(wildcard.length)}/`).hostname;
  } catch {
    return s;
  }
}

/** A page path glob whose events a site does not keep (`*` within a segment, `**` across): "/admin/**". */
export const excludePathSchema = z
  .string()
  .min(1)
  .max(200)
  .startsWith('/', 'must be a path starting with /, like /admin/**')
  // A lone surrogate (half of a UTF-16 pair) is not text: ClickHouse would refuse the site's row.
  .refine((s) => s.isWellFormed(), 'must be valid Unicode text (no lone surrogate)');

/**
 * An address, or a range in CIDR notation, whose visits a site does not keep (the owner's office,
 * a monitoring service): "203.0.113.7", "203.0.113.0/24", "2001:db8::/32". Checked without node:
 * (the dashboard's form shares this schema).
 */
export const excludeIpSchema = z
  .string()
  .max(64)
  .transform((s) => s.trim().toLowerCase())
  .refine((s) => parseCidr(s) !== null, { message: 'must be an IP address or a CIDR range, like 203.0.113.0/24 or 2001:db8::/32' });

/** Address family and prefix length of an address or CIDR range; null when it is neither. */
export function parseCidr(s: string): { family: 'ipv4' | 'ipv6'; address: string; prefix: number } | null {
  const [address = '', bits, extra] = s.split('/');
  if (extra !== undefined || (bits !== undefined && !/^\d{1,3}$/.test(bits))) return null;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    const prefix = bits === undefined ? 32 : Number(bits);
    return v4.slice(1).every((o) => Number(o) <= 255 && String(Number(o)) === o) && prefix <= 32 ? { family: 'ipv4', address, prefix } : null;
  }
  if (!address.includes(':') || !/^[0-9a-f:.]+$/.test(address)) return null;
  try {
    new URL(`http://[${address}]/`); // the WHATWG parser knows every IPv6 form
  } catch {
    return null;
  }
  const prefix = bits === undefined ? 128 : Number(bits);
  return prefix <= 128 ? { family: 'ipv6', address, prefix } : null;
}

export const siteInputSchema = z
  .object({
    id: siteIdSchema,
    domains: z.array(domainSchema).min(1).max(50),
    /** Events on these pages are acknowledged and not stored (counted as excluded). */
    exclude_paths: z.array(excludePathSchema).max(50).default([]),
    /** Events from these addresses are acknowledged and not stored (counted as excluded); the addresses are the owner's, kept as written. */
    exclude_ips: z.array(excludeIpSchema).max(50).default([]),
    timezone: z
      .string()
      .max(64)
      .refine((tz) => canonicalTimeZone(tz) !== undefined, { message: 'unknown IANA time zone' })
      .overwrite((tz) => canonicalTimeZone(tz) ?? tz)
      .default('UTC'),
  })
  .strict();

export type SiteInput = z.input<typeof siteInputSchema>;

export const siteSchema = z.object({
  id: siteIdSchema,
  domains: z.array(z.string()),
  /** Spelt as stored before names were made canonical ("europe/berlin") is read canonical too. */
  timezone: z.string().overwrite((tz) => canonicalTimeZone(tz) ?? tz),
  /** Absent in snapshots written before exclusions existed. */
  exclude_paths: z.array(z.string()).default([]),
  exclude_ips: z.array(z.string()).default([]),
  created_at: z.string(),
});
export type Site = z.infer<typeof siteSchema>;

/**
 * The time zone's IANA name as ICU spells it ("europe/berlin" → "Europe/Berlin", "US/Pacific" →
 * "America/Los_Angeles"), or undefined when unknown. Intl takes any spelling; ClickHouse only the
 * exact name, and refused "europe/berlin" in every analysis of a site that had it (a 500).
 */
function canonicalTimeZone(tz: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** What DELETE /api/sites/:site deleted (storage/site-deletion.ts). */
export const siteDeletionSchema = z.object({
  site: z.string(),
  events: z.number().int().describe('rows deleted from the events table'),
  journeys: z.number().int(),
  keys: z.number().int().describe('API keys revoked'),
  set_aside: z.number().int().describe('rows ClickHouse had refused, kept aside in the log directory, removed'),
});
export type SiteDeletion = z.infer<typeof siteDeletionSchema>;

/** What DELETE /api/sites/:site/visitors/:id erased (storage/visitor-erasure.ts). */
export const visitorErasureSchema = z.object({
  site: z.string(),
  id: z.string().describe('the visitor id or user id asked for'),
  visitors: z.array(z.string()).describe('the visitor ids whose events were erased: the id itself, and those identified as that user'),
  events: z.number().int().describe('rows deleted from the events table'),
  set_aside: z.number().int().describe('rows ClickHouse had refused, kept aside in the log directory, removed'),
});
export type VisitorErasure = z.infer<typeof visitorErasureSchema>;

/**
 * Does a page hostname belong to a site? Exact match (a leading "www." is ignored on both
 * sides, as site owners rarely list both), or a "*." wildcard for any subdomain.
 */
export function hostAllowed(domains: readonly string[], hostname: string): boolean {
  const host = stripWww(hostname.toLowerCase());
  return domains.some((d) => (d.startsWith('*.') ? host === d.slice(2) || host.endsWith(d.slice(1)) : host === stripWww(d)));
}

const stripWww = (h: string) => (h.startsWith('www.') ? h.slice(4) : h);
