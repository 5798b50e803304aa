import type { SandboxStats } from '../../../src/adapters/telephony/sandbox/sandbox.js';
import type { CallbackRecord, SandboxCall } from '../../../src/adapters/telephony/sandbox/sandbox-call.js';

/** What the sandbox child reports about one call: the request's essentials and how it played out. */
export interface CallRecord {
  readonly callSid: string;
  /** CustomField: the dialer's attempt id. */
  readonly attemptId: string | undefined;
  readonly agentNumber: string;
  readonly customerNumber: string;
  /** Where the call's status callbacks go (tells which service instance placed it). */
  readonly statusCallback: string | undefined;
  readonly createdAt: number;
  readonly endedAt: number | undefined;
  readonly state: 'active' | 'terminal';
  readonly plannedOutcome: SandboxCall['plannedOutcome'];
  readonly callbacks: readonly Pick<CallbackRecord, 'event' | 'firedAt' | 'lost' | 'duplicate' | 'lateByMs' | 'delivered' | 'attempts'>[];
}

export interface SandboxRecord {
  /** Sandbox clock (wall clock), epoch ms, when the record was taken. */
  readonly now: number;
  readonly stats: SandboxStats;
  readonly calls: readonly CallRecord[];
}

export function callRecord(call: SandboxCall): CallRecord {
  const body = call.request.body as Record<string, unknown> | undefined;
  const statusCallback = typeof body?.['StatusCallback'] === 'string' ? body['StatusCallback'] : undefined;
  return {
    callSid: call.callSid,
    attemptId: call.attemptId,
    agentNumber: call.agentNumber,
    customerNumber: call.customerNumber,
    statusCallback,
    createdAt: call.createdAt,
    endedAt: call.endedAt,
    state: call.state,
    plannedOutcome: call.plannedOutcome,
    callbacks: call.callbacks.map(({ event, firedAt, lost, duplicate, lateByMs, delivered, attempts }) => ({
      event,
      firedAt,
      lost,
      duplicate,
      lateByMs,
      delivered,
      attempts,
    })),
  };
}

/** A terminal call whose terminal callback never reached the service (yet): the service cannot know it ended. */
export function terminalUndelivered(call: CallRecord): boolean {
  const terminal = call.callbacks.filter((callback) => callback.event === 'terminal');
  return terminal.length === 0 || terminal.every((callback) => callback.delivered === 0);
}
