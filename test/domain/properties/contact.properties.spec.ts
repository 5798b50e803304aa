import { describe, expect } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { contactDecider } from '../../../src/domain/contact/contact.decider.js';
import type { ContactCommand } from '../../../src/domain/contact/contact.commands.js';
import type { ContactEvent } from '../../../src/domain/contact/contact.events.js';
import type { ContactState } from '../../../src/domain/contact/contact.state.js';
import type { CallOutcome } from '../../../src/domain/dialing/outcome.mapping.js';
import type { RetryRules } from '../../../src/domain/dialing/retry.policy.js';
import { stepThrough, timeline } from '../../support/decider-properties.js';

const T0 = '2026-03-02T04:30:00.000Z';

/** Outcomes as the mapping produces them: whether an attempt counts follows from the outcome. */
const outcomeWithCount = fc.constantFrom<[CallOutcome, boolean]>(
  ['connected', true],
  ['busy', true],
  ['no-answer', true],
  ['failed', true],
  ['failed', false],
  ['canceled', false],
  ['agent-missed', false],
);

const rule = fc.record({ retryAfterSec: fc.integer({ min: 0, max: 900 }), maxAttempts: fc.integer({ min: 1, max: 10 }), backoffFactor: fc.constantFrom(1, 1.5, 2) });
const rules: fc.Arbitrary<RetryRules> = fc.record({ busy: rule, 'no-answer': rule, failed: rule }, { requiredKeys: [] });

/** Most steps address the open attempt; some a stale one, as late and duplicate callbacks do. */
const target = fc.oneof({ arbitrary: fc.constant<'open'>('open'), weight: 4 }, { arbitrary: fc.constant<'stale'>('stale'), weight: 1 });

type Shape =
  | { kind: 'dial'; agentId: string }
  | { kind: 'placed'; target: 'open' | 'stale' }
  | { kind: 'reject'; target: 'open' | 'stale'; reason: 'invalid-number' | 'provider-refused' | 'rate-limited' | 'agent-unavailable' | 'not-placed' }
  | { kind: 'answered'; target: 'open' | 'stale'; leg: 'agent' | 'customer' }
  | { kind: 'terminate'; target: 'open' | 'stale'; outcome: CallOutcome; counts: boolean; talkSec: number }
  | { kind: 'close'; target: 'open' | 'stale' }
  | { kind: 'disposition'; code: string; callbackAt?: string }
  | { kind: 'remove' }
  | { kind: 'dnc' };

const shapes = (withCallbacks: boolean): fc.WeightedArbitrary<Shape>[] => [
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('dial' as const), agentId: fc.constantFrom('ag1', 'ag2') }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('placed' as const), target }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reject' as const), target, reason: fc.constantFrom('invalid-number' as const, 'provider-refused' as const, 'rate-limited' as const, 'agent-unavailable' as const, 'not-placed' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('answered' as const), target, leg: fc.constantFrom('agent' as const, 'customer' as const) }) },
  {
    weight: 6,
    arbitrary: fc.tuple(target, outcomeWithCount, fc.integer({ min: 0, max: 900 })).map(([t, [outcome, counts], talkSec]) => ({ kind: 'terminate' as const, target: t, outcome, counts, talkSec })),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), target }) },
  {
    weight: 1,
    arbitrary: withCallbacks
      ? fc.record({ kind: fc.constant('disposition' as const), code: fc.constantFrom('sale', 'not-interested', 'do-not-call'), callbackAt: fc.constantFrom('2026-03-02T06:00:00.000Z', '2026-03-03T06:00:00.000Z') }, { requiredKeys: ['kind', 'code'] })
      : fc.record({ kind: fc.constant('disposition' as const), code: fc.constantFrom('sale', 'not-interested', 'do-not-call') }),
  },
  { weight: 1, arbitrary: fc.constantFrom<Shape>({ kind: 'remove' }, { kind: 'dnc' }) },
];

function openAttemptId(state: ContactState): string {
  if ('attempt' in state) return state.attempt.attemptId;
  return 'lastAttemptId' in state && state.lastAttemptId !== undefined ? state.lastAttemptId : 'att-none';
}

function toCommand(shape: Shape, at: string, retryRules: RetryRules, dialNo: number) {
  return (state: ContactState): ContactCommand => {
    const base = { contactId: 'c1', at };
    const attemptId = 'target' in shape && shape.target === 'stale' ? `att-stale-${dialNo}` : openAttemptId(state);
    switch (shape.kind) {
      case 'dial':
        return { ...base, type: 'DialContact', attemptId: `att-${dialNo}`, agentId: shape.agentId };
      case 'placed':
        return { ...base, type: 'RecordCallPlaced', attemptId, callSid: `sid-${attemptId}` };
      case 'reject':
        return { ...base, type: 'RejectDial', attemptId, reason: shape.reason };
      case 'answered':
        return { ...base, type: 'RecordLegAnswered', attemptId, leg: shape.leg };
      case 'terminate':
        return { ...base, type: 'TerminateCall', attemptId, outcome: shape.outcome, counts: shape.counts, talkSec: shape.talkSec, retryRules };
      case 'close':
        return { ...base, type: 'CloseWrapUp', attemptId };
      case 'disposition':
        return { ...base, type: 'RecordDisposition', code: shape.code, ...(shape.callbackAt === undefined ? {} : { callbackAt: shape.callbackAt }) };
      case 'remove':
        return { ...base, type: 'RemoveContact' };
      case 'dnc':
        return { ...base, type: 'MarkDoNotCall' };
    }
  };
}

function history(withCallbacks: boolean) {
  const step = fc.tuple(fc.oneof(...shapes(withCallbacks)), fc.integer({ min: 0, max: 1200 }));
  return fc.tuple(rules, fc.array(step, { minLength: 10, maxLength: 80, size: 'max' })).map(([retryRules, steps]) => {
    const times = timeline(T0, steps.map(([, gap]) => gap));
    const commands: (ContactCommand | ((state: ContactState) => ContactCommand))[] = [
      { type: 'AddContact', contactId: 'c1', campaignId: 'k1', phone: '9876543210', at: T0 },
      ...steps.map(([shape], i) => toCommand(shape, times[i]!, retryRules, i)),
    ];
    return { retryRules, commands };
  });
}

const OPEN = new Set<ContactState['status']>(['dialing', 'connected']);
const maxAttemptsOf = (r: RetryRules) => Math.max(0, ...Object.values(r).map((x) => x?.maxAttempts ?? 0));
const dialed = (events: readonly ContactEvent[]) => events.filter((e) => e.type === 'ContactDialed');

describe('contact decider properties', () => {
  test.prop([history(true)], { numRuns: 1000 })('a contact never has two open attempts', ({ commands }) => {
    stepThrough(contactDecider, commands, ({ before, events }) => {
      if (dialed(events).length > 0) {
        expect(OPEN.has(before.status) || before.status === 'terminal').toBe(false);
        expect(dialed(events)).toHaveLength(1);
      }
    });
  });

  test.prop([history(false)], { numRuns: 1000 })('without agent-scheduled callbacks, counted attempts never exceed maxAttempts', ({ commands, retryRules }) => {
    const { state, events } = stepThrough(contactDecider, commands);
    const counted = events.filter((e) => e.type === 'CallTerminated' && e.data.counts).length;
    // a connected call is a success: retry rules apply only to busy, no-answer and failed
    expect(counted).toBeLessThanOrEqual(Math.max(1, maxAttemptsOf(retryRules)));
    if (state.status !== 'none') expect(state.countedAttempts).toBe(counted);
  });

  test.prop([history(true)], { numRuns: 1000 })('no contact is dialled before its due time or after it is done', ({ commands }) => {
    stepThrough(contactDecider, commands, ({ before, command, events }) => {
      if (dialed(events).length === 0) return;
      expect(before.status).toBe('queued');
      if (before.status === 'queued') expect(Date.parse(command.at)).toBeGreaterThanOrEqual(Date.parse(before.dueAt));
    });
  });

  test.prop([history(true)], { numRuns: 1000 })('agent-missed, canceled and rejected attempts do not count', ({ commands }) => {
    stepThrough(contactDecider, commands, ({ before, events, after }) => {
      if (before.status === 'none' || after.status === 'none') return;
      const countedNow = events.filter((e) => e.type === 'CallTerminated' && e.data.counts).length;
      expect(after.countedAttempts).toBe(before.countedAttempts + countedNow);
      for (const event of events) {
        if (event.type === 'CallTerminated' && ['agent-missed', 'canceled'].includes(event.data.outcome)) expect(event.data.counts).toBe(false);
      }
      if (events.some((e) => e.type === 'DialRejected')) expect(after.countedAttempts).toBe(before.countedAttempts);
    });
  });

  test.prop([history(true)], { numRuns: 1000 })('an attempt ends at most once, and only the open one', ({ commands }) => {
    const { events } = stepThrough(contactDecider, commands);
    const ended = events.filter((e) => e.type === 'CallTerminated' || e.type === 'DialRejected').map((e) => (e.data as { attemptId: string }).attemptId);
    const opened = dialed(events).map((e) => e.data.attemptId);
    expect(ended.every((id) => opened.includes(id))).toBe(true);
    expect(new Set(ended).size).toBe(ended.length);
  });

  test.prop([history(true)], { numRuns: 1000 })('folding the stored events equals the incremental state; decide is deterministic', ({ commands }) => {
    const { state, events } = stepThrough(contactDecider, commands);
    expect(events.reduce(contactDecider.evolve, contactDecider.initialState)).toEqual(state);
  });
});
