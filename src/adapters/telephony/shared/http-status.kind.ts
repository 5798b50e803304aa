import type { TelephonyErrorKind } from '../../../application/ports/telephony.port.js';

export interface ErrorClass {
  readonly kind: TelephonyErrorKind;
  readonly retryable: boolean;
}

/** HTTP statuses both Exotel APIs use the same way (PROVIDERS.md sections 1 and 7). */
export function errorClassOfHttpStatus(status: number): ErrorClass | undefined {
  if (status >= 500) return { kind: 'provider-fault', retryable: true };
  switch (status) {
    case 401:
      return { kind: 'unauthorized', retryable: false };
    case 402:
      return { kind: 'payment-required', retryable: false };
    case 403:
      return { kind: 'forbidden', retryable: false };
    case 404:
      return { kind: 'not-found', retryable: false };
    case 429:
      return { kind: 'rate-limited', retryable: true };
    default:
      return undefined;
  }
}

// A refusal about our own numbers or settings (CallerId, agent, account, limits…) must not end the contact.
const BLAMES_OUR_SIDE =
  /caller\s*id|exophone|virtual|user|agent|account|record|channel|time_?limit|time_?out|callback|custom|url/i;
const NAMES_FROM = /\bFrom\b|\bfrom\./;
// `To` only capitalised: "unable to …" must not count.
const NAMES_CUSTOMER = /\bTo\b|\bto\.|[Cc]ustomer/;
const MENTIONS_NUMBER = /number|phone|digits|e\.?164/i;
const MENTIONS_DND = /\bdnd\b|do not disturb|\bndnc\b/i;

/** Whether a 400 message blames the number we were asked to call, rather than a number or setting of our own. */
export function blamesCustomerNumber(message: string): boolean {
  if (NAMES_CUSTOMER.test(message)) return true;
  if (NAMES_FROM.test(message) || BLAMES_OUR_SIDE.test(message)) return false;
  return MENTIONS_NUMBER.test(message);
}

/** A refusal to call one number because it is on the do-not-disturb register (PROVIDERS.md: a possible 403). */
export function isDndRefusal(message: string): boolean {
  return MENTIONS_DND.test(message);
}
