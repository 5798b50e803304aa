/**
 * The server's "now" as seen from this browser: event times come from the server's clock, so time-in-state is
 * measured against it. The offset is the smallest (receive time − recorded time) seen recently: delivery only
 * ever adds delay, so the minimum is the closest estimate of the clock difference.
 */
const SAMPLES = 50;
const samples = [];
let offsetMs = 0;

export function observeServerTime(recordedAtIso) {
  const recorded = Date.parse(recordedAtIso);
  if (!Number.isFinite(recorded)) return;
  samples.push(Date.now() - recorded);
  if (samples.length > SAMPLES) samples.shift();
  offsetMs = Math.min(...samples);
}

export const serverNow = () => Date.now() - offsetMs;
