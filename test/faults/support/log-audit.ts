import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../../src/adapters/event-store/sqlite.event-store.js';
import { SqliteReadModelStore } from '../../../src/adapters/read-models/sqlite.read-model-store.js';
import { findAgentOverlaps } from '../../../src/adapters/telephony/sandbox/agent-overlap.js';
import type { SandboxCall } from '../../../src/adapters/telephony/sandbox/sandbox-call.js';
import { decodeEvent } from '../../../src/application/events/event-schemas.js';
import { parseStreamId } from '../../../src/application/events/streams.js';
import { ALL_PROJECTIONS } from '../../../src/application/projections/projections.service.js';
import { rebuildReadModels } from '../../../src/application/projections/rebuild.js';
import type { ReadModelStore } from '../../../src/application/ports/read-model-store.port.js';
import { agentDecider } from '../../../src/domain/agent/agent.decider.js';
import type { AgentEvent } from '../../../src/domain/agent/agent.events.js';
import type { AgentState } from '../../../src/domain/agent/agent.state.js';
import { campaignDecider } from '../../../src/domain/campaign/campaign.decider.js';
import type { CampaignEvent } from '../../../src/domain/campaign/campaign.events.js';
import type { CampaignState } from '../../../src/domain/campaign/campaign.state.js';
import { contactDecider } from '../../../src/domain/contact/contact.decider.js';
import type { ContactEvent } from '../../../src/domain/contact/contact.events.js';
import type { ContactState } from '../../../src/domain/contact/contact.state.js';
import type { CallOutcome } from '../../../src/domain/dialing/outcome.mapping.js';
import { countsAsAttempt } from '../../../src/domain/dialing/retry.policy.js';
import { terminalUndelivered, type CallRecord, type SandboxRecord } from './sandbox-record.js';

/** One attempt as the log tells it. */
export interface LoggedAttempt {
  readonly attemptId: string;
  readonly contactId: string;
  readonly agentId: string;
  readonly attemptNo: number;
  readonly dialedAtMs: number;
  callSid?: string;
  rejected?: { readonly reason: string; readonly detail?: string };
  terminations: {
    readonly outcome: CallOutcome;
    readonly counts: boolean;
    readonly closedBy: 'provider' | 'watchdog';
    readonly callSid?: string;
    readonly atMs: number;
  }[];
}

export interface LogAudit {
  readonly events: number;
  readonly lastPosition: bigint;
  readonly campaigns: ReadonlyMap<string, CampaignState>;
  readonly contacts: ReadonlyMap<string, ContactState>;
  readonly agents: ReadonlyMap<string, AgentState>;
  readonly attempts: ReadonlyMap<string, LoggedAttempt>;
  /** contact id → its attempt ids in log order */
  readonly attemptsByContact: ReadonlyMap<string, readonly string[]>;
  /** Reservations released because no dial followed them (a crash between the two writes). */
  readonly orphanReservationsReleased: number;
}

/** Reads the whole log of a (stopped) service's SQLite file with the real store adapter, and folds every stream. */
export async function readLog(file: string): Promise<LogAudit> {
  const store = openSqliteEventStore(file);
  const campaigns = new Map<string, CampaignState>();
  const contacts = new Map<string, ContactState>();
  const agents = new Map<string, AgentState>();
  const attempts = new Map<string, LoggedAttempt>();
  const attemptsByContact = new Map<string, string[]>();
  let events = 0;
  let orphanReservationsReleased = 0;
  try {
    for await (const stored of store.readAll()) {
      events += 1;
      const event = decodeEvent(stored.type, stored.data);
      if (event === undefined) continue;
      const stream = parseStreamId(stored.streamId);
      if (stream === undefined) continue;
      const { category, id } = stream;
      if (category === 'campaign')
        campaigns.set(
          id,
          campaignDecider.evolve(campaigns.get(id) ?? campaignDecider.initialState, event as CampaignEvent),
        );
      if (category === 'agent')
        agents.set(id, agentDecider.evolve(agents.get(id) ?? agentDecider.initialState, event as AgentEvent));
      if (event.type === 'AgentReservationReleased' && event.data.reason === 'no-dial')
        orphanReservationsReleased += 1;
      if (category !== 'contact') continue;
      const contactEvent = event as ContactEvent;
      contacts.set(id, contactDecider.evolve(contacts.get(id) ?? contactDecider.initialState, contactEvent));
      switch (contactEvent.type) {
        case 'ContactDialed': {
          const { attemptId, agentId, attemptNo, at } = contactEvent.data;
          attempts.set(attemptId, {
            attemptId,
            contactId: id,
            agentId,
            attemptNo,
            dialedAtMs: Date.parse(at),
            terminations: [],
          });
          attemptsByContact.set(id, [...(attemptsByContact.get(id) ?? []), attemptId]);
          break;
        }
        case 'CallPlaced': {
          const attempt = attempts.get(contactEvent.data.attemptId);
          if (attempt) attempt.callSid = contactEvent.data.callSid;
          break;
        }
        case 'DialRejected': {
          const attempt = attempts.get(contactEvent.data.attemptId);
          if (attempt)
            attempt.rejected = {
              reason: contactEvent.data.reason,
              ...(contactEvent.data.detail === undefined ? {} : { detail: contactEvent.data.detail }),
            };
          break;
        }
        case 'CallTerminated': {
          const attempt = attempts.get(contactEvent.data.attemptId);
          const { outcome, counts, closedBy, callSid, at } = contactEvent.data;
          if (attempt) {
            attempt.terminations.push({
              outcome,
              counts,
              closedBy,
              atMs: Date.parse(at),
              ...(callSid === undefined ? {} : { callSid }),
            });
            if (attempt.callSid === undefined && callSid !== undefined) attempt.callSid = callSid;
          }
          break;
        }
        default:
          break;
      }
    }
    return {
      events,
      lastPosition: store.lastPosition(),
      campaigns,
      contacts,
      agents,
      attempts,
      attemptsByContact,
      orphanReservationsReleased,
    };
  } finally {
    await store.close();
  }
}

/** Every contact done or still queued; attempts numbered 1..n, each closed exactly once; counted ≤ maxAttempts. */
export function contactProblems(log: LogAudit, maxAttempts: number): string[] {
  const problems: string[] = [];
  for (const [contactId, state] of log.contacts) {
    if (state.status !== 'done' && state.status !== 'queued')
      problems.push(`${contactId} ended ${state.status}`);
    if (state.status === 'none') continue;
    const ids = log.attemptsByContact.get(contactId) ?? [];
    const attempts = ids.map((id) => log.attempts.get(id)!);
    attempts.forEach((attempt, i) => {
      if (attempt.attemptNo !== i + 1)
        problems.push(
          `${contactId}: attempt ${attempt.attemptId} is number ${attempt.attemptNo}, expected ${i + 1}`,
        );
      const closings = attempt.terminations.length + (attempt.rejected === undefined ? 0 : 1);
      if (closings !== 1)
        problems.push(`${contactId}: attempt ${attempt.attemptId} closed ${closings} times`);
    });
    if (new Set(ids).size !== ids.length) problems.push(`${contactId}: an attempt id was dialled twice`);
    const counted = attempts.filter((a) =>
      a.terminations.some((t) => countsAsAttempt(t.outcome, t.counts)),
    ).length;
    if (counted > maxAttempts)
      problems.push(`${contactId}: ${counted} counted attempts, more than ${maxAttempts}`);
    if (counted !== state.countedAttempts)
      problems.push(
        `${contactId}: the state says ${state.countedAttempts} counted attempts, the attempts ${counted}`,
      );
  }
  return problems;
}

/** No agent still held for a call: everything is over, so nobody may be reserved or on a call. */
export function agentProblems(log: LogAudit, liveAgentNumbers: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const [agentId, state] of log.agents) {
    if ((state.status === 'reserved' || state.status === 'on-call') && !liveAgentNumbers.has(state.phone)) {
      problems.push(
        `${agentId} is ${state.status} (attempt ${state.attemptId}) with no live call at the provider`,
      );
    }
  }
  return problems;
}

/** The provider's record against the log: each attempt placed at most once, each placed call known to the log. */
export function callProblems(record: SandboxRecord, log: LogAudit): string[] {
  const problems: string[] = [];
  const byAttempt = new Map<string, CallRecord[]>();
  for (const call of record.calls) {
    if (call.attemptId === undefined) {
      problems.push(`call ${call.callSid} carried no CustomField`);
      continue;
    }
    byAttempt.set(call.attemptId, [...(byAttempt.get(call.attemptId) ?? []), call]);
  }
  for (const [attemptId, calls] of byAttempt) {
    if (calls.length > 1) problems.push(`attempt ${attemptId} was placed ${calls.length} times`);
    const attempt = log.attempts.get(attemptId);
    if (attempt === undefined) {
      problems.push(
        `attempt ${attemptId} was placed (call ${calls[0]!.callSid}) but never recorded as dialled`,
      );
      continue;
    }
    if (attempt.callSid !== calls[0]!.callSid)
      problems.push(
        `attempt ${attemptId}: call ${calls[0]!.callSid} placed, the log says ${attempt.callSid ?? 'no call'}`,
      );
    if (attempt.rejected !== undefined)
      problems.push(
        `attempt ${attemptId}: call ${calls[0]!.callSid} placed, but the log says the dial was rejected (${attempt.rejected.reason})`,
      );
  }
  for (const attempt of log.attempts.values()) {
    if (attempt.callSid !== undefined && !byAttempt.has(attempt.attemptId))
      problems.push(
        `attempt ${attempt.attemptId}: the log names call ${attempt.callSid}, which the provider never placed`,
      );
    if (attempt.callSid === undefined && attempt.terminations.length > 0)
      problems.push(`attempt ${attempt.attemptId}: terminated with no call`);
  }
  const asSandboxCalls = (calls: readonly CallRecord[], number: (call: CallRecord) => string) =>
    calls.map((call) => ({ ...call, agentNumber: number(call) }) as unknown as SandboxCall);
  for (const [a, b] of findAgentOverlaps(
    asSandboxCalls(record.calls, (c) => c.agentNumber),
    record.now,
  )) {
    problems.push(`agent ${a.agentNumber} on two calls at once: ${a.attemptId} and ${b.attemptId}`);
  }
  // the same overlap rule, keyed by the customer's number: a contact never has two calls at once
  for (const [a, b] of findAgentOverlaps(
    asSandboxCalls(record.calls, (c) => c.customerNumber),
    record.now,
  )) {
    problems.push(`customer ${a.agentNumber} on two calls at once: ${a.attemptId} and ${b.attemptId}`);
  }
  if (record.stats.agentConflicts !== 0)
    problems.push(`the provider counted ${record.stats.agentConflicts} agent conflicts`);
  return problems;
}

export interface Reconciled {
  readonly byCallback: number;
  readonly byWatchdog: number;
  readonly problems: string[];
}

/**
 * Calls that were in flight when a service died (the provider still had them going, or their end had not reached
 * the service): each must end closed in the log, with the provider's outcome or an explicit watchdog outcome.
 */
export function reconciliation(
  inFlight: ReadonlyMap<string, CallRecord>,
  record: SandboxRecord,
  log: LogAudit,
): Reconciled {
  const problems: string[] = [];
  let byCallback = 0;
  let byWatchdog = 0;
  const finalCalls = new Map(record.calls.map((call) => [call.callSid, call]));
  for (const [attemptId, seen] of inFlight) {
    const call = finalCalls.get(seen.callSid) ?? seen;
    const attempt = log.attempts.get(attemptId);
    const end = attempt?.terminations[0];
    if (attempt === undefined || end === undefined) {
      problems.push(`attempt ${attemptId} (call ${call.callSid}, in flight at a kill) was never closed`);
      continue;
    }
    if (end.closedBy === 'watchdog') byWatchdog += 1;
    else if (end.outcome === call.plannedOutcome) byCallback += 1;
    else
      problems.push(
        `attempt ${attemptId}: the provider's call ended ${call.plannedOutcome}, the log says ${end.outcome} (closed by ${end.closedBy})`,
      );
  }
  return { byCallback, byWatchdog, problems };
}

/** Calls the provider had going, or whose end the service had not heard of, at this moment. */
export function callsInFlight(record: SandboxRecord): CallRecord[] {
  return record.calls.filter(
    (call) => call.attemptId !== undefined && (call.state === 'active' || terminalUndelivered(call)),
  );
}

/** Outcomes in the log that differ from what the provider played out (callbacks decide; the watchdog may not know). */
export function outcomeProblems(record: SandboxRecord, log: LogAudit): string[] {
  const problems: string[] = [];
  for (const call of record.calls) {
    const end = call.attemptId === undefined ? undefined : log.attempts.get(call.attemptId)?.terminations[0];
    if (end !== undefined && end.closedBy !== 'watchdog' && end.outcome !== call.plannedOutcome) {
      problems.push(
        `attempt ${call.attemptId}: the provider's call ended ${call.plannedOutcome}, the log says ${end.outcome}`,
      );
    }
  }
  return problems;
}

const dump = (store: ReadModelStore) =>
  Object.fromEntries(ALL_PROJECTIONS.map((p) => [p.name, store.list(p.name)]));

export interface ReadModelComparison {
  readonly live: Record<string, unknown[]>;
  readonly rebuilt: Record<string, unknown[]>;
  readonly checkpoints: Record<string, string | undefined>;
}

/** The read models the service(s) built live, beside a rebuild from position 0 into a fresh file. */
export async function compareReadModels(file: string, lastPosition: bigint): Promise<ReadModelComparison> {
  const liveStore = new SqliteReadModelStore(file);
  const folder = mkdtempSync(join(tmpdir(), 'faults-rebuild-'));
  const fresh = new SqliteReadModelStore(join(folder, 'rebuilt.db'));
  const events = openSqliteEventStore(file);
  try {
    const checkpoints = Object.fromEntries(
      ALL_PROJECTIONS.map((p) => [p.name, liveStore.checkpoint(p.name)?.toString()]),
    );
    const rebuilt = await rebuildReadModels(events, fresh, ALL_PROJECTIONS);
    if (rebuilt.position !== lastPosition)
      throw new Error(`the rebuild stopped at ${rebuilt.position}, the log ends at ${lastPosition}`);
    return { live: dump(liveStore), rebuilt: dump(fresh), checkpoints };
  } finally {
    liveStore.close();
    fresh.close();
    await events.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
