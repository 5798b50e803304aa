import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { ContactTable } from '../../../src/application/dialer/contact-table.js';
import { PhoneDirectory } from '../../../src/application/dialer/phone-directory.js';
import type { ContactState } from '../../../src/domain/contact/contact.state.js';

const T0 = Date.parse('2026-03-02T04:30:00.000Z');

/** Optional keys: absent, or present with a value (a key present as `undefined` must also come back as such). */
const maybe = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const outcome = fc.constantFrom('connected', 'busy', 'no-answer', 'failed', 'canceled', 'agent-missed' as const);
const dueAt = fc.oneof(
  fc.integer({ min: T0 - 86_400_000, max: T0 + 30 * 86_400_000 }).map((ms) => new Date(ms).toISOString()),
  // valid Instants the domain accepts that toISOString would not give back
  fc.constantFrom('2026-03-02T10:00:00+05:30', '2026-03-02T04:30:00Z', '2026-03-02T04:30:00.5Z'),
);

function withOptional<T extends object>(base: T, optional: Record<string, unknown>, asUndefined: boolean): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined || asUndefined) out[key] = value;
  return out as T;
}

const facts = fc.record({
  priority: fc.oneof(fc.integer({ min: -5, max: 10 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
  countedAttempts: fc.nat(5),
  uncountedAttempts: fc.nat(5),
  rejectedDials: fc.nat(5),
  lastOutcome: maybe(outcome),
});

/** Any state of contact `c1` of campaign `k1` with phone `+919810000001`, as the domain could fold it (and some it would not). */
const states: fc.Arbitrary<ContactState> = fc.oneof(
  fc.record({ facts, dueAt, isRetry: fc.boolean(), front: fc.boolean(), lastAttemptId: maybe(fc.string()), asUndefined: fc.boolean() }).map(
    ({ facts: { lastOutcome, ...f }, dueAt: due, isRetry, front, lastAttemptId, asUndefined }) =>
      withOptional({ status: 'queued' as const, contactId: 'c1', campaignId: 'k1', phone: '+919810000001', ...f, dueAt: due, isRetry, front }, { lastOutcome, lastAttemptId }, asUndefined) as ContactState,
  ),
  fc.record({ facts, disposition: fc.constantFrom('reached', 'exhausted', 'do-not-call', 'invalid-number', 'removed' as const), lastAttemptId: maybe(fc.string()), asUndefined: fc.boolean() }).map(
    ({ facts: { lastOutcome, ...f }, disposition, lastAttemptId, asUndefined }) =>
      withOptional({ status: 'done' as const, contactId: 'c1', campaignId: 'k1', phone: '+919810000001', ...f, disposition }, { lastOutcome, lastAttemptId }, asUndefined) as ContactState,
  ),
  fc.record({ facts, dueAt, status: fc.constantFrom('dialing', 'connected' as const) }).map(
    ({ facts: { lastOutcome, ...f }, dueAt: due, status }) =>
      withOptional(
        { status, contactId: 'c1', campaignId: 'k1', phone: '+919810000001', ...f, dueAt: due, attempt: { attemptId: 'c1~a', agentId: 'a1', attemptNo: 1, dialedAt: due, agentAnswered: false, customerAnswered: false } },
        { lastOutcome },
        false,
      ) as ContactState,
  ),
  // shapes the compact form does not know: kept as they are
  fc.constant({ status: 'queued', contactId: 'c1', campaignId: 'k1', phone: '+919810000001', priority: 0, countedAttempts: 0, uncountedAttempts: 0, rejectedDials: 0, dueAt: '2026-03-02T04:30:00.000Z', isRetry: false, front: false, extra: 1 } as unknown as ContactState),
  fc.constant({ status: 'done', contactId: 'c1', campaignId: 'k1', phone: '+919810000001', priority: 0, countedAttempts: 0, uncountedAttempts: 0, rejectedDials: 0, disposition: 'someday' } as unknown as ContactState),
);

describe('ContactTable', () => {
  test.prop([fc.array(states, { minLength: 1, maxLength: 8 })])('gives back exactly the state it was given, whatever came before', (sequence) => {
    const table = new ContactTable();
    const slot = table.add('c1', '+919810000001', 'k1', 7);
    for (const state of sequence) {
      table.setState(slot, state);
      expect(isDeepStrictEqual(table.stateAt(slot), state)).toBe(true);
      expect(table.isQueued(slot)).toBe(state.status === 'queued');
      if (state.status === 'queued') expect(table.dueAtMs(slot)).toBe(Date.parse(state.dueAt));
    }
  });

  it('keeps id, phone, campaign, arrival order and revision per contact, and reads like a map', () => {
    const table = new ContactTable();
    for (let n = 0; n < 3_000; n += 1) {
      const slot = table.add(`c${n}`, `+9198${10_000_000 + n}`, n % 2 === 0 ? 'even' : 'odd', 100 + n);
      table.setRevision(slot, n % 5);
      table.setState(slot, { status: 'queued', contactId: `c${n}`, campaignId: n % 2 === 0 ? 'even' : 'odd', phone: `+9198${10_000_000 + n}`, priority: n % 3, countedAttempts: 0, uncountedAttempts: 0, rejectedDials: 0, dueAt: new Date(T0 + n).toISOString(), isRetry: false, front: false });
    }
    expect(table.size).toBe(3_000);
    const entry = table.get('c2999');
    expect(entry?.revision).toBe(4n);
    expect(entry?.seq).toBe(3_099);
    expect(entry?.state).toMatchObject({ status: 'queued', campaignId: 'odd', phone: '+919810002999', priority: 2, dueAt: new Date(T0 + 2_999).toISOString() });
    expect(table.get('nobody')).toBeUndefined();
    expect([...table.keys()].slice(0, 3)).toEqual(['c0', 'c1', 'c2']);
    expect([...table].map(([id]) => id)).toEqual([...table.keys()]);
    expect([...table.values()].filter((c) => c.state.status === 'queued')).toHaveLength(3_000);
    expect([...table.openContactIds()]).toEqual([]);
  });

  it('lists the contacts with an open attempt, in the order they were added', () => {
    const table = new ContactTable();
    for (const id of ['a', 'b', 'c']) table.add(id, `+91981000000${id.length}`, 'k', 1);
    const dialing = (contactId: string): ContactState => ({ status: 'dialing', contactId, campaignId: 'k', phone: '+919810000001', priority: 0, countedAttempts: 0, uncountedAttempts: 0, rejectedDials: 0, dueAt: new Date(T0).toISOString(), attempt: { attemptId: `${contactId}~1`, agentId: 'a1', attemptNo: 1, dialedAt: new Date(T0).toISOString(), agentAnswered: false, customerAnswered: false } });
    table.setState(2, dialing('c'));
    table.setState(0, dialing('a'));
    expect([...table.openContactIds()]).toEqual(['a', 'c']);
  });
});

describe('PhoneDirectory', () => {
  it('finds every contact with a number, in the order they were added', () => {
    const table = new ContactTable();
    const phones = new PhoneDirectory(table);
    for (const [id, phone] of [['x', '+911'], ['y', '+912'], ['z', '+911']] as const) phones.add(phone, table.add(id, phone, 'k', 1));
    expect(phones.get('+911')).toEqual(['x', 'z']);
    expect(phones.get('+912')).toEqual(['y']);
    expect(phones.get('+913')).toBeUndefined();
  });
});
