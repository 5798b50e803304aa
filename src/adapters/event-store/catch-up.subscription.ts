import {
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '../../application/ports/event-store.port.js';

/** Reads up to `limit` events strictly after `position`, in position order. */
export type ReadPage = (position: bigint, limit: number) => readonly StoredEvent[];

const PAGE_SIZE = 1_000;

/**
 * Delivers everything after the checkpoint page by page, then waits for a `wake()` (an append in this
 * process) or, when `pollIntervalMs` is given, for the next poll (appends by other processes).
 * One event at a time, in order; a failure stops the subscription before the failed event counts as seen.
 */
export class CatchUpSubscription implements Subscription {
  private position: bigint;
  private closed = false;
  private wokenWhileBusy = false;
  private endIdle: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly options: SubscribeOptions,
    private readonly readPage: ReadPage,
    private readonly pollIntervalMs?: number,
  ) {
    this.position = options.fromPosition ?? 0n;
    this.done = this.run();
  }

  /** New events may be stored. */
  wake(): void {
    this.wokenWhileBusy = true;
    this.endIdle?.();
  }

  /** Stops delivery; waits for an event being handled to finish (so do not await it inside `onEvent`). */
  async close(): Promise<void> {
    this.closed = true;
    this.endIdle?.();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    try {
      await this.deliverUntilClosed();
    } catch (thrown) {
      this.closed = true;
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      // Without an onError the failure surfaces as an unhandled rejection rather than a silent stop.
      if (!this.options.onError) throw error;
      this.options.onError(error);
    }
  }

  private async deliverUntilClosed(): Promise<void> {
    // Let the caller hold the subscription before the first event arrives.
    await Promise.resolve();
    while (!this.closed) {
      this.wokenWhileBusy = false;
      const page = this.readPage(this.position, PAGE_SIZE);
      for (const event of page) {
        if (this.closed) return;
        const handled = this.options.onEvent(event);
        // Awaiting only real promises keeps synchronous handlers (rebuilds) free of a microtask per event.
        if (isPromiseLike(handled)) await handled;
        this.position = event.position;
      }
      // A full page means more is stored: go on, but let other work run between pages.
      if (page.length === PAGE_SIZE) await new Promise((resolve) => setImmediate(resolve));
      else await this.idle();
    }
  }

  private idle(): Promise<void> {
    if (this.wokenWhileBusy || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer =
        this.pollIntervalMs === undefined
          ? undefined
          : setTimeout(() => this.endIdle?.(), this.pollIntervalMs);
      this.endIdle = () => {
        clearTimeout(timer);
        this.endIdle = undefined;
        resolve();
      };
    });
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}
