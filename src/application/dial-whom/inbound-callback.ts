import { MAX_PRIORITY } from '../../domain/contact/contact-guards.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { Instant } from '../../domain/shared/time.js';
import type { DialerIndex } from '../dialer/dialer-index.js';
import { contactIdFor } from '../use-cases/contacts/contact-id.js';
import type { DialWhomCommands } from './dial-whom.commands.js';
import { runningCampaigns, type InboundCaller, type KnownContact } from './inbound-caller.js';

/** The disposition that asks the dialer to call a known caller back as soon as an agent is free. */
export const INBOUND_CALLBACK_CODE = 'inbound-callback';

/** An unknown caller added for a callback carries this attribute. */
export const INBOUND_SOURCE = { source: 'inbound' } as const;

export type CallbackOutcome =
  | { readonly queued: true; readonly contactId: string }
  | { readonly queued: false; readonly reason: 'withheld-number' | 'not-callable' | 'no-running-campaign' };

/**
 * Nobody was free for a caller: queue them so the dialer calls back. A known caller gets a callback due now on
 * their best contact that may still be called (never a do-not-call, invalid or removed one, nor one on a call
 * right now); an unknown caller becomes a new contact of the first running campaign, at the front of the new
 * contacts. The command id is the call's: repeating it writes nothing.
 */
export async function queueCallback(
  index: DialerIndex,
  commands: DialWhomCommands,
  caller: InboundCaller,
  commandId: string,
  at: Instant,
): Promise<CallbackOutcome> {
  if (caller.phone === undefined) return { queued: false, reason: 'withheld-number' };
  if (caller.contacts.length > 0) {
    for (const contact of caller.contacts.filter(callable)) {
      const { contactId } = contact;
      if (
        await rejected(() =>
          commands.contact(
            { type: 'RecordDisposition', contactId, code: INBOUND_CALLBACK_CODE, callbackAt: at, at },
            commandId,
          ),
        )
      )
        continue;
      return { queued: true, contactId };
    }
    return { queued: false, reason: 'not-callable' };
  }
  const campaignId = runningCampaigns(index)[0];
  if (campaignId === undefined) return { queued: false, reason: 'no-running-campaign' };
  const contactId = contactIdFor(campaignId, caller.phone);
  try {
    await commands.contact(
      {
        type: 'AddContact',
        contactId,
        campaignId,
        phone: caller.phone,
        priority: MAX_PRIORITY,
        attributes: INBOUND_SOURCE,
        at,
      },
      commandId,
    );
  } catch (error) {
    // added a moment ago by another call from the same number (not yet in the index): queued all the same
    if (!(error instanceof DomainError)) throw error;
    if (error.code !== 'contact.already-exists') return { queued: false, reason: 'not-callable' };
  }
  return { queued: true, contactId };
}

function callable(contact: KnownContact): boolean {
  if (contact.status === 'queued' || contact.status === 'terminal') return true;
  return (
    contact.status === 'done' && (contact.disposition === 'reached' || contact.disposition === 'exhausted')
  );
}

/** Runs a command; true when the domain refused it. */
async function rejected(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return false;
  } catch (error) {
    if (error instanceof DomainError) return true;
    throw error;
  }
}
