/**
 * Client event ids seen recently. A snippet may re-send an event (keepalive retry, a beacon and
 * a fetch racing at page unload); the duplicate is acknowledged but not stored twice.
 *
 * Bounded by two generations of Sets: ids go into `current`; when it holds half the capacity it
 * becomes `previous` and the old `previous` is dropped whole. So at least the last capacity/2
 * ids (and at most `capacity`) are remembered, every operation is O(1), and memory stays bounded.
 * (A single Map evicting its oldest key per insert looked O(1) but is not: V8 leaves deleted
 * entries as holes at the front of the table until the next rehash, and `keys().next()` walks
 * over all of them — at capacity each check cost ~100 µs instead of ~1 µs.)
 */
export class RecentIds {
  private current = new Set<string>();
  private previous = new Set<string>();
  private readonly generation: number;

  constructor(capacity = 200_000) {
    this.generation = Math.max(1, Math.floor(capacity / 2));
  }

  /** True if the id was already seen; otherwise remembers it. */
  seen(id: string): boolean {
    if (this.current.has(id) || this.previous.has(id)) return true;
    if (this.current.size >= this.generation) {
      this.previous = this.current;
      this.current = new Set();
    }
    this.current.add(id);
    return false;
  }

  /** The WAL refused the event: it was not stored, so a retry must not be taken for a duplicate. */
  forget(id: string): void {
    this.current.delete(id);
    this.previous.delete(id);
  }
}
