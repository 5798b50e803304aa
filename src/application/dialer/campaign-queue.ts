import type { QueuedContact } from '../../domain/dialing/pairing.policy.js';
import type { ContactTable } from './contact-table.js';
import { NOT_IN_HEAP, SlotHeap, type SlotPlaces } from './slot-heap.js';

/** A queued contact as the dialer sees it when it takes it from the queue (a snapshot of its pairing keys). */
export interface QueueEntry {
  readonly contactId: string;
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

/** Ready-heap places are stored as `index`, waiting-heap places as `-(index + 2)`; -1 is "in no heap". */
const waitingPlace = (index: number) => -(index + 2);

/**
 * One campaign's queue: contacts due now in pairing order (`compareContacts`), and contacts waiting for their due
 * time. Both heaps hold table slots and read the keys from the contact table; each contact is in at most one heap
 * at a time and is moved when its keys change, so there are no stale entries. O(log n) per operation.
 */
export class CampaignQueue implements SlotPlaces {
  private readonly ready: SlotHeap;
  private readonly waiting: SlotHeap;

  constructor(private readonly table: ContactTable) {
    this.ready = new SlotHeap((a, b) => this.pairsBefore(a, b), this);
    this.waiting = new SlotHeap((a, b) => {
      const dueA = table.dueAtMs(a);
      const dueB = table.dueAtMs(b);
      return dueA < dueB || (dueA === dueB && table.seqAt(a) < table.seqAt(b));
    }, this);
  }

  /** `compareContacts(asQueuedContact(a), asQueuedContact(b)) < 0`, read from the table's columns. */
  private pairsBefore(a: number, b: number): boolean {
    const table = this.table;
    const frontA = table.isFront(a);
    const frontB = table.isFront(b);
    const retryA = frontA || table.isRetry(a);
    const retryB = frontB || table.isRetry(b);
    if (retryA !== retryB) return retryA;
    const byDue = retryA ? (frontA ? 0 : table.dueAtMs(a)) - (frontB ? 0 : table.dueAtMs(b)) : 0;
    const order = byDue || table.priorityAt(b) - table.priorityAt(a) || table.seqAt(a) - table.seqAt(b);
    if (order) return order < 0;
    const idA = table.idAt(a);
    const idB = table.idAt(b);
    return idA !== idB && idA < idB;
  }

  setPlace(slot: number, heap: SlotHeap, index: number): void {
    this.table.places[slot] = index === NOT_IN_HEAP ? NOT_IN_HEAP : heap === this.ready ? index : waitingPlace(index);
  }

  /** Puts a queued contact (back) in line by its current keys; a contact in line already, or not queued, is left as is. */
  add(entry: QueueEntry, nowMs: number): void {
    const slot = this.table.slotOf(entry.contactId);
    if (slot >= 0 && this.table.places[slot] === NOT_IN_HEAP) this.insert(slot, nowMs);
  }

  /** The contact's keys changed, or it entered the queue: (re)placed by its current keys. */
  place(slot: number, nowMs: number): void {
    this.remove(slot);
    this.insert(slot, nowMs);
  }

  /** The contact left the queue. */
  remove(slot: number): void {
    const place = this.table.places[slot]!;
    if (place === NOT_IN_HEAP) return;
    if (place >= 0) this.ready.removeAt(place);
    else this.waiting.removeAt(-place - 2);
  }

  private insert(slot: number, nowMs: number): void {
    if (!this.table.isQueued(slot)) return;
    if (this.table.dueAtMs(slot) <= nowMs || this.table.isFront(slot)) this.ready.push(slot);
    else this.waiting.push(slot);
  }

  /** Moves contacts whose time has come into the ready heap. */
  promoteDue(nowMs: number): void {
    for (let next = this.waiting.peek(); next >= 0 && this.table.dueAtMs(next) <= nowMs; next = this.waiting.peek()) {
      this.waiting.pop();
      this.ready.push(next);
    }
  }

  /** Takes up to `count` due contacts in pairing order, out of the queue. Put back the ones not dialled with `add`. */
  take(count: number, nowMs: number): QueueEntry[] {
    this.promoteDue(nowMs);
    const taken: QueueEntry[] = [];
    while (taken.length < count) {
      const slot = this.ready.pop();
      if (slot < 0) break;
      const table = this.table;
      taken.push({ contactId: table.idAt(slot), dueAtMs: table.dueAtMs(slot), isRetry: table.isRetry(slot), front: table.isFront(slot), priority: table.priorityAt(slot), seq: table.seqAt(slot) });
    }
    return taken;
  }

  /** Earliest due time among waiting contacts (for a timer). */
  nextDueMs(): number | undefined {
    const next = this.waiting.peek();
    return next < 0 ? undefined : this.table.dueAtMs(next);
  }

  hasReady(nowMs: number): boolean {
    this.promoteDue(nowMs);
    return this.ready.size > 0;
  }

  /** Contacts in line (ready or waiting). */
  get slots(): number {
    return this.ready.size + this.waiting.size;
  }
}
