/**
 * Orderings and quantiles that the TypeScript references share with ClickHouse, so the two sides
 * agree to the last tie.
 */

/**
 * ClickHouse compares String values byte-wise (UTF-8), which is code-point order. JavaScript's `<`
 * compares UTF-16 code units, which disagrees for characters above U+FFFF versus U+E000–U+FFFF
 * ("😀" vs "\uE000"). Every label ordering in the references goes through this.
 */
export function cmpStr(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * ClickHouse orders UUIDs by their second 64-bit half (text groups 4–5) before the first
 * (groups 1–3), each as a big-endian number. This key, over lower-case text, sorts the same way;
 * the SQL sorts by the UUID itself (cheaper than turning 10 M ids into strings).
 */
export function uuidOrderKey(uuid: string): string {
  const hex = uuid.toLowerCase().replace(/-/g, '');
  return hex.slice(16) + hex.slice(0, 16);
}

/** The order of one visitor's events everywhere: time (ms), then event id in ClickHouse UUID order. */
export function cmpEvent(a: { ms: number; eid: string }, b: { ms: number; eid: string }): number {
  return a.ms - b.ms || (a.eid < b.eid ? -1 : a.eid > b.eid ? 1 : 0);
}

/**
 * ClickHouse `quantileExact(level)` semantics: the element at index floor(level · n) of the
 * sorted values (the upper median for even n), clamped to the last one; null for no values.
 */
export function quantileExact(values: readonly number[], level: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const i = level < 1 ? Math.floor(level * sorted.length) : sorted.length - 1;
  return sorted[Math.min(i, sorted.length - 1)]!;
}

/** Ranks labelled counts: biggest first, then label in ClickHouse order; keeps `limit`. */
export function topBy<T>(items: readonly T[], count: (t: T) => number, label: (t: T) => string, limit: number): T[] {
  return [...items].sort((a, b) => count(b) - count(a) || cmpStr(label(a), label(b))).slice(0, limit);
}
