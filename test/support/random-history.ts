import fc from 'fast-check';
import { agentDecider } from '../../src/domain/agent/agent.decider.js';
import { campaignDecider } from '../../src/domain/campaign/campaign.decider.js';
import { contactDecider } from '../../src/domain/contact/contact.decider.js';
import { DEFAULT_RETRY_RULES } from '../../src/domain/dialing/retry.policy.js';
import type { CallOutcome } from '../../src/domain/dialing/outcome.mapping.js';
import { DomainError } from '../../src/domain/shared/domain-error.js';
import type { Decider } from '../../src/domain/shared/decider.js';
import { handleCommand } from '../../src/application/commands/handle-command.js';
import { streamOf } from '../../src/application/events/streams.js';
import type { EventStore } from '../../src/application/ports/event-store.port.js';

/** One step of a day in a contact center, in terms of ids picked from small pools. */
export type HistoryOp =
  | { op: 'campaign'; k: number; action: 'create' | 'start' | 'pause' | 'resume' | 'stop' }
  | { op: 'contact'; k: number; c: number }
  | { op: 'agent'; a: number; action: 'register' | 'ready' | 'pause' | 'logout' | 'assign'; k: number }
  | { op: 'dial'; a: number; c: number }
  | { op: 'progress'; n: number; step: 'placed' | 'agent-answered' | 'customer-answered' | 'reject' }
  | { op: 'end'; n: number; outcome: CallOutcome; talkSec: number }
  | { op: 'wrap-up-over'; a: number }
  | { op: 'disposition'; c: number; code: 'sale' | 'do-not-call' | 'callback' }
  | { op: 'repeat'; n: number };

const outcomes: CallOutcome[] = ['connected', 'busy', 'no-answer', 'failed', 'canceled', 'agent-missed'];

export const historyOp: fc.Arbitrary<HistoryOp> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('campaign' as const), k: fc.nat(1), action: fc.constantFrom('create' as const, 'start' as const, 'pause' as const, 'resume' as const, 'stop' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('contact' as const), k: fc.nat(1), c: fc.nat(7) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('agent' as const), a: fc.nat(2), action: fc.constantFrom('register' as const, 'ready' as const, 'pause' as const, 'logout' as const, 'assign' as const), k: fc.nat(1) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('dial' as const), a: fc.nat(2), c: fc.nat(7) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('progress' as const), n: fc.nat(20), step: fc.constantFrom('placed' as const, 'agent-answered' as const, 'customer-answered' as const, 'reject' as const) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('end' as const), n: fc.nat(20), outcome: fc.constantFrom(...outcomes), talkSec: fc.integer({ min: 0, max: 600 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('wrap-up-over' as const), a: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('disposition' as const), c: fc.nat(7), code: fc.constantFrom('sale' as const, 'do-not-call' as const, 'callback' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('repeat' as const), n: fc.nat(50) }) },
);

interface Attempt {
  readonly attemptId: string;
  readonly agentId: string;
  readonly contactId: string;
  readonly campaignId: string;
}

/** Plays ops against an event store through handleCommand; rejected commands are simply skipped, as a UI would. */
export class HistoryPlayer {
  private clockMs = Date.parse('2026-03-02T04:30:00.000Z');
  private commandNo = 0;
  private readonly attempts: Attempt[] = [];
  private readonly issued: { streamId: string; decider: Decider<unknown, never, unknown>; command: unknown; commandId: string }[] = [];
  written = 0;

  constructor(
    private readonly store: EventStore,
    private readonly prefix = 'h',
  ) {}

  private at(): string {
    this.clockMs += 7_000;
    return new Date(this.clockMs).toISOString();
  }

  private async run<C>(decider: Decider<C, never, unknown>, streamId: string, command: C, commandId = `${this.prefix}-cmd-${(this.commandNo += 1)}`): Promise<boolean> {
    try {
      const result = await handleCommand(this.store, decider as Decider<C, never, unknown>, streamId, command, { commandId, actor: 'test' });
      this.issued.push({ streamId, decider: decider as Decider<unknown, never, unknown>, command, commandId });
      if (!result.replayed) this.written += result.events.length;
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }

  async play(op: HistoryOp): Promise<void> {
    const at = this.at();
    const k = (n: number) => `${this.prefix}k${n}`;
    const c = (n: number) => `${this.prefix}c${n}`;
    const a = (n: number) => `${this.prefix}a${n}`;
    const campaign = campaignDecider as Decider<unknown, never, unknown>;
    const contact = contactDecider as Decider<unknown, never, unknown>;
    const agent = agentDecider as Decider<unknown, never, unknown>;
    switch (op.op) {
      case 'campaign': {
        const type = { create: 'CreateCampaign', start: 'StartCampaign', pause: 'PauseCampaign', resume: 'ResumeCampaign', stop: 'StopCampaign' }[op.action];
        await this.run(campaign, streamOf.campaign(k(op.k)), { type, campaignId: k(op.k), at, settings: { name: `Campaign ${op.k}`, callerId: '08047112233' }, reason: 'operator' });
        return;
      }
      case 'contact':
        await this.run(contact, streamOf.contact(c(op.c)), { type: 'AddContact', contactId: c(op.c), campaignId: k(op.k), phone: `98765432${10 + op.c}`, at });
        return;
      case 'agent': {
        if (op.action === 'assign') {
          await this.run(campaign, streamOf.campaign(k(op.k)), { type: 'AssignAgent', campaignId: k(op.k), agentId: a(op.a), at });
          return;
        }
        const type = { register: 'RegisterAgent', ready: 'MakeAgentAvailable', pause: 'PauseAgent', logout: 'LogoutAgent' }[op.action];
        await this.run(agent, streamOf.agent(a(op.a)), { type, agentId: a(op.a), name: `Agent ${op.a}`, phone: `99000000${10 + op.a}`, reason: 'break', at });
        return;
      }
      case 'dial': {
        const attemptId = `${this.prefix}att-${this.attempts.length + 1}`;
        const campaignId = k(op.c % 2);
        const reserved = await this.run(agent, streamOf.agent(a(op.a)), { type: 'ReserveAgent', agentId: a(op.a), attemptId, contactId: c(op.c), campaignId, at });
        if (!reserved) return;
        const dialed = await this.run(contact, streamOf.contact(c(op.c)), { type: 'DialContact', contactId: c(op.c), attemptId, agentId: a(op.a), at });
        if (!dialed) {
          await this.run(agent, streamOf.agent(a(op.a)), { type: 'ReleaseReservation', agentId: a(op.a), attemptId, reason: 'contact-taken', at });
          return;
        }
        this.attempts.push({ attemptId, agentId: a(op.a), contactId: c(op.c), campaignId });
        return;
      }
      case 'progress': {
        const attempt = this.attempts[op.n % Math.max(1, this.attempts.length)];
        if (attempt === undefined) return;
        const { attemptId, agentId, contactId } = attempt;
        if (op.step === 'placed') await this.run(contact, streamOf.contact(contactId), { type: 'RecordCallPlaced', contactId, attemptId, callSid: `sid-${attemptId}`, at });
        if (op.step === 'agent-answered') {
          await this.run(contact, streamOf.contact(contactId), { type: 'RecordLegAnswered', contactId, attemptId, leg: 'agent', at });
          await this.run(agent, streamOf.agent(agentId), { type: 'ConnectAgent', agentId, attemptId, at });
        }
        if (op.step === 'customer-answered') await this.run(contact, streamOf.contact(contactId), { type: 'RecordLegAnswered', contactId, attemptId, leg: 'customer', at });
        if (op.step === 'reject') {
          await this.run(contact, streamOf.contact(contactId), { type: 'RejectDial', contactId, attemptId, reason: 'rate-limited', at });
          await this.run(agent, streamOf.agent(agentId), { type: 'ReleaseReservation', agentId, attemptId, reason: 'dial-rejected', at });
        }
        return;
      }
      case 'end': {
        const attempt = this.attempts[op.n % Math.max(1, this.attempts.length)];
        if (attempt === undefined) return;
        const { attemptId, agentId, contactId } = attempt;
        const counts = !['agent-missed', 'canceled'].includes(op.outcome);
        await this.run(contact, streamOf.contact(contactId), { type: 'TerminateCall', contactId, attemptId, outcome: op.outcome, counts, talkSec: op.talkSec, retryRules: DEFAULT_RETRY_RULES, at });
        if (op.outcome === 'agent-missed') await this.run(agent, streamOf.agent(agentId), { type: 'RecordMissedCall', agentId, attemptId, at });
        else await this.run(agent, streamOf.agent(agentId), { type: 'StartWrapUp', agentId, attemptId, wrapUpSec: 10, at });
        return;
      }
      case 'wrap-up-over':
        for (const attempt of this.attempts.filter((x) => x.agentId === a(op.a))) {
          await this.run(agent, streamOf.agent(attempt.agentId), { type: 'EndWrapUp', agentId: attempt.agentId, attemptId: attempt.attemptId, at });
          await this.run(contact, streamOf.contact(attempt.contactId), { type: 'CloseWrapUp', contactId: attempt.contactId, attemptId: attempt.attemptId, at });
        }
        return;
      case 'disposition': {
        const callbackAt = op.code === 'callback' ? new Date(this.clockMs + 3_600_000).toISOString() : undefined;
        await this.run(contact, streamOf.contact(c(op.c)), { type: 'RecordDisposition', contactId: c(op.c), code: op.code === 'callback' ? 'call-later' : op.code, ...(callbackAt ? { callbackAt } : {}), at });
        return;
      }
      case 'repeat': {
        // a client retrying an earlier request with the same command id: must write nothing new
        const earlier = this.issued[op.n % Math.max(1, this.issued.length)];
        if (earlier !== undefined) await this.run(earlier.decider, earlier.streamId, earlier.command, earlier.commandId);
        return;
      }
    }
  }

  async playAll(ops: readonly HistoryOp[]): Promise<void> {
    for (const op of ops) await this.play(op);
  }
}

/** A history that gets somewhere: campaigns exist and run, agents are ready, contacts are queued. */
export const warmUp: HistoryOp[] = [
  { op: 'campaign', k: 0, action: 'create' },
  { op: 'campaign', k: 1, action: 'create' },
  { op: 'campaign', k: 0, action: 'start' },
  { op: 'campaign', k: 1, action: 'start' },
  ...[0, 1, 2].flatMap((a): HistoryOp[] => [
    { op: 'agent', a, action: 'register', k: 0 },
    { op: 'agent', a, action: 'assign', k: a % 2 },
    { op: 'agent', a, action: 'ready', k: 0 },
  ]),
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((c): HistoryOp => ({ op: 'contact', k: c % 2, c })),
];
