/**
 * A bounded memo for per-user-agent work on the hot path (parsing, bot matching): a site's
 * traffic comes from a few hundred distinct UAs while each computation costs µs to tens of µs.
 * Oldest entry evicted first. Keys over `maxKeyLength` (long UAs are rare and often crafted)
 * are computed but never cached, which also bounds the memory.
 */
export function memoByString<V>(fn: (key: string) => V, size = 1000, maxKeyLength = 500): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = fn(key);
    if (key.length <= maxKeyLength) {
      if (cache.size >= size) cache.delete(cache.keys().next().value ?? '');
      cache.set(key, value);
    }
    return value;
  };
}
