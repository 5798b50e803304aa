export interface CachedAnswer {
  readonly status: number;
  readonly body: unknown;
}

interface Entry {
  /** What the request carried (a hash of its JSON body), to refuse a key reused for a different request. */
  readonly fingerprint: string;
  readonly answer: Promise<CachedAnswer | undefined>;
  readonly storedAt: number;
}

/**
 * First answers to requests that carried an `Idempotency-Key`, per route and key: bounded (least recently used
 * evicted) and kept for a day. In memory, per process: after a restart a repeated request runs again, but its
 * command ids derive from the key, so it still writes nothing.
 */
export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 24 * 3600_000,
  ) {}

  get(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (now - entry.storedAt > this.ttlMs) return undefined;
    this.entries.set(key, entry);
    return entry;
  }

  /** Reserves the key while the first request runs; its answer (or undefined when it failed) settles the promise. */
  start(key: string, fingerprint: string, now: number): { settle(answer: CachedAnswer | undefined): void } {
    let settle!: (answer: CachedAnswer | undefined) => void;
    const answer = new Promise<CachedAnswer | undefined>((resolve) => (settle = resolve));
    this.entries.delete(key);
    this.entries.set(key, { fingerprint, answer, storedAt: now });
    while (this.entries.size > this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
    return {
      settle: (result) => {
        if (result === undefined && this.entries.get(key)?.answer === answer) this.entries.delete(key);
        settle(result);
      },
    };
  }

  /** Forgets every answer (as a restart does). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
