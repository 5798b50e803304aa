import type { ContactDisposition } from '../../domain/contact/contact.events.js';
import { initialContactState, type ContactState } from '../../domain/contact/contact.state.js';

const NONE = 0;
const QUEUED = 1;
const DONE = 2;
/** Dialing, connected or terminal: the state object is kept. */
const OPEN = 3;
const STATUS_MASK = 0b11;
const IS_RETRY = 0b100;
const FRONT = 0b1000;
const DISPOSITION_SHIFT = 4;
/** The state object is kept whole in `kept` (an open attempt, or a shape the columns cannot give back exactly). */
const KEPT = 0b1000_0000;
const DISPOSITION_MASK = 0b0111_0000;

const DISPOSITIONS: readonly ContactDisposition[] = ['reached', 'exhausted', 'do-not-call', 'invalid-number', 'removed'];

type Queued = Extract<ContactState, { status: 'queued' }>;
type Done = Extract<ContactState, { status: 'done' }>;

/** What a compact queued or done contact holds besides its columns (absent for a contact never dialled). */
interface Extra {
  countedAttempts?: number;
  uncountedAttempts?: number;
  rejectedDials?: number;
  lastOutcome?: Queued['lastOutcome'];
  lastAttemptId?: string;
  /** The due time as written, when `new Date(ms).toISOString()` would not give it back. */
  dueAt?: string;
}

const QUEUED_KEYS = new Set(['status', 'contactId', 'campaignId', 'phone', 'priority', 'countedAttempts', 'uncountedAttempts', 'rejectedDials', 'lastOutcome', 'dueAt', 'isRetry', 'front', 'lastAttemptId']);
const DONE_KEYS = new Set(['status', 'contactId', 'campaignId', 'phone', 'priority', 'countedAttempts', 'uncountedAttempts', 'rejectedDials', 'lastOutcome', 'disposition', 'lastAttemptId']);

/** A contact as the index shows it: its state (folded on demand), stream revision and arrival order. */
export interface ContactEntry {
  readonly state: ContactState;
  readonly revision: bigint;
  /** Arrival order (global position of ContactAdded). */
  readonly seq: number;
}

class ContactView implements ContactEntry {
  constructor(
    private readonly table: ContactTable,
    readonly slot: number,
  ) {}

  get state(): ContactState {
    return this.table.stateAt(this.slot);
  }

  get revision(): bigint {
    return BigInt(this.table.revisionAt(this.slot));
  }

  get seq(): number {
    return this.table.seqAt(this.slot);
  }
}

/**
 * The dialer's contacts in columns: one slot per contact, typed arrays, about 100 bytes per queued contact instead of
 * ~500 as objects, so a million queued contacts fit in the dialer's memory. A queued or done contact is kept as the
 * few values the queue needs (campaign, phone, priority, due time, arrival order, revision, status, flags) plus, for
 * one that was dialled before, its counters and last attempt; its domain state is folded back on demand, equal
 * (`isDeepStrictEqual`) to what `evolveContact` gave. A contact with an open attempt (dialing, connected, terminal),
 * or in a shape the columns cannot give back exactly, keeps its state object.
 */
export class ContactTable implements Iterable<[string, ContactEntry]> {
  private readonly slots = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly phones: string[] = [];
  private readonly campaignIds: string[] = [];
  private readonly campaignNumbers = new Map<string, number>();
  private campaignOf = new Uint32Array(0);
  private dueAt = new Float64Array(0);
  private priorities = new Float64Array(0);
  private seqs = new Float64Array(0);
  private revisions = new Int32Array(0);
  private flags = new Uint8Array(0);
  /** Where the slot sits in its campaign's queue (kept by CampaignQueue). */
  places = new Int32Array(0);
  private readonly extras = new Map<number, Extra>();
  private readonly kept = new Map<number, ContactState>();
  private used = 0;

  get size(): number {
    return this.used;
  }

  /** The slot of a contact, or -1. */
  slotOf(contactId: string): number {
    return this.slots.get(contactId) ?? -1;
  }

  /** A new contact (status none, revision -1) with what never changes: id, phone, campaign, arrival order. */
  add(contactId: string, phone: string, campaignId: string, seq: number): number {
    const slot = this.used;
    if (slot === this.dueAt.length) this.grow();
    this.used += 1;
    this.slots.set(contactId, slot);
    this.ids.push(contactId);
    this.phones.push(phone);
    let campaign = this.campaignNumbers.get(campaignId);
    if (campaign === undefined) {
      campaign = this.campaignIds.push(campaignId) - 1;
      this.campaignNumbers.set(campaignId, campaign);
    }
    this.campaignOf[slot] = campaign;
    this.seqs[slot] = seq;
    this.revisions[slot] = -1;
    this.flags[slot] = NONE;
    this.dueAt[slot] = Number.NaN;
    this.places[slot] = -1;
    return slot;
  }

  idAt(slot: number): string {
    return this.ids[slot]!;
  }

  phoneAt(slot: number): string {
    return this.phones[slot]!;
  }

  campaignAt(slot: number): string {
    return this.campaignIds[this.campaignOf[slot]!]!;
  }

  revisionAt(slot: number): number {
    return this.revisions[slot]!;
  }

  setRevision(slot: number, revision: number): void {
    this.revisions[slot] = revision;
  }

  seqAt(slot: number): number {
    return this.seqs[slot]!;
  }

  isQueued(slot: number): boolean {
    return (this.flags[slot]! & STATUS_MASK) === QUEUED;
  }

  /** Queued contacts: due time in epoch ms, and the pairing keys. */
  dueAtMs(slot: number): number {
    return this.dueAt[slot]!;
  }

  isRetry(slot: number): boolean {
    return (this.flags[slot]! & IS_RETRY) !== 0;
  }

  isFront(slot: number): boolean {
    return (this.flags[slot]! & FRONT) !== 0;
  }

  priorityAt(slot: number): number {
    return this.priorities[slot]!;
  }

  /** The contact's domain state: the one kept, or a queued or done one folded back from its columns. */
  stateAt(slot: number): ContactState {
    const flags = this.flags[slot]!;
    if ((flags & KEPT) !== 0) return this.kept.get(slot)!;
    const status = flags & STATUS_MASK;
    if (status === NONE) return initialContactState;
    const extra = this.extras.get(slot);
    const state: Record<string, unknown> = {
      status: status === QUEUED ? 'queued' : 'done',
      contactId: this.ids[slot],
      campaignId: this.campaignAt(slot),
      phone: this.phones[slot],
      priority: this.priorities[slot],
      countedAttempts: extra?.countedAttempts ?? 0,
      uncountedAttempts: extra?.uncountedAttempts ?? 0,
      rejectedDials: extra?.rejectedDials ?? 0,
    };
    if (extra?.lastOutcome !== undefined) state['lastOutcome'] = extra.lastOutcome;
    if (status === QUEUED) {
      state['dueAt'] = extra?.dueAt ?? new Date(this.dueAt[slot]!).toISOString();
      state['isRetry'] = (flags & IS_RETRY) !== 0;
      state['front'] = (flags & FRONT) !== 0;
    } else {
      state['disposition'] = DISPOSITIONS[((flags & DISPOSITION_MASK) >> DISPOSITION_SHIFT) - 1];
    }
    if (extra?.lastAttemptId !== undefined) state['lastAttemptId'] = extra.lastAttemptId;
    return state as unknown as ContactState;
  }

  /**
   * Stores a contact's new state. The columns always say its status and, when queued, its pairing keys; a queued or
   * done state that they (with its extra values) give back exactly is not kept as an object.
   */
  setState(slot: number, state: ContactState): void {
    this.extras.delete(slot);
    this.kept.delete(slot);
    if (state.status === 'none') {
      this.flags[slot] = NONE;
      this.dueAt[slot] = Number.NaN;
      return;
    }
    this.priorities[slot] = state.priority;
    if (state.status === 'queued') {
      const dueAtMs = Date.parse(state.dueAt);
      this.dueAt[slot] = dueAtMs;
      this.flags[slot] = QUEUED | (state.isRetry ? IS_RETRY : 0) | (state.front ? FRONT : 0);
      if (this.fits(slot, state, QUEUED_KEYS)) this.keepExtra(slot, state, canonical(state.dueAt, dueAtMs) ? undefined : state.dueAt);
      else this.keep(slot, state);
      return;
    }
    if (state.status === 'done') {
      const disposition = DISPOSITIONS.indexOf(state.disposition);
      this.dueAt[slot] = Number.NaN;
      this.flags[slot] = DONE | ((disposition + 1) << DISPOSITION_SHIFT);
      if (disposition >= 0 && this.fits(slot, state, DONE_KEYS)) this.keepExtra(slot, state, undefined);
      else this.keep(slot, state);
      return;
    }
    this.dueAt[slot] = 'dueAt' in state ? Date.parse(state.dueAt) : Number.NaN;
    this.flags[slot] = OPEN;
    this.keep(slot, state);
  }

  private keep(slot: number, state: ContactState): void {
    this.flags[slot] = this.flags[slot]! | KEPT;
    this.kept.set(slot, state);
  }

  /** Same id, phone and campaign as the columns, only the expected keys, and plain values: folds back exactly. */
  private fits(slot: number, state: Queued | Done, keys: ReadonlySet<string>): boolean {
    if (state.contactId !== this.ids[slot] || state.phone !== this.phones[slot] || state.campaignId !== this.campaignAt(slot)) return false;
    if (typeof state.priority !== 'number') return false;
    for (const key in state) {
      if (!keys.has(key)) return false;
      if ((state as unknown as Record<string, unknown>)[key] === undefined) return false;
    }
    return true;
  }

  private keepExtra(slot: number, state: Queued | Done, dueAt: string | undefined): void {
    let extra: Extra | undefined;
    if (state.countedAttempts !== 0) (extra ??= {}).countedAttempts = state.countedAttempts;
    if (state.uncountedAttempts !== 0) (extra ??= {}).uncountedAttempts = state.uncountedAttempts;
    if (state.rejectedDials !== 0) (extra ??= {}).rejectedDials = state.rejectedDials;
    if (state.lastOutcome !== undefined) (extra ??= {}).lastOutcome = state.lastOutcome;
    if (state.lastAttemptId !== undefined) (extra ??= {}).lastAttemptId = state.lastAttemptId;
    if (dueAt !== undefined) (extra ??= {}).dueAt = dueAt;
    if (extra !== undefined) this.extras.set(slot, extra);
  }

  // ------------------------------------------------------------ the ReadonlyMap-like face the dialer reads

  get(contactId: string): ContactEntry | undefined {
    const slot = this.slots.get(contactId);
    return slot === undefined ? undefined : new ContactView(this, slot);
  }

  has(contactId: string): boolean {
    return this.slots.has(contactId);
  }

  keys(): IterableIterator<string> {
    return this.slots.keys();
  }

  *values(): IterableIterator<ContactEntry> {
    for (let slot = 0; slot < this.used; slot += 1) yield new ContactView(this, slot);
  }

  *entries(): IterableIterator<[string, ContactEntry]> {
    for (let slot = 0; slot < this.used; slot += 1) yield [this.ids[slot]!, new ContactView(this, slot)];
  }

  [Symbol.iterator](): IterableIterator<[string, ContactEntry]> {
    return this.entries();
  }

  /** Contacts that are neither queued nor done (an attempt is open), in the order they were added: no state folded. */
  openContactIds(): string[] {
    const open = [...this.kept.keys()].filter((slot) => (this.flags[slot]! & STATUS_MASK) === OPEN);
    return open.sort((a, b) => a - b).map((slot) => this.ids[slot]!);
  }

  private grow(): void {
    const capacity = Math.max(1024, this.dueAt.length * 2);
    this.campaignOf = grown(this.campaignOf, new Uint32Array(capacity));
    this.dueAt = grown(this.dueAt, new Float64Array(capacity));
    this.priorities = grown(this.priorities, new Float64Array(capacity));
    this.seqs = grown(this.seqs, new Float64Array(capacity));
    this.revisions = grown(this.revisions, new Int32Array(capacity));
    this.flags = grown(this.flags, new Uint8Array(capacity));
    this.places = grown(this.places, new Int32Array(capacity));
  }
}

function grown<T extends Uint32Array | Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

function canonical(text: string, ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 && new Date(ms).toISOString() === text;
}
