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

export const siteInputSchema = z
  .object({
    id: siteIdSchema,
    domains: z.array(domainSchema).min(1).max(50),
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
