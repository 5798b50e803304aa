/**
 * Provider-neutral outcome mapping (PROVIDERS.md section 7): decide from the legs, not from the overall status.
 * Leg 0 is the agent (rung first), leg 1 the customer (rung only after the agent answered).
 */
export type LegStatus = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled' | 'in-progress' | 'ringing' | 'none';

/** Overall call status; `no-dial` is the provider failing to dial a leg at all (CCM `*_no_dial`). */
export type OverallStatus =
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'failed'
  | 'canceled'
  | 'no-dial'
  | 'in-progress'
  | 'ringing'
  | 'queued'
  | 'unknown';

export type CallOutcome = 'connected' | 'busy' | 'no-answer' | 'failed' | 'canceled' | 'agent-missed';

/** Who closed a call: its provider's final callback, or the watchdog from call details when that never came. */
export type CallClosedBy = 'provider' | 'watchdog';

export const CALL_OUTCOMES: readonly CallOutcome[] = ['connected', 'busy', 'no-answer', 'failed', 'canceled', 'agent-missed'];

export interface LegReport {
  readonly overallStatus?: OverallStatus;
  readonly agentLeg?: LegStatus;
  readonly customerLeg?: LegStatus;
}

export type OutcomeDecision =
  | { readonly kind: 'outcome'; readonly outcome: CallOutcome; readonly counts: boolean }
  /** Not enough to decide (legs missing and the overall status is ambiguous): ask the provider's call details. */
  | { readonly kind: 'ask-details' }
  /** The call is still going on. */
  | { readonly kind: 'in-progress' };

const LIVE: ReadonlySet<LegStatus> = new Set(['in-progress', 'ringing']);
const CUSTOMER_RESULTS: ReadonlySet<LegStatus> = new Set(['busy', 'no-answer', 'failed']);

const outcome = (o: CallOutcome, counts: boolean): OutcomeDecision => ({ kind: 'outcome', outcome: o, counts });

export function mapOutcome(report: LegReport): OutcomeDecision {
  const { overallStatus, agentLeg = 'none', customerLeg = 'none' } = report;
  if (overallStatus === 'no-dial') return outcome('failed', false);
  if (LIVE.has(agentLeg) || LIVE.has(customerLeg)) return { kind: 'in-progress' };

  if (agentLeg === 'completed') {
    if (customerLeg === 'completed') return outcome('connected', true);
    if (CUSTOMER_RESULTS.has(customerLeg)) return outcome(customerLeg as CallOutcome, true);
    // the agent hung up while the customer rang, or before the customer leg was dialled
    return outcome('canceled', false);
  }
  if (agentLeg !== 'none') return outcome('agent-missed', false);
  if (customerLeg !== 'none') return fromCustomerLegOnly(customerLeg);
  return fromOverallStatus(overallStatus);
}

function fromCustomerLegOnly(customerLeg: LegStatus): OutcomeDecision {
  if (customerLeg === 'completed') return outcome('connected', true);
  if (CUSTOMER_RESULTS.has(customerLeg)) return outcome(customerLeg as CallOutcome, true);
  return outcome('canceled', false);
}

function fromOverallStatus(status: OverallStatus | undefined): OutcomeDecision {
  switch (status) {
    case 'completed':
      return outcome('connected', true);
    case 'busy':
      return outcome('busy', true);
    case 'failed':
      return outcome('failed', true);
    case 'canceled':
      return outcome('canceled', false);
    case 'in-progress':
    case 'ringing':
    case 'queued':
      return { kind: 'in-progress' };
    case 'no-answer': // which leg did not answer? only call details can tell
    case 'unknown':
    case undefined:
      return { kind: 'ask-details' };
    case 'no-dial':
      return outcome('failed', false);
  }
}
