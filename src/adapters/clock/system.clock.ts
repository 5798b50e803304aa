import type { CancelTimer, Clock } from '../../application/ports/clock.port.js';

/** Longest delay setTimeout accepts; longer timers are chained. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(at: number, fn: () => void): CancelTimer {
    let handle: NodeJS.Timeout;
    const arm = () => {
      const delay = Math.max(0, at - Date.now());
      handle = setTimeout(delay > MAX_TIMEOUT_MS ? arm : fn, Math.min(delay, MAX_TIMEOUT_MS));
      handle.unref?.();
    };
    arm();
    return () => clearTimeout(handle);
  }
}
