import type { Subscription } from '../../application/ports/event-store.port.js';

/** The subscriptions a store has handed out: each closes on its own, and all close with the store. */
export class OpenSubscriptions<S extends Subscription> implements Iterable<S> {
  private readonly open = new Set<S>();

  /** Keeps `subscription` until it or the store closes; the caller gets a handle that forgets it on close. */
  track(subscription: S): Subscription {
    this.open.add(subscription);
    return {
      close: async () => {
        this.open.delete(subscription);
        await subscription.close();
      },
    };
  }

  async closeAll(): Promise<void> {
    const all = [...this.open];
    this.open.clear();
    await Promise.all(all.map((subscription) => subscription.close()));
  }

  [Symbol.iterator](): Iterator<S> {
    return this.open[Symbol.iterator]();
  }
}
