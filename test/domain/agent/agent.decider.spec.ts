import { describe, expect, it } from '@jest/globals';
import { agentDecider } from '../../../src/domain/agent/agent.decider.js';
import type { AgentCommand } from '../../../src/domain/agent/agent.commands.js';
import type { AgentEvent } from '../../../src/domain/agent/agent.events.js';
import { runAll, specFor } from '../../support/decider-spec.js';

const given = specFor(agentDecider);

const T0 = '2026-03-02T04:30:00.000Z'; // registered
const T1 = '2026-03-02T04:31:00.000Z'; // ready
const T2 = '2026-03-02T04:32:00.000Z'; // reserved
const T3 = '2026-03-02T04:33:00.000Z'; // connected
const T4 = '2026-03-02T04:35:00.000Z'; // call over, wrap-up starts
const T4_PLUS_15S = '2026-03-02T04:35:15.000Z';
const T5 = '2026-03-02T04:36:00.000Z'; // wrap-up ends

const AGENT = 'ag1';
const ATTEMPT = 'att-1';
const CONTACT = 'c1';
const CAMPAIGN = 'k1';

// ---- events ----
const registered: AgentEvent = {
  type: 'AgentRegistered',
  data: { agentId: AGENT, name: 'Asha Rao', phone: '+919876543210', at: T0 },
};
const becameAvailable = (at = T1): AgentEvent => ({
  type: 'AgentBecameAvailable',
  data: { agentId: AGENT, at },
});
const paused = (reason: string, at = T1): AgentEvent => ({
  type: 'AgentPaused',
  data: { agentId: AGENT, reason, at },
});
const loggedOut = (at = T1): AgentEvent => ({ type: 'AgentLoggedOut', data: { agentId: AGENT, at } });
const pauseRequested = (reason: string, at = T3): AgentEvent => ({
  type: 'AgentAfterCallRequested',
  data: { agentId: AGENT, action: 'pause', reason, at },
});
const logoutRequested = (at = T3): AgentEvent => ({
  type: 'AgentAfterCallRequested',
  data: { agentId: AGENT, action: 'logout', at },
});
const reserved = (attemptId = ATTEMPT, at = T2): AgentEvent => ({
  type: 'AgentReserved',
  data: { agentId: AGENT, attemptId, contactId: CONTACT, campaignId: CAMPAIGN, at },
});
const connected = (attemptId = ATTEMPT, at = T3): AgentEvent => ({
  type: 'AgentConnected',
  data: { agentId: AGENT, attemptId, at },
});
const wrapUpStarted = (until = T4_PLUS_15S, attemptId = ATTEMPT, at = T4): AgentEvent => ({
  type: 'AgentWrapUpStarted',
  data: { agentId: AGENT, attemptId, until, at },
});
const released = (reason: string, attemptId = ATTEMPT, at = T3): AgentEvent => ({
  type: 'AgentReservationReleased',
  data: { agentId: AGENT, attemptId, reason, at },
});
const missedCall = (attemptId = ATTEMPT, at = T3): AgentEvent => ({
  type: 'AgentMissedCall',
  data: { agentId: AGENT, attemptId, at },
});

// ---- commands ----
const register = (extra: Partial<Extract<AgentCommand, { type: 'RegisterAgent' }>> = {}): AgentCommand => ({
  type: 'RegisterAgent',
  agentId: AGENT,
  name: 'Asha Rao',
  phone: '09876543210',
  at: T0,
  ...extra,
});
const makeAvailable = (at = T1): AgentCommand => ({ type: 'MakeAgentAvailable', agentId: AGENT, at });
const pause = (reason: string, at = T3): AgentCommand => ({ type: 'PauseAgent', agentId: AGENT, reason, at });
const logout = (at = T3): AgentCommand => ({ type: 'LogoutAgent', agentId: AGENT, at });
const reserve = (attemptId = ATTEMPT, at = T2): AgentCommand => ({
  type: 'ReserveAgent',
  agentId: AGENT,
  attemptId,
  contactId: CONTACT,
  campaignId: CAMPAIGN,
  at,
});
const release = (reason: string, attemptId = ATTEMPT, at = T3): AgentCommand => ({
  type: 'ReleaseReservation',
  agentId: AGENT,
  attemptId,
  reason,
  at,
});
const connect = (attemptId = ATTEMPT, at = T3): AgentCommand => ({
  type: 'ConnectAgent',
  agentId: AGENT,
  attemptId,
  at,
});
const startWrapUp = (wrapUpSec = 15, attemptId = ATTEMPT, at = T4): AgentCommand => ({
  type: 'StartWrapUp',
  agentId: AGENT,
  attemptId,
  wrapUpSec,
  at,
});
const endWrapUp = (attemptId = ATTEMPT, at = T5): AgentCommand => ({
  type: 'EndWrapUp',
  agentId: AGENT,
  attemptId,
  at,
});
const recordMissedCall = (attemptId = ATTEMPT, at = T3): AgentCommand => ({
  type: 'RecordMissedCall',
  agentId: AGENT,
  attemptId,
  at,
});

// ---- histories ----
const offline = [registered];
const available = [registered, becameAvailable()];
const onBreak = [...available, paused('break')];
const isReserved = [...available, reserved()];
const onCall = [...isReserved, connected()];
const wrappingUp = [...onCall, wrapUpStarted()];

describe('an agent who is not registered', () => {
  it.each<[string, AgentCommand]>([
    ['MakeAgentAvailable', makeAvailable()],
    ['PauseAgent', pause('break')],
    ['LogoutAgent', logout()],
    ['ReserveAgent', reserve()],
  ])('rejects %s as agent.not-found', (_, command) => given([]).when(command).thenThrows('agent.not-found'));

  it.each<[string, AgentCommand]>([
    ['ReleaseReservation', release('contact-taken')],
    ['ConnectAgent', connect()],
    ['StartWrapUp', startWrapUp()],
    ['EndWrapUp', endWrapUp()],
    ['RecordMissedCall', recordMissedCall()],
  ])('ignores the stale call signal %s', (_, command) => given([]).when(command).thenNothing());
});

describe('RegisterAgent', () => {
  it('registers the agent offline, with the phone in E.164', () =>
    given([]).when(register()).then([registered]));

  it('trims the name and keeps the CCM user id', () =>
    given([])
      .when(register({ name: '  Asha Rao ', ccmUserId: 'asha-01' }))
      .then([
        {
          type: 'AgentRegistered',
          data: { agentId: AGENT, name: 'Asha Rao', phone: '+919876543210', ccmUserId: 'asha-01', at: T0 },
        },
      ]));

  it('leaves a new agent offline', () =>
    given([])
      .when(register())
      .thenState((state) =>
        expect(state).toEqual({
          status: 'offline',
          agentId: AGENT,
          name: 'Asha Rao',
          phone: '+919876543210',
          since: T0,
        }),
      ));

  it('will not register an agent twice', () =>
    given(offline).when(register()).thenThrows('agent.already-registered'));

  it.each(['', '   ', 'x'.repeat(121)])('rejects the name %j', (name) =>
    given([]).when(register({ name })).thenThrows('agent.invalid', 'name'),
  );

  it.each(['not-a-number', '12345', ''])('rejects the phone %j as phone.invalid', (phone) =>
    given([]).when(register({ phone })).thenThrows('phone.invalid', 'phone'),
  );

  it('rejects a CCM user id that is not an Exotel user id', () =>
    given([])
      .when(register({ ccmUserId: 'asha rao!' }))
      .thenThrows('agent.invalid', 'ccmUserId'));
});

describe('MakeAgentAvailable', () => {
  it('makes an offline agent available, idle since now', () =>
    given(offline).when(makeAvailable()).then([becameAvailable()]));

  it('records when the agent became idle', () =>
    given(offline)
      .when(makeAvailable())
      .thenState((state) => expect(state).toMatchObject({ status: 'available', idleSince: T1 })));

  it('ends a pause', () =>
    given(onBreak)
      .when(makeAvailable(T3))
      .then([becameAvailable(T3)]));

  it('is a no-op for an agent who is already available', () =>
    given(available).when(makeAvailable(T3)).thenNothing());

  it.each<[string, AgentEvent[]]>([
    ['reserved', isReserved],
    ['on a call', onCall],
  ])('is rejected while the agent is %s', (_, history) =>
    given(history).when(makeAvailable(T3)).thenThrows('agent.busy'),
  );

  it('cuts wrap-up short', () =>
    given(wrappingUp)
      .when(makeAvailable(T4))
      .then([becameAvailable(T4)]));
});

describe('PauseAgent', () => {
  it('pauses an available agent with the reason', () =>
    given(available)
      .when(pause(' lunch '))
      .then([paused('lunch', T3)]));

  it('leaves the agent paused with the reason', () =>
    given(available)
      .when(pause('lunch'))
      .thenState((state) => expect(state).toMatchObject({ status: 'paused', reason: 'lunch', since: T3 })));

  it.each(['', '   ', 'x'.repeat(65)])('rejects the reason %j', (reason) =>
    given(available).when(pause(reason)).thenThrows('agent.invalid', 'reason'),
  );

  it('will not pause a logged-out agent', () =>
    given(offline).when(pause('lunch')).thenThrows('agent.offline'));

  it('is a no-op when already paused for the same reason', () =>
    given(onBreak).when(pause('break')).thenNothing());

  it('changes the reason of a paused agent', () =>
    given(onBreak)
      .when(pause('training'))
      .then([paused('training', T3)]));

  it.each<[string, AgentEvent[]]>([
    ['reserved', isReserved],
    ['on a call', onCall],
  ])('waits until after the call while %s', (_, history) =>
    given(history)
      .when(pause('lunch'))
      .then([pauseRequested('lunch')]),
  );

  it('does not interrupt the call: the agent stays on it', () =>
    given(onCall)
      .when(pause('lunch'))
      .thenState((state) =>
        expect(state).toMatchObject({
          status: 'on-call',
          attemptId: ATTEMPT,
          afterCall: { action: 'pause', reason: 'lunch' },
        }),
      ));

  it('is a no-op when the same pause is already requested for after the call', () =>
    given([...onCall, pauseRequested('lunch')])
      .when(pause('lunch'))
      .thenNothing());

  it('pauses at once during wrap-up', () =>
    given(wrappingUp)
      .when(pause('lunch', T4))
      .then([paused('lunch', T4)]));
});

describe('LogoutAgent', () => {
  it('is a no-op for an agent who is already offline', () => given(offline).when(logout()).thenNothing());

  it.each<[string, AgentEvent[]]>([
    ['available', available],
    ['paused', onBreak],
    ['wrapping up', wrappingUp],
  ])('logs out an agent who is %s', (_, history) =>
    given(history)
      .when(logout())
      .then([loggedOut(T3)]),
  );

  it.each<[string, AgentEvent[]]>([
    ['reserved', isReserved],
    ['on a call', onCall],
  ])('takes effect after the call while %s', (_, history) =>
    given(history).when(logout()).then([logoutRequested()]),
  );

  it('is a no-op when logout is already requested', () =>
    given([...onCall, logoutRequested()])
      .when(logout())
      .thenNothing());

  it('leaves the agent offline', () =>
    given(available)
      .when(logout())
      .thenState((state) => expect(state.status).toBe('offline')));
});

describe('ReserveAgent', () => {
  it('reserves an available agent for an attempt', () => given(available).when(reserve()).then([reserved()]));

  it('keeps the idle-since time of the agent while reserved', () =>
    given(available)
      .when(reserve())
      .thenState((state) =>
        expect(state).toMatchObject({
          status: 'reserved',
          attemptId: ATTEMPT,
          contactId: CONTACT,
          campaignId: CAMPAIGN,
          idleSince: T1,
        }),
      ));

  it.each<[string, AgentEvent[]]>([
    ['offline', offline],
    ['paused', onBreak],
    ['already reserved', isReserved],
    ['on a call', onCall],
    ['wrapping up', wrappingUp],
  ])('will not reserve an agent who is %s', (_, history) =>
    given(history).when(reserve('att-2', T4)).thenThrows('agent.not-available'),
  );
});

describe('ReleaseReservation', () => {
  it('releases the reservation', () =>
    given(isReserved)
      .when(release('contact-taken'))
      .then([released('contact-taken')]));

  it('returns the agent to available keeping the old idle-since (their place in line)', () =>
    given(isReserved)
      .when(release('contact-taken'))
      .thenState((state) => expect(state).toMatchObject({ status: 'available', idleSince: T1 })));

  it('applies a pause requested while reserved', () =>
    given([...isReserved, pauseRequested('lunch', T2)])
      .when(release('dial-rejected'))
      .then([released('dial-rejected'), paused('lunch', T3)]));

  it('applies a logout requested while reserved', () =>
    given([...isReserved, logoutRequested(T2)])
      .when(release('dial-rejected'))
      .then([released('dial-rejected'), loggedOut(T3)]));

  it('ignores another attempt id', () =>
    given(isReserved).when(release('contact-taken', 'att-9')).thenNothing());

  it('is a no-op when repeated', () =>
    given([...isReserved, released('contact-taken')])
      .when(release('contact-taken'))
      .thenNothing());

  it('is a no-op once the agent is connected', () =>
    given(onCall).when(release('contact-taken')).thenNothing());
});

describe('ConnectAgent', () => {
  it('connects the reserved agent', () => given(isReserved).when(connect()).then([connected()]));

  it('puts the agent on the call', () =>
    given(isReserved)
      .when(connect())
      .thenState((state) =>
        expect(state).toMatchObject({ status: 'on-call', attemptId: ATTEMPT, idleSince: T1, since: T3 }),
      ));

  it('is a no-op when repeated', () => given(onCall).when(connect()).thenNothing());

  it('ignores another attempt id', () => given(isReserved).when(connect('att-9')).thenNothing());

  it('ignores a connect after the reservation was released', () =>
    given([...isReserved, released('contact-taken')])
      .when(connect())
      .thenNothing());
});

describe('StartWrapUp', () => {
  it('starts wrap-up until now + wrapUpSec', () =>
    given(onCall)
      .when(startWrapUp(15))
      .then([wrapUpStarted(T4_PLUS_15S)]));

  it('keeps the agent in wrap-up until then', () =>
    given(onCall)
      .when(startWrapUp(15))
      .thenState((state) =>
        expect(state).toMatchObject({ status: 'wrap-up', attemptId: ATTEMPT, until: T4_PLUS_15S }),
      ));

  it('starts a wrap-up of 0 seconds ending now', () =>
    given(onCall)
      .when(startWrapUp(0))
      .then([wrapUpStarted(T4)]));

  it('wraps up a reserved agent whose call ended before connecting', () =>
    given(isReserved)
      .when(startWrapUp(15))
      .then([wrapUpStarted(T4_PLUS_15S)]));

  it.each([-1, 1.5])('rejects wrapUpSec %d', (wrapUpSec) =>
    given(onCall).when(startWrapUp(wrapUpSec)).thenThrows('agent.invalid', 'wrapUpSec'),
  );

  it('is a no-op when repeated', () => given(wrappingUp).when(startWrapUp(15)).thenNothing());

  it('ignores another attempt id', () => given(onCall).when(startWrapUp(15, 'att-9')).thenNothing());
});

describe('EndWrapUp', () => {
  it('makes the agent available again', () =>
    given(wrappingUp)
      .when(endWrapUp())
      .then([becameAvailable(T5)]));

  it('starts a new idle period at the end of wrap-up', () =>
    given(wrappingUp)
      .when(endWrapUp())
      .thenState((state) => expect(state).toMatchObject({ status: 'available', idleSince: T5 })));

  it('pauses the agent who asked for a pause during the call', () =>
    given([...onCall, pauseRequested('lunch'), wrapUpStarted()])
      .when(endWrapUp())
      .then([paused('lunch', T5)]));

  it('logs out the agent who asked to log out during the call', () =>
    given([...onCall, logoutRequested(), wrapUpStarted()])
      .when(endWrapUp())
      .then([loggedOut(T5)]));

  it('is a no-op when repeated', () =>
    given([...wrappingUp, becameAvailable(T5)])
      .when(endWrapUp())
      .thenNothing());

  it('ignores another attempt id', () => given(wrappingUp).when(endWrapUp('att-9')).thenNothing());

  it('is a no-op before wrap-up started', () => given(onCall).when(endWrapUp()).thenNothing());
});

describe('RecordMissedCall', () => {
  it('records the missed call and pauses the agent as missed-call', () =>
    given(isReserved)
      .when(recordMissedCall())
      .then([missedCall(), paused('missed-call', T3)]));

  it('leaves the agent paused, out of the line', () =>
    given(isReserved)
      .when(recordMissedCall())
      .thenState((state) => expect(state).toMatchObject({ status: 'paused', reason: 'missed-call' })));

  it('logs out instead when the agent had asked to log out', () =>
    given([...isReserved, logoutRequested(T2)])
      .when(recordMissedCall())
      .then([missedCall(), loggedOut(T3)]));

  it('pauses as missed-call even when another pause was requested', () =>
    given([...isReserved, pauseRequested('lunch', T2)])
      .when(recordMissedCall())
      .then([missedCall(), paused('missed-call', T3)]));

  it('ignores another attempt id', () => given(isReserved).when(recordMissedCall('att-9')).thenNothing());

  it('is a no-op when repeated', () =>
    given([...isReserved, missedCall(), paused('missed-call', T3)])
      .when(recordMissedCall())
      .thenNothing());

  it('ignores a missed call for a reservation already released', () =>
    given([...isReserved, released('contact-taken')])
      .when(recordMissedCall())
      .thenNothing());
});

describe('an agent through a call', () => {
  const statuses = (commands: readonly AgentCommand[]) =>
    commands.map((_, i) => runAll(agentDecider, commands.slice(0, i + 1)).state.status);

  it('goes offline → available → reserved → on-call → wrap-up → available', () =>
    expect(statuses([register(), makeAvailable(), reserve(), connect(), startWrapUp(), endWrapUp()])).toEqual(
      ['offline', 'available', 'reserved', 'on-call', 'wrap-up', 'available'],
    ));

  it('logs out after the call when asked during it', () =>
    expect(
      statuses([register(), makeAvailable(), reserve(), connect(), logout(), startWrapUp(), endWrapUp()]),
    ).toEqual(['offline', 'available', 'reserved', 'on-call', 'on-call', 'wrap-up', 'offline']));
});
