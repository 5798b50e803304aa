export const CLOCK = Symbol('CLOCK');

export type CancelTimer = () => void;

/** Time for the application layer: the real clock in the service, a virtual one in tests and simulations. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `fn` once at (or as soon as possible after) epoch ms `at`. */
  setTimer(at: number, fn: () => void): CancelTimer;
}
