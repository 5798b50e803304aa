import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A log this long leaves enough start-up garbage to be worth a full collection (a small one: not worth the pause). */
const WORTH_IT_FROM_POSITION = 50_000n;

/**
 * One full garbage collection once the service has started over a long log, before traffic builds up. Start-up (the
 * dialer's index built from every event, the warmed stream cache, the projections catching up) leaves a heap of
 * garbage that V8 collects in a major GC within the first seconds of load otherwise: in the webhook bench, one that
 * put a second of callbacks 100–250 ms behind. `gc` is exposed to a throwaway context only, for this one call.
 */
export function collectStartUpGarbage(logPosition: bigint): void {
  if (logPosition < WORTH_IT_FROM_POSITION) return;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed();
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  gc();
}
