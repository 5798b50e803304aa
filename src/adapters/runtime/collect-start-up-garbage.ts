import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full garbage collection once the service has started and before traffic builds up. Start-up (the dialer's index
 * over every open contact, the warmed stream cache, the projections catching up) leaves a heap of garbage that V8
 * collects in a major GC within the first seconds of load otherwise: in the webhook bench, one that put a second of
 * callbacks 100–250 ms behind. `gc` is exposed to a throwaway context only, for this one call.
 */
export function collectStartUpGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed();
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  gc();
}
