import type { EventStore, StoredEvent } from '../../ports/event-store.port.js';

const YIELD_EVERY = 1000;

/**
 * Folds every stream of one category (`campaign-`, `dnc-`…) from the global log, incrementally: each query
 * catches up from the last position seen, so only the first one reads the whole log. Queries are serialised,
 * and each one starts its own catch-up, so a query always sees every write that finished before it began.
 */
export class CategoryFold<State> {
  private readonly states = new Map<string, State>();
  private position: bigint | undefined;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly prefix: string,
    /** The next state of a stream, or undefined to forget it. */
    private readonly apply: (state: State | undefined, event: StoredEvent) => State | undefined,
  ) {}

  /** Stream id → state, as of now. */
  async current(): Promise<ReadonlyMap<string, State>> {
    const next = this.tail.then(() => this.catchUp());
    this.tail = next.catch(() => undefined);
    await next;
    return this.states;
  }

  /** Starts reading the log in the background (e.g. at boot), so the first query does not wait for all of it. */
  warmUp(): void {
    this.current().catch(() => undefined);
  }

  private async catchUp(): Promise<void> {
    let sinceYield = 0;
    const from = this.position === undefined ? {} : { fromPosition: this.position };
    for await (const stored of this.store.readAll(from)) {
      // a long backlog is read without holding the event loop: other requests go on between pages
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
      this.position = stored.position;
      if (!stored.streamId.startsWith(this.prefix)) continue;
      const next = this.apply(this.states.get(stored.streamId), stored);
      if (next === undefined) this.states.delete(stored.streamId);
      else this.states.set(stored.streamId, next);
    }
  }
}
