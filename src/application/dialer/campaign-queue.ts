import { compareContacts, type QueuedContact } from '../../domain/dialing/pairing.policy.js';
import { BinaryHeap } from './binary-heap.js';

/** A queued contact as the dialer sees it; `version` changes whenever the contact leaves or re-enters the queue. */
export interface QueueEntry {
  readonly contactId: string;
  readonly version: number;
  readonly dueAtMs: number;
  readonly isRetry: boolean;
  readonly front: boolean;
  readonly priority: number;
  readonly seq: number;
}

/** What the pairing policy sees: a requeued-at-the-front contact sorts before every other retry. */
export function asQueuedContact(entry: QueueEntry): QueuedContact {
  return { contactId: entry.contactId, dueAtMs: entry.front ? 0 : entry.dueAtMs, isRetry: entry.isRetry || entry.front, priority: entry.priority, seq: entry.seq };
}

const byPairingOrder = (a: QueueEntry, b: QueueEntry) => compareContacts(asQueuedContact(a), asQueuedContact(b)) < 0;
const byDueTime = (a: QueueEntry, b: QueueEntry) => a.dueAtMs < b.dueAtMs || (a.dueAtMs === b.dueAtMs && a.seq < b.seq);

/**
 * One campaign's queue: contacts due now in pairing order, and contacts waiting for their due time.
 * O(log n) per operation; entries whose version is stale are dropped lazily when they surface.
 */
export class CampaignQueue {
  private readonly ready = new BinaryHeap<QueueEntry>(byPairingOrder);
  private readonly waiting = new BinaryHeap<QueueEntry>(byDueTime);

  constructor(private readonly isCurrent: (entry: QueueEntry) => boolean) {}

  add(entry: QueueEntry, nowMs: number): void {
    if (entry.dueAtMs <= nowMs || entry.front) this.ready.push(entry);
    else this.waiting.push(entry);
  }

  /** Moves contacts whose time has come into the ready heap. */
  promoteDue(nowMs: number): void {
    for (let next = this.waiting.peek(); next !== undefined && next.dueAtMs <= nowMs; next = this.waiting.peek()) {
      const entry = this.waiting.pop()!;
      if (this.isCurrent(entry)) this.ready.push(entry);
    }
  }

  /** Takes up to `count` due contacts in pairing order. Put back the ones not dialled with `add`. */
  take(count: number, nowMs: number): QueueEntry[] {
    this.promoteDue(nowMs);
    const taken: QueueEntry[] = [];
    while (taken.length < count) {
      const entry = this.ready.pop();
      if (entry === undefined) break;
      if (this.isCurrent(entry)) taken.push(entry);
    }
    return taken;
  }

  /** Earliest due time among waiting contacts (for a timer), ignoring stale entries. */
  nextDueMs(): number | undefined {
    for (let next = this.waiting.peek(); next !== undefined; next = this.waiting.peek()) {
      if (this.isCurrent(next)) return next.dueAtMs;
      this.waiting.pop();
    }
    return undefined;
  }

  hasReady(nowMs: number): boolean {
    this.promoteDue(nowMs);
    for (let next = this.ready.peek(); next !== undefined; next = this.ready.peek()) {
      if (this.isCurrent(next)) return true;
      this.ready.pop();
    }
    return false;
  }

  /** Heap slots in use, stale ones included (for memory accounting). */
  get slots(): number {
    return this.ready.size + this.waiting.size;
  }
}
