import type { Clock } from '../../../application/ports/clock.port.js';
import type { SandboxProfile } from './sandbox.profile.js';
import type { Switchboard } from './switchboard.js';
import type { V1CallbackFormat } from './v1-callback.payload.js';

/** What the API routes share. */
export interface SandboxContext {
  readonly accountSid: string;
  readonly clock: Clock;
  readonly profile: SandboxProfile;
  readonly switchboard: Switchboard;
  /** `as-requested` follows StatusCallbackContentType (multipart when absent, as Exotel does). */
  readonly v1CallbackFormat: V1CallbackFormat | 'as-requested';
  /** When set, CallerId / virtual_number must be one of these (E.164). */
  readonly exoPhones: readonly string[] | undefined;
  /** CCM users that `from.user_id` can name: user id → device number (E.164). */
  readonly ccmUsers: Readonly<Record<string, string>>;
  /** Request ids and multipart boundaries: unique, and independent of the seeded draws. */
  nextSerial(): number;
}
