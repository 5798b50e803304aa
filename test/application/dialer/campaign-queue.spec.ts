import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { asQueuedContact, CampaignQueue } from '../../../src/application/dialer/campaign-queue.js';
import { ContactTable } from '../../../src/application/dialer/contact-table.js';
import { NOT_IN_HEAP } from '../../../src/application/dialer/slot-heap.js';
import { compareContacts } from '../../../src/domain/dialing/pairing.policy.js';
import type { ContactState } from '../../../src/domain/contact/contact.state.js';

const T0 = Date.parse('2026-03-02T04:30:00.000Z');
const CONTACTS = 12;

interface Keys {
  readonly dueAtMs: number;
  readonly isRetry: boolean;
  readonly front: boolean;
  readonly priority: number;
}

type Step =
  | { readonly kind: 'enter'; readonly contact: number; readonly keys: Keys }
  | { readonly kind: 'leave'; readonly contact: number }
  | { readonly kind: 'take'; readonly count: number }
  | { readonly kind: 'put-back' }
  | { readonly kind: 'wait'; readonly ms: number };

const keys = fc.record({
  dueAtMs: fc.integer({ min: -5, max: 40 }).map((minutes) => T0 + minutes * 60_000),
  isRetry: fc.boolean(),
  front: fc.boolean(),
  priority: fc.integer({ min: 0, max: 3 }),
});
const contact = fc.integer({ min: 0, max: CONTACTS - 1 });
const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('enter' as const), contact, keys }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), contact }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('take' as const), count: fc.integer({ min: 1, max: 4 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'put-back' as const }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 15 * 60_000 }) }) },
  ),
  { maxLength: 80 },
);

const queuedState = (id: string, k: Keys): ContactState => ({
  status: 'queued',
  contactId: id,
  campaignId: 'k1',
  phone: '+919810000001',
  priority: k.priority,
  countedAttempts: 0,
  uncountedAttempts: 0,
  rejectedDials: 0,
  dueAt: new Date(k.dueAtMs).toISOString(),
  isRetry: k.isRetry,
  front: k.front,
});

/**
 * The reference: every contact in line is either ready (due when it was put in line or promoted since, or in front)
 * or waiting; `take` promotes what is due, then hands out the ready ones in `compareContacts` order.
 */
class ReferenceQueue {
  readonly inLine = new Map<string, { keys: Keys; seq: number; ready: boolean }>();

  put(id: string, k: Keys, seq: number, nowMs: number): void {
    this.inLine.set(id, { keys: k, seq, ready: k.dueAtMs <= nowMs || k.front });
  }

  take(count: number, nowMs: number): string[] {
    for (const entry of this.inLine.values()) if (entry.keys.dueAtMs <= nowMs) entry.ready = true;
    const ready = [...this.inLine].filter(([, e]) => e.ready).map(([contactId, e]) => ({ contactId, ...e.keys, seq: e.seq }));
    const taken = ready.map((e) => asQueuedContact(e)).sort(compareContacts).slice(0, count).map((c) => c.contactId);
    for (const id of taken) this.inLine.delete(id);
    return taken;
  }

  nextDueMs(): number | undefined {
    const waiting = [...this.inLine.values()].filter((e) => !e.ready).map((e) => e.keys.dueAtMs);
    return waiting.length === 0 ? undefined : Math.min(...waiting);
  }
}

describe('CampaignQueue', () => {
  test.prop([steps])('hands out due contacts in pairing order, whatever enters, leaves, changes and comes back', (plan) => {
    const table = new ContactTable();
    const queue = new CampaignQueue(table);
    const reference = new ReferenceQueue();
    const ids = Array.from({ length: CONTACTS }, (_, n) => `c${n}`);
    // arrival order is not the id order, so that ties are broken by seq before ids
    ids.forEach((id, n) => table.add(id, '+919810000001', 'k1', (n * 7) % CONTACTS));
    const current = new Map<string, Keys>();
    let taken: string[] = [];
    let now = T0;
    for (const step of plan) {
      switch (step.kind) {
        case 'enter': {
          const id = ids[step.contact]!;
          // as DialerIndex does: out of line while its keys change, then in by the new keys
          queue.remove(step.contact);
          table.setState(step.contact, queuedState(id, step.keys));
          queue.place(step.contact, now);
          current.set(id, step.keys);
          reference.put(id, step.keys, table.seqAt(step.contact), now);
          taken = taken.filter((t) => t !== id);
          break;
        }
        case 'leave': {
          const id = ids[step.contact]!;
          queue.remove(step.contact);
          table.setState(step.contact, { ...queuedState(id, { dueAtMs: T0, isRetry: false, front: false, priority: 0 }), status: 'done', disposition: 'removed' } as unknown as ContactState);
          current.delete(id);
          reference.inLine.delete(id);
          taken = taken.filter((t) => t !== id);
          break;
        }
        case 'take': {
          const got = queue.take(step.count, now);
          expect(got.map((e) => e.contactId)).toEqual(reference.take(step.count, now));
          for (const entry of got) expect(entry).toMatchObject({ ...current.get(entry.contactId), seq: table.seqAt(table.slotOf(entry.contactId)) });
          taken.push(...got.map((e) => e.contactId));
          break;
        }
        case 'put-back': {
          // what the dialer does with contacts it took but did not dial
          for (const id of taken) {
            queue.add({ contactId: id, dueAtMs: 0, isRetry: false, front: false, priority: 0, seq: 0 }, now);
            reference.put(id, current.get(id)!, table.seqAt(table.slotOf(id)), now);
          }
          taken = [];
          break;
        }
        case 'wait':
          now += step.ms;
          break;
      }
      expect(queue.nextDueMs()).toBe(reference.nextDueMs());
      expect(queue.slots).toBe(reference.inLine.size);
    }
    expect(queue.hasReady(now)).toBe(reference.take(Number.MAX_SAFE_INTEGER, now).length > 0);
  });

  it('puts a contact back only once, and never one that is not queued', () => {
    const table = new ContactTable();
    const queue = new CampaignQueue(table);
    const slot = table.add('c1', '+919810000001', 'k1', 1);
    table.setState(slot, queuedState('c1', { dueAtMs: T0, isRetry: false, front: false, priority: 0 }));
    queue.place(slot, T0);
    const [entry] = queue.take(5, T0);
    expect(entry?.contactId).toBe('c1');
    expect(table.places[slot]).toBe(NOT_IN_HEAP);
    queue.add(entry!, T0);
    queue.add(entry!, T0);
    expect(queue.slots).toBe(1);
    queue.take(5, T0);
    table.setState(slot, { ...queuedState('c1', { dueAtMs: T0, isRetry: false, front: false, priority: 0 }), status: 'done', disposition: 'reached' } as unknown as ContactState);
    queue.add(entry!, T0);
    expect(queue.slots).toBe(0);
  });

  it('holds a large queue in typed arrays and serves it in O(log n): 200,000 contacts', () => {
    const table = new ContactTable();
    const queue = new CampaignQueue(table);
    const n = 200_000;
    for (let i = 0; i < n; i += 1) {
      const slot = table.add(`c${i}`, `+9198${10_000_000 + i}`, 'k1', i);
      table.setState(slot, queuedState(`c${i}`, { dueAtMs: T0 + (i % 1000) * 1000, isRetry: false, front: false, priority: i % 3 }));
      queue.place(slot, T0 + 500_000);
    }
    const first = queue.take(3, T0 + 500_000).map((e) => e.contactId);
    expect(first).toEqual(['c2', 'c5', 'c8']);
    expect(queue.nextDueMs()).toBe(T0 + 501_000);
    expect(queue.slots).toBe(n - 3);
  });
});
