import type { DialerTiming } from '../../../../src/application/dialer/dialer.js';

/** The reservation with no dial behind it (a process died between the two writes) is released after this. */
export const ORPHAN_RESERVATION_MS = 15_000;

/** The dialer's timing in these runs (its defaults, spelled out because the checks depend on them). */
export const TIMING: DialerTiming = {
  orphanReservationMs: ORPHAN_RESERVATION_MS,
  unknownOutcomeLookupMs: 10_000,
  watchdogGraceMs: 60_000,
  connectedLookupMs: 600_000,
  lookupRetryMs: 30_000,
};
