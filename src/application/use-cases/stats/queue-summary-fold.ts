import type { ContactDisposition } from '../../../domain/contact/contact.events.js';
import type { QueueSummaryRow } from '../../projections/queue.projection.js';

type Bucket = 'queued' | 'retryPending' | 'dialing' | 'completed';

const BUCKETS: readonly Bucket[] = ['queued', 'retryPending', 'dialing', 'completed'];
const DISPOSITIONS: readonly ContactDisposition[] = [
  'reached',
  'exhausted',
  'do-not-call',
  'invalid-number',
  'removed',
];

/** One small integer per contact: bucket index × 8 + disposition index + 1 (0 = none). */
const encode = (bucket: Bucket, disposition?: ContactDisposition) =>
  BUCKETS.indexOf(bucket) * 8 + (disposition === undefined ? 0 : DISPOSITIONS.indexOf(disposition) + 1);
const bucketOf = (code: number): Bucket => BUCKETS[Math.floor(code / 8)]!;
const dispositionOf = (code: number): ContactDisposition | undefined =>
  code % 8 === 0 ? undefined : DISPOSITIONS[(code % 8) - 1];

/**
 * One campaign's queue summary from its contact events, holding a single number per contact where the queue
 * projection holds a whole row: what `?asOf=` replays use, so a campaign of a million contacts replays in tens of
 * MB. The buckets are the queue projection's: never dialled → queued; dialled and waiting → retryPending; on an
 * attempt (dialing, connected, wrapping up) → dialing; done → completed, by disposition.
 */
export class QueueSummaryFold {
  private readonly contacts = new Map<string, number>();
  private readonly counts: Record<Bucket, number> = { queued: 0, retryPending: 0, dialing: 0, completed: 0 };
  private readonly byDisposition: Partial<Record<ContactDisposition, number>> = {};

  constructor(private readonly campaignId: string) {}

  /** A stored event as read (type and payload); events of other campaigns and types change nothing. */
  apply(
    type: string,
    data: { readonly contactId?: unknown; readonly campaignId?: unknown; readonly disposition?: unknown },
  ): void {
    if (typeof data.contactId !== 'string' || data.campaignId !== this.campaignId) return;
    const before = this.contacts.get(data.contactId);
    if (type === 'ContactAdded') {
      if (before === undefined) this.move(data.contactId, undefined, encode('queued'));
      return;
    }
    if (before === undefined) return;
    switch (type) {
      case 'ContactDialed':
      case 'CallTerminated':
        return this.move(data.contactId, before, encode('dialing', dispositionOf(before)));
      case 'DialRejected':
        return this.move(data.contactId, before, encode('retryPending', dispositionOf(before)));
      case 'RetryScheduled':
        return this.move(data.contactId, before, encode('retryPending'));
      case 'ContactCompleted':
        return this.move(data.contactId, before, encode('completed', data.disposition as ContactDisposition));
      default:
        return;
    }
  }

  summary(): QueueSummaryRow {
    return {
      kind: 'summary',
      campaignId: this.campaignId,
      total: this.contacts.size,
      ...this.counts,
      byDisposition: { ...this.byDisposition },
    };
  }

  private move(contactId: string, before: number | undefined, after: number): void {
    if (before === after) return;
    if (before !== undefined) {
      this.counts[bucketOf(before)] -= 1;
      const disposition = dispositionOf(before);
      if (disposition !== undefined)
        this.byDisposition[disposition] = (this.byDisposition[disposition] ?? 1) - 1;
    }
    this.counts[bucketOf(after)] += 1;
    const disposition = dispositionOf(after);
    if (disposition !== undefined)
      this.byDisposition[disposition] = (this.byDisposition[disposition] ?? 0) + 1;
    this.contacts.set(contactId, after);
  }
}
