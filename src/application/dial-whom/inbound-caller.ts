import type { CampaignSettings } from '../../domain/campaign/campaign-settings.js';
import type { ContactState } from '../../domain/contact/contact.state.js';
import { tryParsePhone, type E164 } from '../../domain/shared/phone.js';
import type { DialerIndex } from '../dialer/dialer-index.js';
import { contactIdFor } from '../use-cases/contacts/contact-id.js';

export type KnownContact = Exclude<ContactState, { status: 'none' }>;

/** Who is calling: their number in E.164 (when readable) and the contacts that carry it, best match first. */
export interface InboundCaller {
  readonly phone?: E164;
  readonly contacts: readonly KnownContact[];
  /** What an unknown caller's contact id is derived from: the number, or the call for a withheld one. */
  readonly key: string;
}

/**
 * Finds the caller among the dialer's contacts (national or E.164 form). Several campaigns may hold the number:
 * contacts of running campaigns first, then contacts still open, then the most recently added.
 */
export function identifyCaller(
  index: DialerIndex,
  callerNumber: string | undefined,
  callSid: string,
): InboundCaller {
  const phone = callerNumber === undefined ? undefined : tryParsePhone(callerNumber);
  if (phone === undefined) return { contacts: [], key: `withheld:${callSid}` };
  const ranked = (index.contactsByPhone.get(phone) ?? [])
    .flatMap((contactId) => {
      const entry = index.contacts.get(contactId);
      const state = entry?.state;
      return entry === undefined || state === undefined || state.status === 'none'
        ? []
        : [{ state, seq: entry.seq }];
    })
    .sort((a, b) => rank(index, a.state) - rank(index, b.state) || b.seq - a.seq);
  return { phone, contacts: ranked.map((entry) => entry.state), key: phone };
}

function rank(index: DialerIndex, contact: KnownContact): number {
  const running = index.campaigns.get(contact.campaignId)?.state.status === 'running';
  return (running ? 0 : 2) + (contact.status === 'done' ? 1 : 0);
}

/** Running campaigns in the order the dialer first saw them. */
export function runningCampaigns(index: DialerIndex): string[] {
  return [...index.campaigns]
    .filter(([, entry]) => entry.state.status === 'running')
    .map(([campaignId]) => campaignId);
}

export function settingsOf(index: DialerIndex, campaignId: string): CampaignSettings | undefined {
  const state = index.campaigns.get(campaignId)?.state;
  return state === undefined || state.status === 'none' ? undefined : state.settings;
}

/** Where the caller belongs: each of their contacts' campaigns, or (unknown caller) every running campaign. */
export interface CallerRoute {
  readonly campaignId: string;
  readonly contactId: string;
}

export function routesOf(index: DialerIndex, caller: InboundCaller): CallerRoute[] {
  if (caller.contacts.length > 0)
    return caller.contacts.map(({ campaignId, contactId }) => ({ campaignId, contactId }));
  return runningCampaigns(index).map((campaignId) => ({
    campaignId,
    contactId: contactIdFor(campaignId, caller.key),
  }));
}
