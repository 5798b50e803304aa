import { isDeepStrictEqual } from 'node:util';
import { decodeEvent, type DialerEvent } from '../../../../src/application/events/event-schemas.js';
import { contactOfAttempt } from '../../../../src/application/dialer/attempt-id.js';
import { parseStreamId, streamOf } from '../../../../src/application/events/streams.js';
import type { StoredEvent } from '../../../../src/application/ports/event-store.port.js';
import { evolveAgent } from '../../../../src/domain/agent/agent.decider.js';
import type { AgentEvent } from '../../../../src/domain/agent/agent.events.js';
import { initialAgentState, type AgentState } from '../../../../src/domain/agent/agent.state.js';
import { evolveCampaign } from '../../../../src/domain/campaign/campaign.decider.js';
import type { CampaignEvent } from '../../../../src/domain/campaign/campaign.events.js';
import { initialCampaignState, type CampaignState } from '../../../../src/domain/campaign/campaign.state.js';
import { MAX_BACKOFF_MS } from '../../../../src/domain/dialing/rate-limiter.policy.js';
import { evolveContact } from '../../../../src/domain/contact/contact.decider.js';
import type { ContactEvent } from '../../../../src/domain/contact/contact.events.js';
import { initialContactState, type ContactState } from '../../../../src/domain/contact/contact.state.js';
import { isWindowOpen } from '../../../../src/domain/dialing/calling-window.policy.js';
import type { DialerIndex } from '../../../../src/application/dialer/dialer-index.js';
import type { DialerHarness } from './dialer.harness.js';
import { ORPHAN_RESERVATION_MS } from './dialer.timing.js';
import { customerLegDialled, OUTCOME_UNKNOWN_KINDS } from './scripted.telephony.js';

interface Decoded {
  readonly stored: StoredEvent;
  readonly event: DialerEvent;
}

type Data = Record<string, unknown> & { readonly at: string };

const dataOf = (d: Decoded) => d.event.data as unknown as Data;
const attemptOf = (d: Decoded) => dataOf(d)['attemptId'] as string | undefined;

/** The reason the attempt's dial was rejected, if it was. */
function rejectionOf(view: LogView, attemptId: string): string | undefined {
  const contactId = contactOfAttempt(attemptId);
  const events = contactId === undefined ? [] : (view.byStream.get(streamOf.contact(contactId)) ?? []);
  const rejected = events.find((d) => d.event.type === 'DialRejected' && attemptOf(d) === attemptId);
  return rejected === undefined ? undefined : (dataOf(rejected)['reason'] as string);
}

/** The log read once, grouped the ways the checks need it. */
export class LogView {
  readonly decoded: Decoded[] = [];
  readonly byStream = new Map<string, Decoded[]>();
  /** Per attempt: its events in every stream, in log order. */
  readonly byAttempt = new Map<string, Decoded[]>();

  /** The last position read. */
  position = 0n;

  constructor(log: readonly StoredEvent[] = []) {
    this.add(log);
  }

  /** The log is append-only: a view grows with it. */
  add(log: readonly StoredEvent[]): this {
    for (const stored of log) {
      this.position = stored.position;
      const event = decodeEvent(stored.type, stored.data);
      if (event === undefined) continue;
      const decoded = { stored, event };
      this.decoded.push(decoded);
      push(this.byStream, stored.streamId, decoded);
      const attemptId = attemptOf(decoded);
      if (attemptId !== undefined) push(this.byAttempt, attemptId, decoded);
    }
    return this;
  }

  /** The first event of this type about this attempt. */
  first(attemptId: string, type: DialerEvent['type']): Decoded | undefined {
    return this.byAttempt.get(attemptId)?.find((d) => d.event.type === type);
  }

  /** A campaign as it was just before a global position, and its last event by then. */
  campaignBefore(campaignId: string, position: bigint): { state: CampaignState; last?: Decoded } {
    let state: CampaignState = initialCampaignState;
    let last: Decoded | undefined;
    for (const d of this.byStream.get(`campaign-${campaignId}`) ?? []) {
      if (d.stored.position >= position) break;
      state = evolveCampaign(state, d.event as CampaignEvent);
      last = d;
    }
    return { state, ...(last === undefined ? {} : { last }) };
  }

  /** A campaign's status just before a global position, and the event that set it. */
  campaignStatusBefore(
    campaignId: string,
    position: bigint,
  ): { status: CampaignState['status']; since?: Decoded } {
    let state: CampaignState = initialCampaignState;
    let since: Decoded | undefined;
    for (const d of this.byStream.get(`campaign-${campaignId}`) ?? []) {
      if (d.stored.position >= position) break;
      const next = evolveCampaign(state, d.event as CampaignEvent);
      if (next.status !== state.status) since = d;
      state = next;
    }
    return { status: state.status, ...(since === undefined ? {} : { since }) };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * Everything that must hold whenever the dialer is at rest: returns the violations (empty when all is well).
 */
export function checkInvariants(h: DialerHarness, view: LogView): string[] {
  const violations: string[] = [];
  const fail = (message: string) => violations.push(message);
  for (const error of h.errors) fail(`the dialer logged an error: ${error}`);
  for (const problem of h.telephony.violations) fail(`provider saw: ${problem}`);
  for (const problem of h.requestViolations) fail(problem);
  for (const p of h.processes) checkReplayEqualsIndex(p.name, p.dialer.index, view, fail);
  checkAgentStreams(view, h.racingWindows, fail);
  checkContactStreams(h, view, fail);
  checkRequests(h, view, fail);
  checkOutcomes(h, view, fail);
  checkAttempts(view, fail);
  checkAtRest(h, view, fail);
  checkRate(h, fail);
  checkNoIdleWaste(h, fail);
  return violations;
}

/** Folding each stream with the decider's evolve gives exactly the dialer's index. */
function checkReplayEqualsIndex(
  name: string,
  index: DialerIndex,
  view: LogView,
  failAll: (m: string) => void,
): void {
  const fail = (m: string) => failAll(`${name}: ${m}`);
  const seen = new Set<string>();
  for (const [streamId, events] of view.byStream) {
    const stream = parseStreamId(streamId);
    if (stream === undefined) continue;
    seen.add(streamId);
    const revision = events[events.length - 1]!.stored.revision;
    if (stream.category === 'campaign') {
      const state = events.reduce(
        (s, d) => evolveCampaign(s, d.event as CampaignEvent),
        initialCampaignState,
      );
      compare(streamId, state, revision, index.campaigns.get(stream.id), fail);
    } else if (stream.category === 'contact') {
      const state = events.reduce<ContactState>(
        (s, d) => evolveContact(s, d.event as ContactEvent),
        initialContactState,
      );
      compare(streamId, state, revision, index.contacts.get(stream.id), fail);
    } else {
      const state = events.reduce<AgentState>(
        (s, d) => evolveAgent(s, d.event as AgentEvent),
        initialAgentState,
      );
      compare(streamId, state, revision, index.agents.get(stream.id), fail);
    }
  }
  for (const [id, entry] of index.campaigns)
    if (!seen.has(`campaign-${id}`) && entry.state.status !== 'none')
      fail(`index has campaign ${id} the log does not`);
  for (const [id, entry] of index.contacts)
    if (!seen.has(`contact-${id}`) && entry.state.status !== 'none')
      fail(`index has contact ${id} the log does not`);
  for (const [id, entry] of index.agents)
    if (!seen.has(`agent-${id}`) && entry.state.status !== 'unregistered')
      fail(`index has agent ${id} the log does not`);
}

function compare(
  streamId: string,
  replayed: unknown,
  revision: bigint,
  entry: { state: unknown; revision: bigint } | undefined,
  fail: (m: string) => void,
): void {
  if (entry === undefined) return fail(`${streamId}: in the log but not in the dialer's index`);
  if (entry.revision !== revision)
    fail(`${streamId}: index at revision ${entry.revision}, log at ${revision}`);
  if (!isDeepStrictEqual(entry.state, replayed))
    fail(`${streamId}: index state ${JSON.stringify(entry.state)} ≠ replayed ${JSON.stringify(replayed)}`);
}

/** One reservation or call at a time, and only the held attempt is ever released, connected, wrapped or missed. */
function checkAgentStreams(
  view: LogView,
  racing: DialerHarness['racingWindows'],
  fail: (m: string) => void,
): void {
  for (const [streamId, events] of view.byStream) {
    if (!streamId.startsWith('agent-')) continue;
    let held: string | undefined;
    let wrapping: string | undefined;
    for (const d of events) {
      const attemptId = attemptOf(d);
      const where = `${streamId}@${d.stored.revision} ${d.event.type}`;
      switch (d.event.type) {
        case 'AgentReserved': {
          if (held !== undefined) fail(`${where}: reserved for ${attemptId} while holding ${held}`);
          const campaignId = dataOf(d)['campaignId'] as string;
          const { state, last } = view.campaignBefore(campaignId, d.stored.position);
          const assigned =
            state.status !== 'none' && state.agentIds.includes(streamId.slice('agent-'.length));
          const racedByTest =
            last !== undefined &&
            last.stored.metadata['actor'] === 'test' &&
            racing.some((w) => last.stored.position > w.from && d.stored.position <= w.to);
          if (!assigned && !racedByTest)
            fail(`${where}: reserved for campaign ${campaignId}, which the agent is not assigned to`);
          if (wrapping !== undefined)
            fail(`${where}: reserved for ${attemptId} while wrapping up ${wrapping}`);
          held = attemptId;
          break;
        }
        case 'AgentConnected':
          if (held !== attemptId) fail(`${where}: connected to ${attemptId} but holds ${held}`);
          break;
        case 'AgentReservationReleased':
        case 'AgentMissedCall':
        case 'AgentWrapUpStarted':
          if (held !== attemptId) fail(`${where}: for ${attemptId} but holds ${held}`);
          else held = undefined;
          if (d.event.type === 'AgentWrapUpStarted') wrapping = attemptId;
          break;
        case 'AgentBecameAvailable':
        case 'AgentPaused':
        case 'AgentLoggedOut':
          if (held !== undefined) fail(`${where}: left attempt ${held} without releasing or ending it`);
          wrapping = undefined;
          break;
        default:
          break;
      }
    }
  }
}

/** One open attempt per contact, due times, the campaign and window at dial time, counted attempts. */
function checkContactStreams(h: DialerHarness, view: LogView, fail: (m: string) => void): void {
  for (const [streamId, events] of view.byStream) {
    if (!streamId.startsWith('contact-')) continue;
    let state: ContactState = initialContactState;
    let open: string | undefined;
    let counted = 0;
    for (const d of events) {
      const data = dataOf(d);
      const attemptId = attemptOf(d);
      const where = `${streamId}@${d.stored.revision} ${d.event.type} ${attemptId ?? ''}`;
      switch (d.event.type) {
        case 'ContactDialed': {
          if (open !== undefined) fail(`${where}: dialled while attempt ${open} is still open`);
          if (state.status !== 'queued') fail(`${where}: dialled a ${state.status} contact`);
          else if (Date.parse(data.at) < Date.parse(state.dueAt))
            fail(`${where}: dialled at ${data.at}, before its due time ${state.dueAt}`);
          const campaignId = data['campaignId'] as string;
          const reserved = view.first(attemptId!, 'AgentReserved');
          if (reserved === undefined || reserved.stored.position > d.stored.position)
            fail(`${where}: no reservation for the attempt before the dial`);
          else if (dataOf(reserved)['agentId'] !== data['agentId'])
            fail(
              `${where}: dialled for ${String(data['agentId'])}, reserved ${String(dataOf(reserved)['agentId'])}`,
            );
          if (!isWindowOpen(windowOf(h, campaignId), Date.parse(data.at)))
            fail(`${where}: dialled at ${data.at}, outside the calling window`);
          open = attemptId;
          break;
        }
        case 'DialRejected':
        case 'CallTerminated':
          if (open !== attemptId) fail(`${where}: closes ${attemptId} but the open attempt is ${open}`);
          else open = undefined;
          if (d.event.type === 'CallTerminated' && data['counts'] === true) counted += 1;
          if (
            d.event.type === 'CallTerminated' &&
            data['counts'] === true &&
            (data['outcome'] === 'agent-missed' || data['outcome'] === 'canceled')
          )
            fail(`${where}: a ${String(data['outcome'])} attempt counted`);
          break;
        default:
          break;
      }
      state = evolveContact(state, d.event as ContactEvent);
    }
    if (state.status === 'none') continue;
    if (state.countedAttempts !== counted)
      fail(`${streamId}: countedAttempts ${state.countedAttempts} but ${counted} counted CallTerminated`);
    const max = h.campaignPlanOf(state.campaignId).maxAttempts;
    if (state.countedAttempts > max)
      fail(`${streamId}: ${state.countedAttempts} counted attempts, more than maxAttempts ${max}`);
  }
}

const WINDOW_FALLBACK = { timeZone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' };

function windowOf(h: DialerHarness, campaignId: string) {
  const state = h.dialer.index.campaigns.get(campaignId)?.state;
  return state === undefined || state.status === 'none' ? WINDOW_FALLBACK : state.settings.window;
}

/**
 * Every provider request was made for a dialled attempt whose agent held the reservation at that moment, and never
 * while an earlier request of that contact had an unknown outcome not yet settled by a lookup.
 */
function checkRequests(h: DialerHarness, view: LogView, fail: (m: string) => void): void {
  const unknownByPhone = new Map<string, string[]>();
  for (const record of h.telephony.requests) {
    const { attemptId, agentPhone, customerPhone } = record.request;
    const where = `request #${record.seq} for ${attemptId}`;
    const placement = h.placements.get(attemptId);
    const dialed = view.first(attemptId, 'ContactDialed');
    const reserved = view.first(attemptId, 'AgentReserved');
    const agentId = h.agentByPhone.get(agentPhone);
    if (placement === undefined) fail(`${where}: not seen by the test at request time`);
    if (dialed === undefined || (placement !== undefined && dialed.stored.position > placement.position))
      fail(`${where}: no ContactDialed stored before the request`);
    if (reserved === undefined || (placement !== undefined && reserved.stored.position > placement.position))
      fail(`${where}: no AgentReserved stored before the request`);
    else if (dataOf(reserved)['agentId'] !== agentId)
      fail(
        `${where}: rings ${agentPhone} (${agentId}) but ${String(dataOf(reserved)['agentId'])} was reserved`,
      );
    if (placement !== undefined && dialed !== undefined && reserved !== undefined) {
      // No call for a campaign that is not running. Tolerated: a pair the pump had already reserved when the campaign
      // stopped running (a sibling pair's 401 pauses it while the batch is in flight), a pause the test wrote while
      // racing the dialer, and, with two processes, one that had not seen the pause yet (what it knew when it sent
      // the request is checked as it happens: `requestViolations`).
      const campaignId = dataOf(dialed)['campaignId'] as string;
      const { status, since } = view.campaignStatusBefore(campaignId, placement.position + 1n);
      const inFlight = since !== undefined && reserved.stored.position < since.stored.position;
      const racedByTest =
        since !== undefined &&
        since.stored.metadata['actor'] === 'test' &&
        h.racingWindows.some((w) => since.stored.position > w.from && placement.position <= w.to);
      if (status !== 'running' && !inFlight && !racedByTest && h.plan.instances === 1) {
        fail(
          `${where}: sent while campaign ${campaignId} is ${status} (since ${since?.event.type ?? 'ever'} by ${String(since?.stored.metadata['actor'])} at position ${since?.stored.position}; reserved at ${reserved.stored.position})`,
        );
      }
    }
    if (placement !== undefined) {
      const ended = (view.byAttempt.get(attemptId) ?? []).find(
        (d) =>
          d.stored.streamId.startsWith('agent-') &&
          d.stored.position <= placement.position &&
          ['AgentReservationReleased', 'AgentMissedCall', 'AgentWrapUpStarted'].includes(d.event.type),
      );
      if (ended !== undefined)
        fail(
          `${where}: the agent's reservation had already ended (${ended.event.type}) when the call was requested`,
        );
      for (const earlier of unknownByPhone.get(customerPhone) ?? []) {
        const settled = (view.byAttempt.get(earlier) ?? []).find(
          (d) =>
            (d.event.type === 'DialRejected' || d.event.type === 'CallTerminated') &&
            d.stored.position <= placement.position,
        );
        if (settled === undefined)
          fail(
            `${where}: placed while the outcome of the earlier request ${earlier} for the same contact was still unknown`,
          );
      }
    }
    // A dial after the number was blocked stores its ContactDialed before the request, so the request sees a later
    // position; at the same position, the request came first and nothing was stored since (a provider fault, say).
    const blockedAt = h.blocked.get(customerPhone);
    if (blockedAt !== undefined && placement !== undefined && blockedAt < placement.position)
      fail(`${where}: rings ${customerPhone}, on the do-not-call list since position ${blockedAt}`);
    if (record.answer !== 'placed' && OUTCOME_UNKNOWN_KINDS.has(record.answer))
      push(unknownByPhone, customerPhone, attemptId);
  }
  // a device error takes the agent out (PROVIDERS.md section 7): no new reservation before they are paused. Unless
  // the answer never reached the dialer: a process that died awaiting it left the outcome unknown, and the lookup
  // that settled it found no call ('not-placed'), which says nothing about the device.
  for (const record of h.telephony.requests) {
    if (record.answer !== 'device-unavailable') continue;
    if (rejectionOf(view, record.request.attemptId) === 'not-placed') continue;
    const agentId = h.agentByPhone.get(record.request.agentPhone)!;
    const events = view.byStream.get(`agent-${agentId}`) ?? [];
    const ended = events.findIndex(
      (d) => attemptOf(d) === record.request.attemptId && d.event.type === 'AgentReservationReleased',
    );
    if (ended < 0) continue;
    for (const d of events.slice(ended + 1)) {
      if (
        d.event.type === 'AgentPaused' ||
        d.event.type === 'AgentLoggedOut' ||
        (d.event.type === 'AgentAfterCallRequested' && d.stored.metadata['actor'] !== 'test')
      )
        break;
      if (d.event.type === 'AgentBecameAvailable' && d.stored.metadata['actor'] === 'test') break;
      if (d.event.type === 'AgentReserved') {
        fail(
          `request #${record.seq}: ${agentId}'s device was unavailable, yet ${agentId} was reserved again (${attemptOf(d)}) before being paused`,
        );
        break;
      }
    }
  }
  // a lookup that says "no call" when the provider did create one would free the contact for a second call
  for (const call of h.telephony.calls.values()) {
    const rejected = view.first(call.attemptId, 'DialRejected');
    if (rejected !== undefined)
      fail(
        `attempt ${call.attemptId}: DialRejected (${String(dataOf(rejected)['reason'])}) although the provider created call ${call.callSid}`,
      );
  }
}

/** Each attempt happens once: one reservation, one dial, one call id, one answer per leg, one end. */
function checkAttempts(view: LogView, fail: (m: string) => void): void {
  for (const [attemptId, events] of view.byAttempt) {
    const times = new Map<string, number>();
    for (const d of events) {
      const key = d.event.type === 'LegAnswered' ? `LegAnswered(${d.event.data.leg})` : d.event.type;
      times.set(key, (times.get(key) ?? 0) + 1);
    }
    for (const [key, n] of times) {
      if (n > 1 && key !== 'DispositionRecorded' && key !== 'ContactCompleted' && key !== 'RetryScheduled')
        fail(`attempt ${attemptId}: ${key} ${n} times`);
    }
    if (times.has('CallTerminated') && times.has('DialRejected'))
      fail(`attempt ${attemptId}: both rejected and terminated`);
    if (attemptId.length > 128) fail(`attempt id ${attemptId} is longer than CustomField's 128 characters`);
  }
}

/** Outcomes are the provider's: the fate of the call, counted only when the customer leg was dialled; live calls stay open. */
function checkOutcomes(h: DialerHarness, view: LogView, fail: (m: string) => void): void {
  const callByAttempt = new Map([...h.telephony.calls.values()].map((call) => [call.attemptId, call]));
  for (const d of view.decoded) {
    if (d.event.type !== 'CallTerminated') continue;
    const { attemptId, outcome, counts, closedBy } = d.event.data;
    const call = callByAttempt.get(attemptId);
    const where = `CallTerminated ${attemptId} (${outcome}, counts ${counts}, by ${closedBy})`;
    if (call === undefined) {
      fail(`${where}: the provider never created a call for it`);
      continue;
    }
    if (!call.emitted.has('terminal')) {
      fail(`${where}: the call ${call.callSid} is still live at the provider`);
      continue;
    }
    if (outcome !== call.fate) fail(`${where}: the provider says ${call.fate}`);
    if (counts !== customerLegDialled(call.fate!))
      fail(`${where}: counts should be ${customerLegDialled(call.fate!)} for ${call.fate}`);
  }
}

/**
 * The provider account's rate: in no 60 s do the requests exceed callsPerMinute per process (each process keeps its
 * own token bucket; a restarted process starts with a full one, so windows with a restart are left out).
 */
function checkRate(h: DialerHarness, fail: (m: string) => void): void {
  const limit = h.plan.callsPerMinute * Math.max(1, h.plan.instances);
  const times = h.telephony.requests.map((r) => r.atMs);
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while (j < times.length && times[j]! < times[i]! + 60_000) j += 1;
    const restarted = h.restartsAtMs.some((t) => t > times[i]! - 60_000 && t < times[i]! + 60_000);
    if (j - i > limit && !restarted)
      fail(`${j - i} requests within 60 s from ${new Date(times[i]!).toISOString()}, more than ${limit}`);
  }
}

/**
 * Progressive dialing adds no idle time: at rest, an available agent next to a due contact of a running campaign in
 * its window means the dialer waits for a rate token, so a timer must be due within one refill interval.
 */
function checkNoIdleWaste(h: DialerHarness, fail: (m: string) => void): void {
  const index = h.dialer.index;
  const now = h.clock.now();
  const burst = Math.max(1, Math.floor(h.plan.callsPerMinute / 6));
  const refillPerMinute =
    h.plan.callsPerMinute > burst ? h.plan.callsPerMinute - burst : h.plan.callsPerMinute;
  // after a 429 the dialer backs off (doubling up to MAX_BACKOFF_MS): a longer wait is then the point, not waste
  const lastRefusalMs = Math.max(-Infinity, ...h.telephony.requests.filter((r) => r.answer === 'rate-limited').map((r) => r.atMs));
  const refill = Math.ceil(60_000 / refillPerMinute) + 1;
  const tokenWithin = now - lastRefusalMs <= 2 * MAX_BACKOFF_MS + refill ? MAX_BACKOFF_MS + refill : refill;
  for (const campaignId of h.campaignIds) {
    const state = index.campaigns.get(campaignId)?.state;
    if (state?.status !== 'running' || !isWindowOpen(state.settings.window, now)) continue;
    const idle = state.agentIds.filter((id) => index.agents.get(id)?.state.status === 'available');
    const due = [...index.contacts.values()].filter(
      (c) =>
        c.state.status === 'queued' && c.state.campaignId === campaignId && Date.parse(c.state.dueAt) <= now,
    );
    if (idle.length === 0 || due.length === 0) continue;
    const next = h.clock.nextTimerAt();
    if (next === undefined || next > now + tokenWithin) {
      fail(
        `campaign ${campaignId}: agents ${idle.join(', ')} idle next to ${due.length} due contacts and nothing due within ${tokenWithin} ms (next timer ${next === undefined ? 'none' : `in ${next - now} ms`})`,
      );
    }
  }
}

/** Agents, contacts and provider calls agree (the dialer is at rest). */
function checkAtRest(h: DialerHarness, view: LogView, fail: (m: string) => void): void {
  const index = h.dialer.index;
  const live = h.telephony.liveCalls();
  const busyAgents = [...index.agents.values()].filter(
    (a) => a.state.status === 'reserved' || a.state.status === 'on-call',
  );
  if (live.length > busyAgents.length)
    fail(
      `${live.length} live calls at the provider but only ${busyAgents.length} reserved or on-call agents`,
    );
  for (const call of live) {
    const agentId = h.agentByPhone.get(call.agentPhone);
    const agent = agentId === undefined ? undefined : index.agents.get(agentId)?.state;
    const holds =
      agent !== undefined &&
      (agent.status === 'reserved' || agent.status === 'on-call') &&
      agent.attemptId === call.attemptId;
    if (!holds)
      fail(`live call ${call.callSid} (${call.attemptId}) rings ${agentId}, who is ${describeAgent(agent)}`);
    const contactId = call.attemptId.slice(0, call.attemptId.lastIndexOf('~'));
    const contact = index.contacts.get(contactId)?.state;
    const open =
      contact !== undefined &&
      (contact.status === 'dialing' || contact.status === 'connected') &&
      contact.attempt.attemptId === call.attemptId;
    if (!open)
      fail(
        `live call ${call.callSid} (${call.attemptId}): contact ${contactId} is ${contact?.status}${contact !== undefined && 'attempt' in contact ? ` on ${contact.attempt.attemptId}` : ''}`,
      );
  }
  for (const [agentId, entry] of index.agents) {
    const state = entry.state;
    if (state.status !== 'reserved' && state.status !== 'on-call') continue;
    const contact = index.contacts.get(state.contactId)?.state;
    const open =
      contact !== undefined &&
      (contact.status === 'dialing' || contact.status === 'connected') &&
      contact.attempt.attemptId === state.attemptId;
    // a process that died between the reservation and the dial leaves a reservation with nothing behind it: released
    // once it is older than orphanReservationMs
    const orphan = state.status === 'reserved' && view.first(state.attemptId, 'ContactDialed') === undefined;
    if (orphan && h.clock.now() - Date.parse(state.since) < ORPHAN_RESERVATION_MS) continue;
    if (orphan)
      fail(`agent ${agentId} still holds the orphan reservation ${state.attemptId} from ${state.since}`);
    else if (!open)
      fail(
        `agent ${agentId} is ${state.status} on ${state.attemptId} but contact ${state.contactId} is ${contact?.status}${contact !== undefined && 'attempt' in contact ? ` on ${contact.attempt.attemptId}` : ''}`,
      );
  }
  for (const [contactId, entry] of index.contacts) {
    const state = entry.state;
    if (state.status !== 'dialing' && state.status !== 'connected' && state.status !== 'terminal') continue;
    const agent = index.agents.get(state.attempt.agentId)?.state;
    const holds = agent !== undefined && 'attemptId' in agent && agent.attemptId === state.attempt.attemptId;
    if (!holds)
      fail(
        `contact ${contactId} is ${state.status} on ${state.attempt.attemptId} but its agent ${state.attempt.agentId} is ${describeAgent(agent)}`,
      );
    if (holds && state.status !== 'terminal' && state.attempt.agentAnswered && agent.status !== 'on-call')
      fail(
        `contact ${contactId}: agent ${state.attempt.agentId} answered ${state.attempt.attemptId} but is ${agent.status}, not on-call`,
      );
    if (state.status === 'terminal' && holds && agent.status !== 'wrap-up')
      fail(`contact ${contactId}'s call ended but agent ${state.attempt.agentId} is still ${agent.status}`);
  }
}

function describeAgent(agent: AgentState | undefined): string {
  if (agent === undefined) return 'unknown';
  return 'attemptId' in agent ? `${agent.status} on ${agent.attemptId}` : agent.status;
}

/** At the end, after everything was delivered and time ran on: nothing is stuck and every campaign finished. */
export function checkNothingStuck(h: DialerHarness): string[] {
  const violations: string[] = [];
  const index = h.dialer.index;
  for (const call of h.telephony.liveCalls())
    violations.push(`call ${call.callSid} (${call.attemptId}) is still live`);
  for (const [agentId, entry] of index.agents) {
    const state = entry.state;
    if (state.status === 'reserved' || state.status === 'on-call' || state.status === 'wrap-up')
      violations.push(`agent ${agentId} is stuck ${describeAgent(state)} since ${state.since}`);
  }
  for (const [contactId, entry] of index.contacts) {
    const state = entry.state;
    if (state.status !== 'done' && state.status !== 'queued')
      violations.push(`contact ${contactId} is stuck ${state.status}`);
  }
  const now = h.clock.now();
  for (const campaignId of h.campaignIds) {
    const entry = index.campaigns.get(campaignId);
    const state = entry?.state;
    if (entry === undefined || state === undefined || state.status !== 'running') continue;
    const due = [...index.contacts.values()].filter(
      (c) =>
        c.state.status === 'queued' && c.state.campaignId === campaignId && Date.parse(c.state.dueAt) <= now,
    );
    const idle = state.agentIds.filter((id) => index.agents.get(id)?.state.status === 'available');
    if (due.length > 0 && idle.length > 0)
      violations.push(
        `campaign ${campaignId}: ${due.length} due contacts (${due.map((c) => (c.state as { contactId: string }).contactId).join(', ')}) and idle agents ${idle.join(', ')}, but no timer or dial`,
      );
    if (entry.total > 0 && entry.open === 0)
      violations.push(`campaign ${campaignId}: every contact is done but the campaign is still running`);
  }
  return violations;
}
