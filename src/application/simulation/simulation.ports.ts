import type { CallOutcome } from '../../domain/dialing/outcome.mapping.js';
import type { Clock } from '../ports/clock.port.js';
import type { CallProgress, Telephony } from '../ports/telephony.port.js';

/** A clock the simulation moves itself: the virtual clock. */
export interface SteppingClock extends Clock {
  /** When the next timer fires, if any is set. */
  nextTimerAt(): number | undefined;
  /** Moves time to `to`, firing every timer due by then, in order. */
  advanceTo(to: number): number;
}

/** Where a simulated call stands for the agent on it. */
export type CallPhase = 'agent-ringing' | 'customer-ringing' | 'talking';

/** One call as the simulated provider played it (durations in seconds). */
export interface PlayedCall {
  readonly agentPhone: string;
  readonly placedAtMs: number;
  readonly outcome: CallOutcome;
  /** Ringing on the agent's phone until it answered or the leg ended. */
  readonly agentRingSec: number;
  /** Ringing on the customer's phone after the agent answered (0 when the agent missed). */
  readonly customerRingSec: number;
  readonly talkSec: number;
}

/** Hands call progress to whoever listens (the dialer's `ingest`); resolves once it was recorded. */
export type ProgressListener = (progress: CallProgress) => Promise<unknown>;

/** A provider played out in this process on the simulation's clock, reporting progress by calling a listener. */
export interface SimulatedTelephony extends Telephony {
  /** Where call progress goes from now on. */
  connect(listener: ProgressListener): void;
  /** The phase of the call the agent's phone is on right now, if any. */
  phaseOf(agentPhone: string): CallPhase | undefined;
  /** Every call placed so far, in placement order. */
  readonly played: readonly PlayedCall[];
}
