import { z } from 'zod';
import { siteIdSchema } from './event.js';

/** A hostname a site's pages may be served from; "*.shop.example" admits subdomains. */
export const domainSchema = z
  .string()
  .min(1)
  .max(253)
  .transform((s) => s.toLowerCase())
  .refine((s) => /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(s), {
    message: 'must be a hostname like shop.example or *.shop.example',
  });

export const siteInputSchema = z
  .object({
    id: siteIdSchema,
    domains: z.array(domainSchema).min(1).max(50),
    timezone: z.string().max(64).refine((tz) => isTimeZone(tz), { message: 'unknown IANA time zone' }).default('UTC'),
  })
  .strict();

export type SiteInput = z.input<typeof siteInputSchema>;

export const siteSchema = z.object({
  id: siteIdSchema,
  domains: z.array(z.string()),
  timezone: z.string(),
  created_at: z.string(),
});
export type Site = z.infer<typeof siteSchema>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Does a page hostname belong to a site? Exact match (a leading "www." is ignored on both
 * sides, as site owners rarely list both), or a "*." wildcard for any subdomain.
 */
export function hostAllowed(domains: readonly string[], hostname: string): boolean {
  const host = stripWww(hostname.toLowerCase());
  return domains.some((d) => (d.startsWith('*.') ? host === d.slice(2) || host.endsWith(d.slice(1)) : host === stripWww(d)));
}

const stripWww = (h: string) => (h.startsWith('www.') ? h.slice(4) : h);
