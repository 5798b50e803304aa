import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/time.js';

/** `phone` is E.164: it is the number's identity and routes the event to its stream. */
export type PhoneAddedToDoNotCall = DomainEvent<
  'PhoneAddedToDoNotCall',
  { readonly phone: string; readonly reason?: string; readonly at: Instant }
>;
export type PhoneRemovedFromDoNotCall = DomainEvent<
  'PhoneRemovedFromDoNotCall',
  { readonly phone: string; readonly at: Instant }
>;

export type DoNotCallEvent = PhoneAddedToDoNotCall | PhoneRemovedFromDoNotCall;

export const DO_NOT_CALL_EVENT_TYPES = [
  'PhoneAddedToDoNotCall',
  'PhoneRemovedFromDoNotCall',
] as const satisfies readonly DoNotCallEvent['type'][];
