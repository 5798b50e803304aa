import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = z.string().url().transform((u) => u.replace(/\/+$/, ''));

/** Every environment variable the service reads; a bad value stops the start with a message naming it. */
export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    EVENT_STORE: z.enum(['sqlite', 'eventstoredb']).default('sqlite'),
    EVENTSTORE_CONNECTION_STRING: z.string().regex(/^(esdb|esdb\+discover|kurrentdb|kurrent):\/\//, 'must be an esdb:// connection string').optional(),
    TELEPHONY: z.enum(['sandbox', 'exotel-v1', 'ccm-v2']).optional(),
    EXOTEL_API_KEY: z.string().min(1).optional(),
    EXOTEL_API_TOKEN: z.string().min(1).optional(),
    EXOTEL_ACCOUNT_SID: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be an Exotel account SID').optional(),
    EXOTEL_SUBDOMAIN: z.string().regex(/^[a-z0-9.-]+$/, 'must be a host such as api.exotel.com or api.in.exotel.com').default('api.exotel.com'),
    EXOTEL_CALLER_ID: z.string().min(5).optional(),
    EXOTEL_CALLS_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(60),
    EXOTEL_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(140),
    /** Seconds after 2 × ring timeout (a call nobody answered) or 2 × ring timeout + max call duration (any call, at the latest) before the watchdog asks call details about a silent call (negative: sooner). */
    WATCHDOG_GRACE_SEC: z.coerce.number().int().min(-3600).max(3600).default(60),
    /** How often the watchdog asks call details about an answered call that has not ended for us. */
    CONNECTED_CALL_LOOKUP_SEC: z.coerce.number().int().min(10).max(14400).default(600),
    EXOTEL_BASE_URL: url.optional(),
    CCM_BASE_URL: url.default('https://ccm-api.exotel.com'),
    PUBLIC_BASE_URL: url.optional(),
    API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    WEBHOOK_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    DEMO: bool.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Seed for the sandbox provider's random profile (reproducible demo and tests). */
    SANDBOX_SEED: z.coerce.number().int().default(42),
    SANDBOX_PROFILE: z.string().min(1).default('default'),
  })
  .superRefine((env, ctx) => {
    if (env.EVENT_STORE === 'eventstoredb' && env.EVENTSTORE_CONNECTION_STRING === undefined) {
      ctx.addIssue({ code: 'custom', path: ['EVENTSTORE_CONNECTION_STRING'], message: 'is required when EVENT_STORE=eventstoredb' });
    }
    const real = env.TELEPHONY === 'exotel-v1' || env.TELEPHONY === 'ccm-v2';
    if (real) {
      for (const name of ['EXOTEL_API_KEY', 'EXOTEL_API_TOKEN', 'EXOTEL_ACCOUNT_SID', 'EXOTEL_CALLER_ID', 'PUBLIC_BASE_URL'] as const) {
        if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: `is required when TELEPHONY=${env.TELEPHONY}` });
      }
    }
  });

export type Env = z.infer<typeof ConfigSchema>;
