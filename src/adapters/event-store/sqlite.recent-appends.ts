import type { StoredEvent } from '../../application/ports/event-store.port.js';

const DEFAULT_CAPACITY = 8_192;

/**
 * The events this store itself committed lately, in position order, so that its subscriptions get them without
 * reading them back from the file (and without parsing them once per subscription).
 *
 * Only ever an exact answer: positions are unique and assigned in commit order, so if this holds every position from
 * `after + 1` to `q` without a gap, the log holds exactly these events there, whatever other processes wrote
 * before or after them. Anything it cannot answer that way (an older position, a gap left by another process's
 * append) is read from the file as before; so is everything past the newest event it holds, on the next poll.
 */
export class RecentAppends {
  private events: StoredEvent[] = [];

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** Events just committed, in position order. */
  add(events: readonly StoredEvent[]): void {
    const newest = this.events.at(-1);
    if (newest !== undefined && events.length > 0 && events[0]!.position <= newest.position) this.events = [];
    for (const event of events) this.events.push(event);
    if (this.events.length > this.capacity * 2) this.events = this.events.slice(-this.capacity);
  }

  /**
   * Up to `limit` events strictly after `after`, exactly as the log holds them, when these are all held here from
   * `after + 1` on without a gap; undefined when the log must be read.
   */
  after(after: bigint, limit: number): StoredEvent[] | undefined {
    const events = this.events;
    const first = after + 1n;
    let low = 0;
    let high = events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (events[middle]!.position < first) low = middle + 1;
      else high = middle;
    }
    if (low === events.length || events[low]!.position !== first) return undefined;
    const end = Math.min(events.length, low + limit);
    for (let index = low + 1; index < end; index += 1) {
      // a gap: another process appended in between, the log has to be read
      if (events[index]!.position !== events[index - 1]!.position + 1n) return undefined;
    }
    return events.slice(low, end);
  }

  clear(): void {
    this.events = [];
  }
}
