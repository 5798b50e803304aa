import type { DialerIndex } from '../dialer/dialer-index.js';
import type { DialerCounters } from '../dialer/dialer.js';
import { WORK_CAUSES, type CauseTotals, type IntervalRecord } from './agent-time.js';
import type { OutcomeCounts } from './call-tally.js';

export interface ContactTotals {
  readonly total: number;
  readonly reached: number;
  readonly exhausted: number;
  /** Done another way (invalid number, do-not-call, removed). */
  readonly otherDone: number;
  /** Not done at the end of the day: queued, waiting for a retry, or on a call. */
  readonly pending: number;
}

export interface SimulationResult {
  readonly startMs: number;
  readonly endMs: number;
  readonly agents: number;
  readonly callsPerMinute: number;
  readonly contacts: ContactTotals;
  /** Contacts dialled (ContactDialed), retries included. */
  readonly dials: number;
  readonly outcomes: OutcomeCounts;
  /** Dial requests the provider refused before any call existed. */
  readonly rejected: number;
  /** Calls still going on when the day ended. */
  readonly inProgressAtEnd: number;
  readonly dialsPerAgentHour: number;
  /** Connected calls over calls that ended. */
  readonly connectRate: number;
  /** Agent-milliseconds by cause. */
  readonly agentTime: CauseTotals;
  readonly staffedMs: number;
  /** Share of staffed time at work (customer ring, talk, wrap-up). */
  readonly occupancy: number;
  /** The occupancy the calls played today allow when no agent ever waits for work (see occupancyBound). */
  readonly occupancyBound: number;
  /** When the last contact was done (CampaignCompleted), if it happened within the day. */
  readonly finishedAtMs?: number;
  /** Otherwise: when the list would be done at the day's pace of finished contacts. */
  readonly projectedFinishMs?: number;
  readonly intervals: readonly IntervalRecord[];
  readonly supervisorReadied: number;
  readonly dialer: DialerCounters;
  /** Errors the dialer logged (expected: none). */
  readonly dialerErrors: readonly string[];
  /** Instants the clock stopped at. */
  readonly steps: number;
}

export function contactTotals(index: DialerIndex, campaignId: string): ContactTotals {
  let total = 0;
  let reached = 0;
  let exhausted = 0;
  let otherDone = 0;
  for (const { state } of index.contacts.values()) {
    if (state.status === 'none' || state.campaignId !== campaignId) continue;
    total += 1;
    if (state.status !== 'done') continue;
    if (state.disposition === 'reached') reached += 1;
    else if (state.disposition === 'exhausted') exhausted += 1;
    else otherDone += 1;
  }
  return { total, reached, exhausted, otherDone, pending: total - reached - exhausted - otherDone };
}

export function workShare(totals: CauseTotals): { work: number; staffed: number } {
  let work = 0;
  let staffed = 0;
  for (const [cause, ms] of Object.entries(totals) as Array<[keyof CauseTotals, number]>) {
    staffed += ms;
    if (WORK_CAUSES.has(cause)) work += ms;
  }
  return { work, staffed };
}

/** Linear projection: the contacts still open, at the pace contacts were finished today. */
export function projectFinish(contacts: ContactTotals, startMs: number, endMs: number): number | undefined {
  const done = contacts.total - contacts.pending;
  if (contacts.pending === 0 || done === 0) return undefined;
  const perMs = done / (endMs - startMs);
  return endMs + Math.round(contacts.pending / perMs);
}
