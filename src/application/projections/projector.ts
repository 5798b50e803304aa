import type { EventStore, StoredEvent, Subscription } from '../ports/event-store.port.js';
import type { ReadModelStore } from '../ports/read-model-store.port.js';
import { applyEvents } from './apply-events.js';
import type { Projection } from './projection.js';
import { rebuildReadModels, type RebuildProgress } from './rebuild.js';

export interface ProjectorOptions {
  /** Events applied per transaction while catching up. */
  readonly batchSize?: number;
  /**
   * Least time between two commits while events keep coming (default 10 ms). At a quiet moment an event is applied
   * on the next turn of the event loop; under load (thousands of callbacks a second) the events of the last few
   * milliseconds share one transaction, and rows many of them touch (a campaign's counters) are written once.
   */
  readonly minCommitGapMs?: number;
  readonly onError?: (error: Error) => void;
  /** How long to wait before retrying a batch the read-model store refused (e.g. locked by a rebuild elsewhere). */
  readonly retryDelayMs?: number;
}

interface Waiter {
  readonly position: bigint;
  readonly resolve: (caughtUp: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Feeds the read models from the event store's subscription (never from in-process publishing), in batches,
 * and tells queries how far it got so a request can wait for its own write.
 */
export class Projector {
  private subscription?: Subscription;
  private pending: StoredEvent[] = [];
  private scheduled = false;
  private paused = false;
  private position = -1n;
  private waiters: Waiter[] = [];
  private readonly batchSize: number;
  private readonly minCommitGapMs: number;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    readonly projections: readonly Projection[],
    private readonly options: ProjectorOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.minCommitGapMs = options.minCommitGapMs ?? 10;
  }

  start(): void {
    const checkpoints = this.projections.map((p) => this.readModels.checkpoint(p.name));
    const from = checkpoints.some((c) => c === undefined) ? undefined : checkpoints.reduce((a, b) => (a! < b! ? a : b));
    if (from !== undefined) this.position = from;
    this.subscription = this.events.subscribeToAll({
      ...(from === undefined ? {} : { fromPosition: from }),
      onEvent: (event) => this.receive(event),
      onError: (error) => this.options.onError?.(error),
    });
  }

  /** Position of the last event every read model reflects (-1 before the first). */
  caughtUpTo(): bigint {
    return this.position;
  }

  /** Resolves true once the read models reflect `position`, false after the timeout. */
  waitFor(position: bigint, timeoutMs = 5000): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = { position, resolve, timer: setTimeout(() => this.settle(waiter, false), timeoutMs) };
      this.waiters.push(waiter);
    });
  }

  async rebuild(names?: readonly string[], onProgress?: (progress: RebuildProgress) => void): Promise<RebuildProgress> {
    this.paused = true;
    try {
      const selected = names === undefined ? this.projections : this.projections.filter((p) => names.includes(p.name));
      return await rebuildReadModels(this.events, this.readModels, selected, { onProgress });
    } finally {
      this.paused = false;
      this.schedule();
    }
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
    this.flush({ evenIfHeld: true });
    for (const waiter of [...this.waiters]) this.settle(waiter, this.position >= waiter.position);
  }

  private receive(event: StoredEvent): void {
    this.pending.push(event);
    if (this.pending.length >= this.batchSize) this.flush();
    else this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.flush();
    };
    const wait = this.lastFlushAt + this.minCommitGapMs - performance.now();
    if (wait <= 0) setImmediate(run);
    else setTimeout(run, wait);
  }

  private flush(options: { readonly evenIfHeld?: boolean } = {}): void {
    if (this.paused || this.pending.length === 0) return;
    const held = options.evenIfHeld === true ? undefined : this.readModels.commitsHeld?.();
    if (held !== undefined) {
      // the events wait with the others that keep coming, and are committed together once the store lets go
      if (!this.scheduled) {
        this.scheduled = true;
        void held.then(() => {
          this.scheduled = false;
          this.flush();
        });
      }
      return;
    }
    this.lastFlushAt = performance.now();
    const batch = this.pending;
    try {
      applyEvents(this.readModels, this.projections, batch);
    } catch (error) {
      this.options.onError?.(error as Error);
      setTimeout(() => this.schedule(), this.options.retryDelayMs ?? 200);
      return;
    }
    this.pending = [];
    this.position = batch[batch.length - 1]!.position;
    for (const waiter of [...this.waiters]) if (this.position >= waiter.position) this.settle(waiter, true);
  }

  private settle(waiter: Waiter, caughtUp: boolean): void {
    clearTimeout(waiter.timer);
    this.waiters = this.waiters.filter((w) => w !== waiter);
    waiter.resolve(caughtUp);
  }
}
