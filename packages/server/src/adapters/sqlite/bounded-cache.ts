// The adapter's in-memory caches (conversation ids, users) are bounded: past `limit` entries the oldest
// inserted goes first. Insertion order is enough here: hot entries are re-inserted after an eviction.
export function rememberBounded<K, V>(cache: Map<K, V>, key: K, value: V, limit: number): void {
  if (!cache.has(key) && cache.size >= limit) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}
