import type { CallClosedBy, CallOutcome } from '../../domain/dialing/outcome.mapping.js';

export const DIALER_METRICS = Symbol('DIALER_METRICS');

/**
 * What the dialer and the telephony edges report for operations (Prometheus `/metrics` in the service).
 * Every method is cheap and synchronous, and never throws: recording a measurement must not fail a call.
 */
export interface DialerMetrics {
  /** An attempt ended (CallTerminated) with this outcome; `closedBy: 'watchdog'` when its final callback never came. */
  callEnded(campaignId: string, outcome: CallOutcome, closedBy?: CallClosedBy): void;
  /** A request to the provider took `seconds`; `errorKind` (a `TelephonyErrorKind`) when it failed. */
  providerRequest(provider: string, operation: string, seconds: number, errorKind?: string): void;
  /** A provider callback was handled (parsed, recorded, answered) in `seconds`. */
  webhookHandled(provider: string, seconds: number): void;
  /** A provider callback matched no attempt we know of. */
  orphanCallback(provider: string): void;
  /** One append to the event store took `seconds`. */
  appendObserved(seconds: number): void;
}

/** For code run outside the service (CLI, simulation, unit tests) where nothing scrapes metrics. */
export const noDialerMetrics: DialerMetrics = {
  callEnded: () => undefined,
  providerRequest: () => undefined,
  webhookHandled: () => undefined,
  orphanCallback: () => undefined,
  appendObserved: () => undefined,
};
