/**
 * Generated cases name things that exist in the running service (a campaign, an agent, a placed call…) by
 * reference; the reference is resolved against the service's state when the request is built, so a case reaches
 * the deep paths (a real call, a running campaign) however the state moved on since the case was generated.
 */
export type RefKind =
  'campaign' | 'agent' | 'contact' | 'attempt' | 'callSid' | 'agentPhone' | 'customerPhone';

export class Ref {
  constructor(
    readonly kind: RefKind,
    readonly n: number,
  ) {}

  toString(): string {
    return `Ref(${this.kind}#${this.n})`;
  }
}

/** What a reference can point at now. */
export interface World {
  pool(kind: RefKind): readonly string[];
}

/** The value of a reference: the n-th (modulo) of the most recent things of that kind; a made-up one when none exist. */
export function resolveRef(world: World, ref: Ref): string {
  const pool = world.pool(ref.kind);
  if (pool.length === 0) return `missing-${ref.kind}-${ref.n}`;
  // half the time one of the most recent (still in play: running campaigns, calls not yet ended), else any
  if (ref.n % 2 === 1) return pool[Math.floor(ref.n / 2) % pool.length]!;
  const recent = Math.min(pool.length, 20);
  return pool[pool.length - 1 - (Math.floor(ref.n / 2) % recent)]!;
}

/** A deep copy of a generated value with every Ref replaced by what it names now (own keys kept as they are). */
export function resolveRefs(world: World, value: unknown, depth = 0): unknown {
  if (value instanceof Ref) return resolveRef(world, value);
  // generated references sit near the top; anything deeper is junk nesting, sent as it is
  if (depth > 50) return value;
  if (Array.isArray(value)) return value.map((item) => resolveRefs(world, item, depth + 1));
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, {
        value: resolveRefs(world, (value as Record<string, unknown>)[key], depth + 1),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
    return copy;
  }
  return value;
}
