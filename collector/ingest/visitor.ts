/**
 * Visitor-level enrichment: cookieless visitor ids and the screen class.
 */
import { createHash, randomBytes } from 'node:crypto';

/**
 * NUL separates the hashed fields: it cannot occur in a site id, an IP or an HTTP header, so
 * ("ab", "c") and ("a", "bc") never hash alike.
 */
const SEPARATOR = '\u0000';

/**
 * The visitor id in cookieless mode (no id kept in the browser): a hash of the day's secret
 * salt, the site, the IP and the user agent. The same person on the same device is one visitor
 * for a day on one site, and nobody can link ids across days or sites, or get back to the IP,
 * once the day's salt is deleted. 128 bits of the hash are plenty to avoid collisions; the
 * "c_" prefix lets analyses tell these ids from browser-kept ones.
 */
export function cookielessVisitorId(salt: string, site: string, ip: string, userAgent: string): string {
  const hash = createHash('sha256').update([salt, site, ip, userAgent].join(SEPARATOR)).digest('hex');
  return `c_${hash.slice(0, 32)}`;
}

/** A new daily salt: 32 random bytes as hex (256 bits, never guessable). */
export function newSalt(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Screen width (CSS px) → class, so journeys compare by form factor rather than by hundreds of
 * exact widths. The first two edges are Bootstrap's sm and lg breakpoints; 1440 px is where
 * laptop screens end and large screens begin:
 *   mobile  < 576   phones in portrait
 *   tablet  < 992   tablets, phones in landscape
 *   laptop  < 1440  small laptops, tablets in landscape
 *   desktop ≥ 1440  large laptops and monitors
 * '' when unknown (not sent, or 0, which no real screen reports).
 */
const SCREEN_BANDS: ReadonlyArray<readonly [maxExclusive: number, cls: string]> = [
  [576, 'mobile'],
  [992, 'tablet'],
  [1440, 'laptop'],
  [Infinity, 'desktop'],
];

export function screenClass(width: number | undefined): string {
  if (width === undefined || !(width > 0)) return '';
  return SCREEN_BANDS.find(([max]) => width < max)?.[1] ?? '';
}
