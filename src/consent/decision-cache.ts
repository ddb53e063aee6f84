/**
 * A small in-process cache of each subject's latest decisions, so `allows()` on a hot path costs
 * a map lookup. A write invalidates its subject at once; a generation counter keeps a load that
 * raced with the write from putting the stale answer back. The TTL bounds how long another app
 * process (several behind a load balancer on one PostgreSQL) can serve a decision that was
 * changed elsewhere.
 */
export class DecisionCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();
  readonly #generations = new Map<string, number>();
  #globalGeneration = 0;

  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 50_000,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.#entries.get(key);
    const now = Date.now();
    if (hit && hit.expires > now) return hit.value;
    const generation = this.#generation(key);
    const value = await load();
    if (this.#generation(key) === generation) {
      if (this.#entries.size >= this.maxEntries) {
        // Maps iterate in insertion order: drop the oldest entry.
        const oldest = this.#entries.keys().next().value;
        if (oldest !== undefined) this.#entries.delete(oldest);
      }
      this.#entries.set(key, { value, expires: now + this.ttlMs });
    }
    return value;
  }

  /**
   * Loads many keys with one call (bulk work asks for hundreds at once) and caches each answer,
   * unless a write invalidated the key meanwhile (its next `get` then loads it again).
   */
  async loadMany(keys: string[], load: () => Promise<Map<string, V>>): Promise<void> {
    const generations = keys.map((k) => this.#generation(k));
    const values = await load();
    const expires = Date.now() + this.ttlMs;
    keys.forEach((key, i) => {
      const value = values.get(key);
      if (value === undefined || this.#generation(key) !== generations[i]) return;
      if (this.#entries.size >= this.maxEntries) {
        const oldest = this.#entries.keys().next().value;
        if (oldest !== undefined) this.#entries.delete(oldest);
      }
      this.#entries.set(key, { value, expires });
    });
  }

  invalidate(key: string): void {
    this.#entries.delete(key);
    this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
    // Counters would pile up; forgetting them is safe when the global generation moves too, since
    // every load in flight then sees a changed generation and does not store its answer.
    if (this.#generations.size > this.maxEntries) {
      this.#generations.clear();
      this.#globalGeneration += 1;
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#globalGeneration += 1;
  }

  #generation(key: string): string {
    return `${this.#globalGeneration}:${this.#generations.get(key) ?? 0}`;
  }
}
