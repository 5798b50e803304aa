import { ForwardingEventStore } from '../events/forwarding.event-store.js';
import type { AppendResult, ExpectedRevision, NewEvent, StreamAppend } from '../ports/event-store.port.js';

/** One append that was stored, with when it started and committed (`performance.now()` milliseconds). */
export interface ObservedAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly startedAt: number;
  readonly committedAt: number;
}

export type AppendObserver = (append: ObservedAppend) => void;

/**
 * An EventStore that tells its observers about every append as soon as it committed, synchronously and before
 * the writer resumes: the simulation sees each event the moment it exists, with no subscription lag.
 */
export class ObservedEventStore extends ForwardingEventStore {
  private readonly observers: AppendObserver[] = [];

  observe(observer: AppendObserver): void {
    this.observers.push(observer);
  }

  override async append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const startedAt = performance.now();
    const result = await this.inner.append(streamId, events, expectedRevision);
    const committedAt = performance.now();
    for (const observer of this.observers) observer({ streamId, events, startedAt, committedAt });
    return result;
  }

  protected override async appendTogether(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const startedAt = performance.now();
    const results = await super.appendTogether(appends);
    const committedAt = performance.now();
    for (const { streamId, events } of appends) for (const observer of this.observers) observer({ streamId, events, startedAt, committedAt });
    return results;
  }
}
