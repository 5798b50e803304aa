import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import {
  compareAgents,
  compareContacts,
  pairAgentsWithContacts,
  sortContacts,
  type FreeAgent,
  type QueuedContact,
} from '../../../src/domain/dialing/pairing.policy.js';

const NOW = 1_717_400_000_000;

const agent = (agentId: string, idleSinceMs: number): FreeAgent => ({ agentId, idleSinceMs });
const contact = (contactId: string, fields: Partial<QueuedContact> = {}): QueuedContact => ({
  contactId,
  dueAtMs: NOW - 1_000,
  isRetry: false,
  priority: 0,
  seq: 0,
  ...fields,
});

/** Yields the contacts and counts how many were read. */
function counting(contacts: readonly QueuedContact[]): {
  readonly iterable: Iterable<QueuedContact>;
  read: () => number;
} {
  let reads = 0;
  return {
    iterable: {
      *[Symbol.iterator]() {
        for (const c of contacts) {
          reads += 1;
          yield c;
        }
      },
    },
    read: () => reads,
  };
}

describe('compareAgents', () => {
  it('puts the longest idle first, then orders by id', () => {
    const agents = [agent('b', NOW - 10), agent('c', NOW - 50), agent('a', NOW - 10)];
    expect([...agents].sort(compareAgents).map((a) => a.agentId)).toEqual(['c', 'a', 'b']);
  });
});

describe('compareContacts', () => {
  it('puts retries first by due time, then new contacts by priority, arrival order and id', () => {
    const contacts = [
      contact('new-low', { priority: 0, seq: 1 }),
      contact('new-high-late', { priority: 5, seq: 9 }),
      contact('retry-late', { isRetry: true, dueAtMs: NOW - 10, priority: 9 }),
      contact('new-high-early', { priority: 5, seq: 2 }),
      contact('retry-early', { isRetry: true, dueAtMs: NOW - 500 }),
      contact('new-low-b', { priority: 0, seq: 1 }),
    ];
    expect(sortContacts(contacts).map((c) => c.contactId)).toEqual([
      'retry-early',
      'retry-late',
      'new-high-early',
      'new-high-late',
      'new-low',
      'new-low-b',
    ]);
    expect(compareContacts(contacts[0]!, contacts[0]!)).toBe(0);
  });
});

describe('pairAgentsWithContacts', () => {
  const agents = [
    agent('newcomer', NOW - 1_000),
    agent('veteran', NOW - 90_000),
    agent('middle', NOW - 30_000),
  ];

  it('gives the first contact to the longest idle agent', () => {
    const contacts = sortContacts([
      contact('c1', { seq: 1 }),
      contact('c2', { seq: 2 }),
      contact('c3', { seq: 3 }),
    ]);
    expect(pairAgentsWithContacts(agents, contacts, 10, NOW)).toEqual([
      { agentId: 'veteran', contactId: 'c1' },
      { agentId: 'middle', contactId: 'c2' },
      { agentId: 'newcomer', contactId: 'c3' },
    ]);
  });

  it('makes one pair per whole token', () => {
    const contacts = sortContacts([contact('c1', { seq: 1 }), contact('c2', { seq: 2 })]);
    expect(pairAgentsWithContacts(agents, contacts, 1.9, NOW)).toEqual([
      { agentId: 'veteran', contactId: 'c1' },
    ]);
    expect(pairAgentsWithContacts(agents, contacts, 0, NOW)).toEqual([]);
    expect(pairAgentsWithContacts(agents, contacts, -3, NOW)).toEqual([]);
    expect(pairAgentsWithContacts(agents, contacts, Number.NaN, NOW)).toEqual([]);
  });

  it('skips contacts that are not due yet', () => {
    const contacts = sortContacts([
      contact('later', { isRetry: true, dueAtMs: NOW + 1 }),
      contact('now', { dueAtMs: NOW }),
    ]);
    expect(pairAgentsWithContacts(agents, contacts, 5, NOW)).toEqual([
      { agentId: 'veteran', contactId: 'now' },
    ]);
  });

  it('never uses an agent or a contact twice, even when the input repeats them', () => {
    const twice = [agent('a', NOW - 5), agent('a', NOW - 9), agent('b', NOW - 1)];
    const contacts = [contact('c1', { seq: 1 }), contact('c1', { seq: 1 }), contact('c2', { seq: 2 })];
    expect(pairAgentsWithContacts(twice, contacts, 5, NOW)).toEqual([
      { agentId: 'a', contactId: 'c1' },
      { agentId: 'b', contactId: 'c2' },
    ]);
  });

  it('reads no further than it needs, even from an endless queue', () => {
    function* endless(): Generator<QueuedContact> {
      for (let seq = 0; ; seq++) yield contact(`c${seq}`, { seq });
    }
    expect(pairAgentsWithContacts(agents, endless(), 2, NOW).map((p) => p.contactId)).toEqual(['c0', 'c1']);
  });

  it('does not touch the queue when nobody can be called', () => {
    const queue = counting([contact('c1')]);
    expect(pairAgentsWithContacts([], queue.iterable, 5, NOW)).toEqual([]);
    expect(pairAgentsWithContacts(agents, queue.iterable, 0, NOW)).toEqual([]);
    expect(queue.read()).toBe(0);
  });
});

function longestIdleEntryPerAgent(agents: readonly FreeAgent[]): FreeAgent[] {
  const best = new Map<string, FreeAgent>();
  for (const a of agents) {
    const known = best.get(a.agentId);
    if (known === undefined || compareAgents(a, known) < 0) best.set(a.agentId, a);
  }
  return [...best.values()].sort(compareAgents);
}

const freeAgents = fc.array(
  fc.record({
    agentId: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `agent-${i}`)),
    idleSinceMs: fc.integer({ min: NOW - 600_000, max: NOW }),
  }),
  { maxLength: 15, size: 'max' },
);

const queuedContact = (id: fc.Arbitrary<string>) =>
  fc.record({
    contactId: id,
    dueAtMs: fc.integer({ min: NOW - 60_000, max: NOW + 60_000 }),
    isRetry: fc.boolean(),
    priority: fc.integer({ min: 0, max: 3 }),
    seq: fc.nat(1_000),
  });

const distinctContacts = fc.uniqueArray(queuedContact(fc.string({ minLength: 1, maxLength: 4 })), {
  maxLength: 40,
  size: 'max',
  selector: (c) => c.contactId,
});
const contactsWithRepeats = fc.array(queuedContact(fc.constantFrom('c0', 'c1', 'c2', 'c3', 'c4', 'c5')), {
  maxLength: 30,
  size: 'max',
});
const tokens = fc.oneof(fc.integer({ min: -2, max: 20 }), fc.double({ min: -2, max: 20, noNaN: true }));

describe('pairing properties', () => {
  test.prop([freeAgents, distinctContacts, tokens], { numRuns: 1000 })(
    'pairs the longest-idle agents, one per token, with exactly the first due contacts in queue order',
    (agents, contacts, available) => {
      const sorted = sortContacts(contacts);
      const queue = counting(sorted);
      const pairs = pairAgentsWithContacts(agents, queue.iterable, available, NOW);

      const agentsByIdle = longestIdleEntryPerAgent(agents);
      const eligible = sorted.filter((c) => c.dueAtMs <= NOW);
      const wanted = Math.min(agentsByIdle.length, Math.max(0, Math.floor(available)));
      const expected = Math.min(wanted, eligible.length);

      expect(pairs).toHaveLength(expected);
      expect(pairs.map((p) => p.agentId)).toEqual(agentsByIdle.slice(0, expected).map((a) => a.agentId));
      expect(pairs.map((p) => p.contactId)).toEqual(eligible.slice(0, expected).map((c) => c.contactId));
      // lazily: nothing read when nothing is wanted, nothing read past the last contact taken once enough were found
      if (wanted === 0) expect(queue.read()).toBe(0);
      else if (expected === wanted) expect(queue.read()).toBe(sorted.indexOf(eligible[expected - 1]!) + 1);
      else expect(queue.read()).toBe(sorted.length);
    },
  );

  test.prop([freeAgents, contactsWithRepeats, tokens], { numRuns: 1000 })(
    'never more pairs than agents, tokens or due contacts; never an agent or contact twice; never one not due',
    (agents, contacts, available) => {
      const pairs = pairAgentsWithContacts(agents, sortContacts(contacts), available, NOW);
      const dueIds = new Set(contacts.filter((c) => c.dueAtMs <= NOW).map((c) => c.contactId));

      expect(pairs.length).toBeLessThanOrEqual(new Set(agents.map((a) => a.agentId)).size);
      expect(pairs.length).toBeLessThanOrEqual(Math.max(0, Math.floor(available)));
      expect(pairs.length).toBeLessThanOrEqual(dueIds.size);
      expect(new Set(pairs.map((p) => p.agentId)).size).toBe(pairs.length);
      expect(new Set(pairs.map((p) => p.contactId)).size).toBe(pairs.length);
      for (const p of pairs) expect(dueIds.has(p.contactId)).toBe(true);
    },
  );
});
