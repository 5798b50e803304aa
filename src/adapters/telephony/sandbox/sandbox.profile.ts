import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Distribution } from './distribution.js';

/** Weights (probabilities; they need not sum to 1) of how a leg ends, and how long it rings before it does. */
export interface LegBehaviour {
  readonly answer: number;
  readonly busy: number;
  readonly noAnswer: number;
  readonly failed: number;
  /** Seconds until the leg answers, is refused or fails; a draw beyond the ring timeout is a no-answer. */
  readonly ringTime: Distribution;
}

export interface CustomerBehaviour extends LegBehaviour {
  /** The agent hangs up while the customer rings. */
  readonly canceled?: number;
}

export interface CallbackFaults {
  /** Probability that a callback is posted twice. */
  readonly duplicate: number;
  /** Probability that a callback is posted late, by `lateDelay` seconds (it can overtake later ones). */
  readonly late: number;
  readonly lateDelay: Distribution;
  /** Probability that a callback is never posted (the call details still know the call). */
  readonly lost: number;
  /** Whether v1 `answered` callbacks carry CustomField (one older console sends it on terminal only). */
  readonly customFieldOnAnswered: boolean;
}

/** How the stand-in provider behaves: JSON-serialisable, so named profiles live in `profiles/*.json`. */
export interface SandboxProfile {
  readonly name: string;
  readonly agent: LegBehaviour;
  readonly customer: CustomerBehaviour;
  readonly talkTime: Distribution;
  readonly callbacks: CallbackFaults;
  /** Call initiations allowed in any 60 s of the sandbox clock (Exotel's default is 60); unlimited when absent. */
  readonly callsPerMinute?: number;
}

const seconds = z.number().min(0);
const probability = z.number().min(0).max(1);

const distributionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), seconds }),
  z
    .object({ kind: z.literal('uniform'), min: seconds, max: seconds })
    .refine((d) => d.max >= d.min, 'max must not be below min'),
  z.object({
    kind: z.literal('lognormal'),
    median: z.number().positive(),
    sigma: seconds,
    max: z.number().positive().optional(),
  }),
]);

const legFields = {
  answer: probability,
  busy: probability,
  noAnswer: probability,
  failed: probability,
  ringTime: distributionSchema,
};
const someWeight = (leg: Record<string, unknown>): boolean =>
  Object.values(leg).some((value) => typeof value === 'number' && value > 0);

const profileSchema: z.ZodType<SandboxProfile> = z.strictObject({
  name: z.string().min(1),
  agent: z.strictObject(legFields).refine(someWeight, 'at least one outcome needs a weight above 0'),
  customer: z
    .strictObject({ ...legFields, canceled: probability.optional() })
    .refine(someWeight, 'at least one outcome needs a weight above 0'),
  talkTime: distributionSchema,
  callbacks: z.strictObject({
    duplicate: probability,
    late: probability,
    lateDelay: distributionSchema,
    lost: probability,
    customFieldOnAnswered: z.boolean(),
  }),
  callsPerMinute: z.number().int().positive().optional(),
});

/** Validates a profile; the error names the offending field. */
export function parseProfile(input: unknown): SandboxProfile {
  const result = profileSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Error(`sandbox profile: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** A plausible contact-center day: agents on softphones answer fast, fewer than half the customers pick up. */
export const DEFAULT_PROFILE: SandboxProfile = {
  name: 'default',
  agent: {
    answer: 0.92,
    busy: 0.02,
    noAnswer: 0.05,
    failed: 0.01,
    ringTime: { kind: 'lognormal', median: 3, sigma: 0.4, max: 25 },
  },
  customer: {
    answer: 0.45,
    busy: 0.15,
    noAnswer: 0.3,
    failed: 0.08,
    canceled: 0.02,
    ringTime: { kind: 'lognormal', median: 12, sigma: 0.5, max: 60 },
  },
  talkTime: { kind: 'lognormal', median: 120, sigma: 0.8, max: 1800 },
  callbacks: {
    duplicate: 0.01,
    late: 0.02,
    lateDelay: { kind: 'uniform', min: 5, max: 60 },
    lost: 0.005,
    customFieldOnAnswered: true,
  },
};

const NAMED_PROFILES: Readonly<Record<string, () => Promise<{ default: unknown }>>> = {
  default: () => import('./profiles/default.json', { with: { type: 'json' } }),
  'busy-day': () => import('./profiles/busy-day.json', { with: { type: 'json' } }),
};

export const PROFILE_NAMES: readonly string[] = Object.keys(NAMED_PROFILES);

/** A named profile (`default`, `busy-day`) or a JSON file at a path, validated. */
export async function loadProfile(nameOrPath: string): Promise<SandboxProfile> {
  const named = NAMED_PROFILES[nameOrPath];
  if (named) return parseProfile((await named()).default);
  let text: string;
  try {
    text = await readFile(nameOrPath, 'utf8');
  } catch {
    throw new Error(
      `sandbox profile "${nameOrPath}" is neither one of ${PROFILE_NAMES.join(', ')} nor a readable file`,
    );
  }
  return parseProfile(JSON.parse(text));
}
