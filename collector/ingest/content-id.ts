/**
 * The id of an imported event that brings none: derived from what the event says, so the same
 * event sent again (an import script re-run after it failed half-way, or after a crash) has the
 * same id and is found already stored, instead of a random id that stores it twice.
 * Two events that say exactly the same thing (same site, visitor, millisecond, page, name, props…)
 * are one event: a history export does not list a visitor's identical action twice in one ms.
 */
import { createHash } from 'node:crypto';
import type { ImportEvent } from '../schema/event.js';

export function contentEventId(e: ImportEvent): string {
  const h = createHash('sha256').update(canonicalJson(e)).digest();
  // An RFC 9562 UUID of version 8 (its bits are ours to define): 122 bits of the hash.
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex', 0, 16);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** JSON with object keys sorted at every level: `props` in another key order is the same event. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
