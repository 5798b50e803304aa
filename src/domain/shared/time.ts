/** Business time travels as ISO-8601 UTC strings; policies compute in epoch milliseconds. */
export type Instant = string;

export function toMs(instant: Instant): number {
  return Date.parse(instant);
}

export function toInstant(ms: number): Instant {
  return new Date(ms).toISOString();
}

export function isInstant(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(Date.parse(value));
}

export function addSeconds(instant: Instant, seconds: number): Instant {
  return toInstant(toMs(instant) + seconds * 1000);
}
