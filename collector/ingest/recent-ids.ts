/**
 * Client event ids seen recently. A snippet may re-send an event (keepalive retry, a beacon and
 * a fetch racing at page unload); the duplicate is acknowledged but not stored twice.
 * Bounded: the oldest ids are forgotten first (Map keeps insertion order).
 */
export class RecentIds {
  private ids = new Map<string, true>();
  constructor(private readonly capacity = 200_000) {}

  /** True if the id was already seen; otherwise remembers it. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.set(id, true);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.keys().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return false;
  }

  /** The WAL refused the event: it was not stored, so a retry must not be taken for a duplicate. */
  forget(id: string): void {
    this.ids.delete(id);
  }
}
