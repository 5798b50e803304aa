import { describe, expect, it } from '@jest/globals';
import { contactDecider } from '../../../src/domain/contact/contact.decider.js';
import type { ContactCommand, DialRejectionReason } from '../../../src/domain/contact/contact.commands.js';
import type { ContactDisposition, ContactEvent } from '../../../src/domain/contact/contact.events.js';
import type { ContactState } from '../../../src/domain/contact/contact.state.js';
import type { CallOutcome } from '../../../src/domain/dialing/outcome.mapping.js';
import { DEFAULT_RETRY_RULES, type RetryRules } from '../../../src/domain/dialing/retry.policy.js';
import { runAll, specFor } from '../../support/decider-spec.js';

const given = specFor(contactDecider);

// Monday 2 March 2026, 10:00 in Kolkata, and a few minutes of one call.
const T0 = '2026-03-02T04:30:00.000Z'; // added
const T1 = '2026-03-02T04:31:00.000Z'; // dialled, legs answered
const T2 = '2026-03-02T04:32:00.000Z'; // call ended
const T2_PLUS_300S = '2026-03-02T04:37:00.000Z';
const T3 = '2026-03-02T04:33:00.000Z'; // disposition, wrap-up closed
const LATER = '2026-03-02T06:00:00.000Z';
const TOMORROW = '2026-03-03T05:00:00.000Z';

const CONTACT = 'c1';
const CAMPAIGN = 'k1';
const AGENT = 'ag1';
const PHONE = '+919876543210';
const SID = 'sid-1';

const ids = (at: string) => ({ contactId: CONTACT, campaignId: CAMPAIGN, at });

// ---- events ----
const added = (data: { dueAt?: string; priority?: number } = {}): ContactEvent => ({
  type: 'ContactAdded',
  data: { ...ids(T0), phone: PHONE, priority: data.priority ?? 0, attributes: {}, dueAt: data.dueAt ?? T0 },
});
const dialed = (attemptId = 'att-1', at = T1, attemptNo = 1): ContactEvent => ({
  type: 'ContactDialed',
  data: { ...ids(at), attemptId, agentId: AGENT, attemptNo, phone: PHONE },
});
const placed = (attemptId = 'att-1', callSid = SID, at = T1): ContactEvent => ({
  type: 'CallPlaced',
  data: { ...ids(at), attemptId, callSid },
});
const answered = (leg: 'agent' | 'customer', attemptId = 'att-1', at = T1): ContactEvent => ({
  type: 'LegAnswered',
  data: { ...ids(at), attemptId, leg },
});
const rejected = (reason: DialRejectionReason, attemptId = 'att-1', at = T1): ContactEvent => ({
  type: 'DialRejected',
  data: { ...ids(at), attemptId, reason },
});
const terminated = (
  outcome: CallOutcome,
  counts: boolean,
  attemptId = 'att-1',
  at = T2,
  extra: { talkSec?: number; callSid?: string } = {},
): ContactEvent => ({
  type: 'CallTerminated',
  data: {
    ...ids(at),
    attemptId,
    agentId: AGENT,
    outcome,
    counts,
    talkSec: extra.talkSec ?? 0,
    closedBy: 'provider',
    ...(extra.callSid ? { callSid: extra.callSid } : {}),
  },
});
const retryScheduled = (
  dueAt: string,
  opts: { front?: boolean; reason?: 'policy' | 'callback'; attemptId?: string; at?: string } = {},
): ContactEvent => ({
  type: 'RetryScheduled',
  data: {
    ...ids(opts.at ?? T2),
    attemptId: opts.attemptId ?? 'att-1',
    dueAt,
    front: opts.front ?? false,
    reason: opts.reason ?? 'policy',
  },
});
const dispositionRecorded = (
  code: string,
  opts: { callbackAt?: string; attemptId?: string; at?: string } = {},
): ContactEvent => ({
  type: 'DispositionRecorded',
  data: {
    ...ids(opts.at ?? T3),
    attemptId: opts.attemptId ?? 'att-1',
    agentId: AGENT,
    code,
    ...(opts.callbackAt ? { callbackAt: opts.callbackAt } : {}),
  },
});
const completed = (
  disposition: ContactDisposition,
  opts: { attemptId?: string; at?: string } = {},
): ContactEvent => ({
  type: 'ContactCompleted',
  data: { ...ids(opts.at ?? T3), disposition, ...(opts.attemptId ? { attemptId: opts.attemptId } : {}) },
});

// ---- commands ----
const addContact = (
  extra: Partial<Extract<ContactCommand, { type: 'AddContact' }>> = {},
): ContactCommand => ({
  type: 'AddContact',
  contactId: CONTACT,
  campaignId: CAMPAIGN,
  phone: '09876543210',
  at: T0,
  ...extra,
});
const dial = (attemptId = 'att-1', at = T1): ContactCommand => ({
  type: 'DialContact',
  contactId: CONTACT,
  attemptId,
  agentId: AGENT,
  at,
});
const recordCallPlaced = (attemptId = 'att-1', callSid = SID): ContactCommand => ({
  type: 'RecordCallPlaced',
  contactId: CONTACT,
  attemptId,
  callSid,
  at: T1,
});
const rejectDial = (reason: DialRejectionReason, attemptId = 'att-1', detail?: string): ContactCommand => ({
  type: 'RejectDial',
  contactId: CONTACT,
  attemptId,
  reason,
  at: T1,
  ...(detail ? { detail } : {}),
});
const legAnswered = (leg: 'agent' | 'customer', attemptId = 'att-1', callSid?: string): ContactCommand => ({
  type: 'RecordLegAnswered',
  contactId: CONTACT,
  attemptId,
  leg,
  at: T1,
  ...(callSid ? { callSid } : {}),
});
const terminate = (
  outcome: CallOutcome,
  counts: boolean,
  extra: Partial<Extract<ContactCommand, { type: 'TerminateCall' }>> = {},
): ContactCommand => ({
  type: 'TerminateCall',
  contactId: CONTACT,
  attemptId: 'att-1',
  outcome,
  counts,
  retryRules: DEFAULT_RETRY_RULES,
  at: T2,
  ...extra,
});
const dispose = (
  code: string,
  extra: Partial<Extract<ContactCommand, { type: 'RecordDisposition' }>> = {},
): ContactCommand => ({
  type: 'RecordDisposition',
  contactId: CONTACT,
  attemptId: 'att-1',
  agentId: AGENT,
  code,
  at: T3,
  ...extra,
});
const closeWrapUp = (attemptId = 'att-1'): ContactCommand => ({
  type: 'CloseWrapUp',
  contactId: CONTACT,
  attemptId,
  at: T3,
});
const removeContact: ContactCommand = { type: 'RemoveContact', contactId: CONTACT, at: T3 };
const markDoNotCall: ContactCommand = { type: 'MarkDoNotCall', contactId: CONTACT, at: T3 };

// ---- histories ----
const queued = [added()];
const ringing = [...queued, dialed(), placed()];
const agentOnLine = [...ringing, answered('agent')];
const onCall = [...agentOnLine, answered('customer')];
const wrappingUp = [...onCall, terminated('connected', true, 'att-1', T2, { talkSec: 42, callSid: SID })];
const reached = [...wrappingUp, completed('reached', { attemptId: 'att-1' })];

/** A counted busy attempt `n` (1-based) ending in a retry, as the decider records it. */
const busyAttempt = (n: number, at: string, retryAt: string): ContactEvent[] => [
  dialed(`att-${n}`, at, n),
  terminated('busy', true, `att-${n}`, at),
  retryScheduled(retryAt, { attemptId: `att-${n}`, at }),
];

function expectStatus<S extends ContactState['status']>(
  state: ContactState,
  status: S,
): ContactState & { status: S } {
  expect(state.status).toBe(status);
  return state as ContactState & { status: S };
}

describe('a contact that does not exist', () => {
  it.each<[string, ContactCommand]>([
    ['DialContact', dial()],
    ['RecordCallPlaced', recordCallPlaced()],
    ['RejectDial', rejectDial('rate-limited')],
    ['RecordLegAnswered', legAnswered('agent')],
    ['TerminateCall', terminate('busy', true)],
    ['RecordDisposition', dispose('sale')],
    ['CloseWrapUp', closeWrapUp()],
    ['RemoveContact', removeContact],
    ['MarkDoNotCall', markDoNotCall],
  ])('rejects %s as contact.not-found', (_, command) =>
    given([]).when(command).thenThrows('contact.not-found'),
  );
});

describe('AddContact', () => {
  it('queues the contact due now, with the phone in E.164, priority 0 and no attributes', () =>
    given([]).when(addContact()).then([added()]));

  it('keeps the name, priority, attributes and a later due time it was given', () =>
    given([])
      .when(addContact({ name: 'Ravi', priority: 7, attributes: { plan: 'gold' }, dueAt: TOMORROW }))
      .then([
        {
          type: 'ContactAdded',
          data: {
            ...ids(T0),
            phone: PHONE,
            name: 'Ravi',
            priority: 7,
            attributes: { plan: 'gold' },
            dueAt: TOMORROW,
          },
        },
      ]));

  it('leaves the contact queued with no attempts', () =>
    given([])
      .when(addContact())
      .thenState((state) =>
        expect(state).toMatchObject({
          status: 'queued',
          dueAt: T0,
          countedAttempts: 0,
          uncountedAttempts: 0,
          isRetry: false,
        }),
      ));

  it('will not add the same contact twice', () =>
    given(queued).when(addContact()).thenThrows('contact.already-exists'));

  it.each(['not-a-number', '12345', '', '98765 43210 ext 9'])(
    'rejects the phone %j as phone.invalid',
    (phone) => given([]).when(addContact({ phone })).thenThrows('phone.invalid', 'phone'),
  );

  it.each([-1, 101, 1.5])('rejects priority %d', (priority) =>
    given([]).when(addContact({ priority })).thenThrows('contact.invalid', 'priority'),
  );

  it('rejects a name longer than 200 characters', () =>
    given([])
      .when(addContact({ name: 'x'.repeat(201) }))
      .thenThrows('contact.invalid', 'name'));

  it('rejects a due time that is not an ISO-8601 instant', () =>
    given([])
      .when(addContact({ dueAt: 'tomorrow morning' }))
      .thenThrows('contact.invalid', 'dueAt'));
});

describe('DialContact', () => {
  it('opens attempt 1 on a due contact, dialling its phone through the agent', () =>
    given(queued).when(dial()).then([dialed()]));

  it('dials a contact at exactly its due time', () =>
    given([added({ dueAt: T1 })])
      .when(dial('att-1', T1))
      .then([dialed()]));

  it('will not dial before the contact is due', () =>
    given([added({ dueAt: TOMORROW })])
      .when(dial('att-1', LATER))
      .thenThrows('contact.not-due'));

  it('will not dial a retry before its due time', () =>
    given([...queued, ...busyAttempt(1, T1, T2_PLUS_300S)])
      .when(dial('att-2', T2))
      .thenThrows('contact.not-due'));

  it('numbers the next attempt after a counted one', () =>
    given([...queued, ...busyAttempt(1, T1, T2_PLUS_300S)])
      .when(dial('att-2', T2_PLUS_300S))
      .then([dialed('att-2', T2_PLUS_300S, 2)]));

  it.each<[string, ContactEvent[]]>([
    ['ringing', ringing],
    ['connected', onCall],
    ['terminal (wrap-up)', wrappingUp],
  ])('will not open a second attempt while %s', (_, history) =>
    given(history).when(dial('att-2', T3)).thenThrows('contact.attempt-open'),
  );

  it.each<ContactDisposition>(['reached', 'exhausted', 'do-not-call', 'invalid-number', 'removed'])(
    'never dials a %s contact',
    (disposition) =>
      given([...queued, completed(disposition)])
        .when(dial('att-2', LATER))
        .thenThrows('contact.done'),
  );

  it('moves the contact to dialing with the open attempt', () =>
    given(queued)
      .when(dial())
      .thenState((state) =>
        expect(expectStatus(state, 'dialing').attempt).toEqual({
          attemptId: 'att-1',
          agentId: AGENT,
          attemptNo: 1,
          dialedAt: T1,
          agentAnswered: false,
          customerAnswered: false,
        }),
      ));
});

describe('RecordCallPlaced', () => {
  it('records the provider call id of the open attempt', () =>
    given([...queued, dialed()])
      .when(recordCallPlaced())
      .then([placed()]));

  it('is a no-op when the call id is already known', () =>
    given(ringing).when(recordCallPlaced()).thenNothing());

  it('is a no-op when a callback taught the call id first', () =>
    given([...queued, dialed(), placed('att-1', 'sid-from-callback'), answered('agent')])
      .when(recordCallPlaced('att-1', SID))
      .thenNothing());

  it('ignores another attempt id', () =>
    given([...queued, dialed()])
      .when(recordCallPlaced('att-9'))
      .thenNothing());

  it('ignores an attempt that already ended', () =>
    given([...queued, dialed(), terminated('agent-missed', false), retryScheduled(T2, { front: true })])
      .when(recordCallPlaced())
      .thenNothing());
});

describe('RejectDial', () => {
  it('ends the contact as invalid-number when the provider refuses the number', () =>
    given([...queued, dialed()])
      .when(rejectDial('invalid-number', 'att-1', '400 invalid To'))
      .then([
        {
          type: 'DialRejected',
          data: { ...ids(T1), attemptId: 'att-1', reason: 'invalid-number', detail: '400 invalid To' },
        },
        { type: 'ContactCompleted', data: { ...ids(T1), attemptId: 'att-1', disposition: 'invalid-number' } },
      ]));

  it('leaves an invalid number done', () =>
    given([...queued, dialed()])
      .when(rejectDial('invalid-number'))
      .thenState((state) => expect(expectStatus(state, 'done').disposition).toBe('invalid-number')));

  it.each<DialRejectionReason>(['provider-refused', 'rate-limited', 'agent-unavailable', 'not-placed'])(
    'puts the contact back at the front of the queue, uncounted, on %s',
    (reason) =>
      given([...queued, dialed()])
        .when(rejectDial(reason))
        .then([rejected(reason)]),
  );

  it('requeues a rejected dial at the front, still due at its old time, without spending an attempt', () =>
    given([...queued, dialed()])
      .when(rejectDial('rate-limited'))
      .thenState((state) =>
        expect(state).toMatchObject({
          status: 'queued',
          dueAt: T0,
          front: true,
          isRetry: true,
          countedAttempts: 0,
          uncountedAttempts: 0,
        }),
      ));

  it('lets the requeued contact be dialled again at once', () =>
    given([...queued, dialed(), rejected('agent-unavailable')])
      .when(dial('att-2', T1))
      .thenState((state) => expect(expectStatus(state, 'dialing').attempt.attemptId).toBe('att-2')));

  it('is a no-op once the provider placed the call (a call exists)', () =>
    given(ringing).when(rejectDial('not-placed')).thenNothing());

  it('is a no-op once the agent answered', () =>
    given([...queued, dialed(), answered('agent')])
      .when(rejectDial('rate-limited'))
      .thenNothing());

  it('ignores another attempt id', () =>
    given([...queued, dialed()])
      .when(rejectDial('invalid-number', 'att-9'))
      .thenNothing());

  it('is a no-op when repeated', () =>
    given([...queued, dialed(), rejected('rate-limited')])
      .when(rejectDial('rate-limited'))
      .thenNothing());
});

describe('RecordLegAnswered', () => {
  it('records the agent leg answering; the contact keeps ringing the customer', () =>
    given(ringing)
      .when(legAnswered('agent'))
      .then([answered('agent')]));

  it('stays dialing after the agent answers', () =>
    given(ringing)
      .when(legAnswered('agent'))
      .thenState((state) =>
        expect(expectStatus(state, 'dialing').attempt).toMatchObject({
          agentAnswered: true,
          customerAnswered: false,
        }),
      ));

  it('connects the contact when the customer answers', () =>
    given(agentOnLine)
      .when(legAnswered('customer'))
      .thenState((state) =>
        expect(expectStatus(state, 'connected').attempt).toMatchObject({
          agentAnswered: true,
          customerAnswered: true,
        }),
      ));

  it('learns the call id from the callback when RecordCallPlaced has not come yet', () =>
    given([...queued, dialed()])
      .when(legAnswered('agent', 'att-1', SID))
      .then([
        placed(),
        { type: 'LegAnswered', data: { ...ids(T1), attemptId: 'att-1', leg: 'agent', callSid: SID } },
      ]));

  it('does not learn the call id twice', () =>
    given(ringing)
      .when(legAnswered('agent', 'att-1', 'sid-other'))
      .then([
        { type: 'LegAnswered', data: { ...ids(T1), attemptId: 'att-1', leg: 'agent', callSid: 'sid-other' } },
      ]));

  it('is a no-op when the agent leg is answered twice', () =>
    given(agentOnLine).when(legAnswered('agent')).thenNothing());

  it('is a no-op when the customer leg is answered twice', () =>
    given(onCall)
      .when(legAnswered('customer', 'att-1', SID))
      .thenNothing());

  it('ignores another attempt id', () => given(ringing).when(legAnswered('agent', 'att-9')).thenNothing());

  it('ignores an answer that arrives after the call ended', () =>
    given([...ringing, terminated('no-answer', true), retryScheduled(T2_PLUS_300S)])
      .when(legAnswered('customer'))
      .thenNothing());

  it('ignores an answer that arrives during wrap-up', () =>
    given(wrappingUp).when(legAnswered('customer')).thenNothing());
});

describe('TerminateCall', () => {
  it('ends a connected call with its talk time and recording; the agent wraps up', () =>
    given(onCall)
      .when(terminate('connected', true, { talkSec: 42, recordingUrl: 'https://rec.example/1.mp3' }))
      .then([
        {
          type: 'CallTerminated',
          data: {
            ...ids(T2),
            attemptId: 'att-1',
            agentId: AGENT,
            callSid: SID,
            outcome: 'connected',
            counts: true,
            talkSec: 42,
            recordingUrl: 'https://rec.example/1.mp3',
            closedBy: 'provider',
          },
        },
      ]));

  it('leaves a connected call terminal with one counted attempt', () =>
    given(onCall)
      .when(terminate('connected', true, { talkSec: 42 }))
      .thenState((state) =>
        expect(state).toMatchObject({
          status: 'terminal',
          countedAttempts: 1,
          uncountedAttempts: 0,
          lastOutcome: 'connected',
        }),
      ));

  it.each<CallOutcome>(['busy', 'no-answer', 'failed'])(
    'retries a first %s attempt 300 s later, at the back of the line',
    (outcome) =>
      given(agentOnLine)
        .when(terminate(outcome, true))
        .then([terminated(outcome, true, 'att-1', T2, { callSid: SID }), retryScheduled(T2_PLUS_300S)]),
  );

  it('counts the attempt and queues the contact at its retry time', () =>
    given(agentOnLine)
      .when(terminate('busy', true))
      .thenState((state) =>
        expect(state).toMatchObject({
          status: 'queued',
          dueAt: T2_PLUS_300S,
          countedAttempts: 1,
          front: false,
          isRetry: true,
        }),
      ));

  it('retries the second counted attempt 300 s later too', () =>
    given([...queued, ...busyAttempt(1, T1, T2), dialed('att-2', T2, 2)])
      .when(terminate('no-answer', true, { attemptId: 'att-2', at: T2 }))
      .then([
        terminated('no-answer', true, 'att-2', T2),
        retryScheduled(T2_PLUS_300S, { attemptId: 'att-2' }),
      ]));

  it('ends the contact as exhausted on the third counted attempt', () =>
    given([...queued, ...busyAttempt(1, T1, T1), ...busyAttempt(2, T1, T2), dialed('att-3', T2, 3)])
      .when(terminate('failed', true, { attemptId: 'att-3' }))
      .then([terminated('failed', true, 'att-3'), completed('exhausted', { attemptId: 'att-3', at: T2 })]));

  it('grows the delay by the backoff factor for each further counted attempt', () =>
    given([...queued, ...busyAttempt(1, T1, T2), dialed('att-2', T2, 2)])
      .when(
        terminate('busy', true, {
          attemptId: 'att-2',
          retryRules: { busy: { retryAfterSec: 300, backoffFactor: 2, maxAttempts: 3 } },
        }),
      )
      .then([
        terminated('busy', true, 'att-2'),
        retryScheduled('2026-03-02T04:42:00.000Z', { attemptId: 'att-2' }),
      ]));

  it('ends the contact as exhausted on an outcome the campaign has no retry rule for', () => {
    const busyOnly: RetryRules = { busy: { retryAfterSec: 300, maxAttempts: 3 } };
    return given(agentOnLine)
      .when(terminate('no-answer', true, { retryRules: busyOnly }))
      .then([
        terminated('no-answer', true, 'att-1', T2, { callSid: SID }),
        completed('exhausted', { attemptId: 'att-1', at: T2 }),
      ]);
  });

  it('requeues an agent-missed call at the front, due now', () =>
    given(ringing)
      .when(terminate('agent-missed', false))
      .then([
        terminated('agent-missed', false, 'att-1', T2, { callSid: SID }),
        retryScheduled(T2, { front: true }),
      ]));

  it('does not count an agent-missed attempt against maxAttempts', () =>
    given([...queued, ...busyAttempt(1, T1, T1), ...busyAttempt(2, T1, T1), dialed('att-3', T1, 3)])
      .when(terminate('agent-missed', false, { attemptId: 'att-3' }))
      .thenState((state) =>
        expect(state).toMatchObject({
          status: 'queued',
          dueAt: T2,
          front: true,
          countedAttempts: 2,
          uncountedAttempts: 1,
        }),
      ));

  it('requeues a canceled call (agent hung up while the customer rang) at the front, uncounted', () =>
    given(agentOnLine)
      .when(terminate('canceled', false))
      .thenState((state) =>
        expect(state).toMatchObject({
          status: 'queued',
          dueAt: T2,
          front: true,
          countedAttempts: 0,
          uncountedAttempts: 1,
        }),
      ));

  it('waits the rule delay after a failure to dial the customer, without counting it', () =>
    given(agentOnLine)
      .when(terminate('failed', false))
      .thenState((state) =>
        expect(state).toMatchObject({
          status: 'queued',
          dueAt: T2_PLUS_300S,
          front: false,
          countedAttempts: 0,
          uncountedAttempts: 1,
        }),
      ));

  it('records no talk time for a call that did not connect, whatever the provider reports', () =>
    given(agentOnLine)
      .when(terminate('busy', true, { talkSec: 12 }))
      .then([
        terminated('busy', true, 'att-1', T2, { talkSec: 0, callSid: SID }),
        retryScheduled(T2_PLUS_300S),
      ]));

  it('records a call closed by the watchdog, with the call id the lookup found', () =>
    given([...queued, dialed()])
      .when(terminate('failed', false, { closedBy: 'watchdog', callSid: 'sid-lookup' }))
      .then([
        {
          type: 'CallTerminated',
          data: {
            ...ids(T2),
            attemptId: 'att-1',
            agentId: AGENT,
            callSid: 'sid-lookup',
            outcome: 'failed',
            counts: false,
            talkSec: 0,
            closedBy: 'watchdog',
          },
        },
        retryScheduled(T2_PLUS_300S),
      ]));

  it('is a no-op when the terminal callback comes twice', () =>
    given(wrappingUp)
      .when(terminate('connected', true, { talkSec: 42 }))
      .thenNothing());

  it('is a no-op for a retried attempt that already ended', () =>
    given([...ringing, terminated('busy', true), retryScheduled(T2_PLUS_300S)])
      .when(terminate('busy', true))
      .thenNothing());

  it('ignores another attempt id', () =>
    given(onCall)
      .when(terminate('connected', true, { attemptId: 'att-9' }))
      .thenNothing());

  it('ignores a terminal callback for a contact never dialled', () =>
    given(queued).when(terminate('busy', true)).thenNothing());

  describe('with a disposition given while connected', () => {
    it('schedules the requested callback when the call ends', () =>
      given([...onCall, dispositionRecorded('call-later', { callbackAt: TOMORROW, at: T1 })])
        .when(terminate('connected', true, { talkSec: 42 }))
        .then([
          terminated('connected', true, 'att-1', T2, { talkSec: 42, callSid: SID }),
          retryScheduled(TOMORROW, { reason: 'callback', front: false }),
        ]));

    it('calls back at once when the requested time has already passed', () =>
      given([...onCall, dispositionRecorded('call-later', { callbackAt: T0, at: T1 })])
        .when(terminate('connected', true, { talkSec: 42 }))
        .thenState((state) => expect(state).toMatchObject({ status: 'queued', dueAt: T2, front: false })));

    it('ends the contact as do-not-call when the customer asked not to be called', () =>
      given([...onCall, dispositionRecorded('do-not-call', { at: T1 })])
        .when(terminate('connected', true, { talkSec: 42 }))
        .then([
          terminated('connected', true, 'att-1', T2, { talkSec: 42, callSid: SID }),
          completed('do-not-call', { attemptId: 'att-1', at: T2 }),
        ]));

    it('ends the contact as reached with any other code, skipping wrap-up', () =>
      given([...onCall, dispositionRecorded('sale', { at: T1 })])
        .when(terminate('connected', true, { talkSec: 42 }))
        .then([
          terminated('connected', true, 'att-1', T2, { talkSec: 42, callSid: SID }),
          completed('reached', { attemptId: 'att-1', at: T2 }),
        ]));
  });
});

describe('RecordDisposition', () => {
  it('holds a disposition given while connected until the call ends', () =>
    given(onCall)
      .when(dispose('sale', { at: T1 }))
      .then([dispositionRecorded('sale', { at: T1 })]));

  it('keeps the contact connected with the disposition pending', () =>
    given(onCall)
      .when(dispose('call-later', { callbackAt: TOMORROW, at: T1 }))
      .thenState((state) =>
        expect(expectStatus(state, 'connected').attempt.pendingDisposition).toEqual({
          code: 'call-later',
          callbackAt: TOMORROW,
        }),
      ));

  it('will not take a disposition while the call is still ringing', () =>
    given(ringing).when(dispose('sale')).thenThrows('contact.call-in-progress'));

  it('completes a wrapped-up contact as reached', () =>
    given(wrappingUp)
      .when(dispose('sale'))
      .then([dispositionRecorded('sale'), completed('reached', { attemptId: 'att-1' })]));

  it('takes the open attempt when the disposition names none', () =>
    given(wrappingUp)
      .when(dispose('sale', { attemptId: undefined }))
      .then([dispositionRecorded('sale'), completed('reached', { attemptId: 'att-1' })]));

  it('ends a wrapped-up contact as do-not-call', () =>
    given(wrappingUp)
      .when(dispose('do-not-call'))
      .then([dispositionRecorded('do-not-call'), completed('do-not-call', { attemptId: 'att-1' })]));

  it('schedules a callback from wrap-up', () =>
    given(wrappingUp)
      .when(dispose('call-later', { callbackAt: TOMORROW }))
      .then([
        dispositionRecorded('call-later', { callbackAt: TOMORROW }),
        retryScheduled(TOMORROW, { reason: 'callback', at: T3 }),
      ]));

  it('queues the contact for the callback without spending an attempt', () =>
    given(wrappingUp)
      .when(dispose('call-later', { callbackAt: TOMORROW }))
      .thenState((state) =>
        expect(state).toMatchObject({ status: 'queued', dueAt: TOMORROW, countedAttempts: 1, front: false }),
      ));

  it('reopens a reached contact for a callback', () =>
    given(reached)
      .when(dispose('call-later', { callbackAt: TOMORROW }))
      .then([
        dispositionRecorded('call-later', { callbackAt: TOMORROW }),
        retryScheduled(TOMORROW, { reason: 'callback', at: T3 }),
      ]));

  it('lets the reopened contact be dialled at the callback time', () =>
    given([
      ...reached,
      dispositionRecorded('call-later', { callbackAt: TOMORROW }),
      retryScheduled(TOMORROW, { reason: 'callback', at: T3 }),
    ])
      .when(dial('att-2', TOMORROW))
      .then([dialed('att-2', TOMORROW, 2)]));

  it('reopens an exhausted contact for a callback', () =>
    given([...queued, completed('exhausted', { attemptId: 'att-3' })])
      .when(dispose('call-later', { callbackAt: TOMORROW, attemptId: undefined }))
      .thenState((state) => expect(state).toMatchObject({ status: 'queued', dueAt: TOMORROW })));

  it.each<ContactDisposition>(['do-not-call', 'invalid-number', 'removed'])(
    'will not call back a %s contact',
    (disposition) =>
      given([...queued, completed(disposition)])
        .when(dispose('call-later', { callbackAt: TOMORROW }))
        .thenThrows('contact.done'),
  );

  it.each<[string, ContactEvent[]]>([
    ['connected', onCall],
    ['wrapping up', wrappingUp],
  ])('rejects a disposition for another attempt while %s', (_, history) =>
    given(history)
      .when(dispose('sale', { attemptId: 'att-9' }))
      .thenThrows('contact.wrong-attempt'),
  );

  it.each(['', 'has space', 'x'.repeat(65), '-leading-dash'])('rejects the code %j', (code) =>
    given(wrappingUp).when(dispose(code)).thenThrows('contact.invalid', 'code'),
  );

  it('rejects a callback time that is not an ISO-8601 instant', () =>
    given(wrappingUp)
      .when(dispose('call-later', { callbackAt: 'tomorrow 10am' }))
      .thenThrows('contact.invalid', 'callbackAt'));

  it('rejects a note longer than 2000 characters', () =>
    given(wrappingUp)
      .when(dispose('sale', { note: 'x'.repeat(2001) }))
      .thenThrows('contact.invalid', 'note'));
});

describe('CloseWrapUp', () => {
  it('completes a contact whose wrap-up ended without a disposition as reached', () =>
    given(wrappingUp)
      .when(closeWrapUp())
      .then([completed('reached', { attemptId: 'att-1' })]));

  it('is a no-op once the contact is done', () => given(reached).when(closeWrapUp()).thenNothing());

  it('is a no-op after the disposition already completed the contact', () =>
    given([...wrappingUp, dispositionRecorded('sale'), completed('reached', { attemptId: 'att-1' })])
      .when(closeWrapUp())
      .thenNothing());

  it('ignores another attempt id', () => given(wrappingUp).when(closeWrapUp('att-9')).thenNothing());

  it('is a no-op while the call is still going on', () => given(onCall).when(closeWrapUp()).thenNothing());
});

describe.each<[string, ContactCommand, ContactDisposition]>([
  ['RemoveContact', removeContact, 'removed'],
  ['MarkDoNotCall', markDoNotCall, 'do-not-call'],
])('%s', (_, command, disposition) => {
  it(`ends a queued contact as ${disposition}`, () =>
    given(queued)
      .when(command)
      .then([completed(disposition)]));

  it(`ends a contact waiting for a retry as ${disposition}`, () =>
    given([...queued, ...busyAttempt(1, T1, T2_PLUS_300S)])
      .when(command)
      .thenState((state) =>
        expect(state).toMatchObject({ status: 'done', disposition, lastAttemptId: 'att-1' }),
      ));

  it(`ends a contact in wrap-up as ${disposition}`, () =>
    given(wrappingUp)
      .when(command)
      .then([completed(disposition)]));

  it.each<[string, ContactEvent[]]>([
    ['ringing', ringing],
    ['connected', onCall],
  ])('is rejected while the contact is %s', (__, history) =>
    given(history).when(command).thenThrows('contact.call-in-progress'),
  );

  it('is a no-op on a contact that is already done', () =>
    given([...queued, completed(disposition)])
      .when(command)
      .thenNothing());
});

describe('a contact from the queue to done', () => {
  const call: ContactCommand[] = [
    addContact(),
    dial(),
    recordCallPlaced(),
    legAnswered('agent'),
    legAnswered('customer'),
    terminate('connected', true, { talkSec: 42 }),
  ];

  const statuses = (commands: readonly ContactCommand[]) =>
    commands.map((_, i) => runAll(contactDecider, commands.slice(0, i + 1)).state.status);

  it('goes queued → dialing → connected → terminal → done with a disposition', () =>
    expect(statuses([...call, dispose('sale')])).toEqual([
      'queued',
      'dialing',
      'dialing',
      'dialing',
      'connected',
      'terminal',
      'done',
    ]));

  it('goes queued → dialing → connected → terminal → done when wrap-up closes', () =>
    expect(statuses([...call, closeWrapUp()])).toEqual([
      'queued',
      'dialing',
      'dialing',
      'dialing',
      'connected',
      'terminal',
      'done',
    ]));

  it('accepts every step once, and nothing more from duplicate callbacks', () => {
    const { events } = runAll(contactDecider, [
      ...call,
      legAnswered('customer'),
      terminate('connected', true, { talkSec: 42 }),
      dispose('sale'),
      closeWrapUp(),
      terminate('busy', true),
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'ContactAdded',
      'ContactDialed',
      'CallPlaced',
      'LegAnswered',
      'LegAnswered',
      'CallTerminated',
      'DispositionRecorded',
      'ContactCompleted',
    ]);
  });
});

describe('rules that protect the customer', () => {
  it('never counts an agent-missed attempt, whatever the provider adapter said', () =>
    given(ringing)
      .when(terminate('agent-missed', true))
      .thenState((state) => {
        expect(state.status).toBe('queued');
        if (state.status !== 'none') expect(state.countedAttempts).toBe(0);
      }));

  it('records do-not-call on a finished contact, so a later callback cannot reopen it', () => {
    given(reached).when(markDoNotCall).then([completed('do-not-call', { attemptId: undefined })]);
    given([...reached, completed('do-not-call')])
      .when(dispose('call-later', { callbackAt: TOMORROW }))
      .thenThrows('contact.done');
  });

  it('lets do-not-call win over a callback time given with it', () =>
    given(wrappingUp)
      .when(dispose('do-not-call', { callbackAt: TOMORROW }))
      .then([dispositionRecorded('do-not-call', { callbackAt: TOMORROW }), completed('do-not-call', { attemptId: 'att-1' })]));

  it('numbers dials on after a provider rejection', () =>
    given([...queued, dialed('att-1'), rejected('rate-limited')])
      .when(dial('att-2', T2))
      .then([dialed('att-2', T2, 2)]));
});
