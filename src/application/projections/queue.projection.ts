import type { ContactDisposition } from '../../domain/contact/contact.events.js';
import type { CallOutcome } from '../../domain/dialing/outcome.mapping.js';
import type { RowChange } from '../ports/read-model-store.port.js';
import type { Projection, RowView } from './projection.js';
import { revise } from './revise.js';

export type QueueStatus = 'queued' | 'dialing' | 'connected' | 'terminal' | 'done';

export interface QueueContactRow {
  readonly kind: 'contact';
  readonly contactId: string;
  readonly campaignId: string;
  readonly phone: string;
  readonly name?: string;
  readonly status: QueueStatus;
  readonly priority: number;
  /** Arrival order: the global position of ContactAdded. */
  readonly seq: string;
  readonly dueAt: string;
  readonly isRetry: boolean;
  readonly front: boolean;
  readonly countedAttempts: number;
  readonly attempts: number;
  readonly attemptId?: string;
  readonly agentId?: string;
  readonly callSid?: string;
  readonly lastOutcome?: CallOutcome;
  readonly disposition?: ContactDisposition;
  readonly updatedAt: string;
}

export interface QueueSummaryRow {
  readonly kind: 'summary';
  readonly campaignId: string;
  readonly total: number;
  /** Never dialled and waiting. */
  readonly queued: number;
  /** Dialled before and waiting for a retry (or a callback). */
  readonly retryPending: number;
  readonly dialing: number;
  readonly completed: number;
  readonly byDisposition: Readonly<Partial<Record<ContactDisposition, number>>>;
}

export type QueueRow = QueueContactRow | QueueSummaryRow;

export const queueKeys = {
  contact: (contactId: string) => `contact:${contactId}`,
  summary: (campaignId: string) => `summary:${campaignId}`,
};

type Bucket = 'queued' | 'retryPending' | 'dialing' | 'completed' | undefined;

function bucketOf(row: QueueContactRow | undefined): Bucket {
  if (row === undefined) return undefined;
  if (row.status === 'queued') return row.isRetry ? 'retryPending' : 'queued';
  if (row.status === 'done') return 'completed';
  return 'dialing';
}

function emptySummary(campaignId: string): QueueSummaryRow {
  return { kind: 'summary', campaignId, total: 0, queued: 0, retryPending: 0, dialing: 0, completed: 0, byDisposition: {} };
}

function summaryChange(view: RowView<QueueRow>, before: QueueContactRow | undefined, after: QueueContactRow): RowChange<QueueRow> | undefined {
  const from = bucketOf(before);
  const to = bucketOf(after);
  if (from === to && before?.disposition === after.disposition) return undefined;
  const key = queueKeys.summary(after.campaignId);
  const current = view.get(key);
  const summary = current?.kind === 'summary' ? current : emptySummary(after.campaignId);
  // one copy, changed in place (every field it sets is already there, so the field order stays)
  const row: { -readonly [K in keyof QueueSummaryRow]: QueueSummaryRow[K] } = { ...summary };
  if (from !== undefined) row[from] -= 1;
  if (to !== undefined) row[to] += 1;
  const byDisposition: Partial<Record<ContactDisposition, number>> = Object.assign({}, summary.byDisposition);
  if (before?.disposition !== undefined) byDisposition[before.disposition] = (byDisposition[before.disposition] ?? 1) - 1;
  if (after.disposition !== undefined) byDisposition[after.disposition] = (byDisposition[after.disposition] ?? 0) + 1;
  row.total = summary.total + (before === undefined ? 1 : 0);
  row.byDisposition = byDisposition;
  return { key, partition: after.campaignId, row };
}

/** Per contact: where it stands in the queue; per campaign: the counts. */
export const queueProjection: Projection<QueueRow> = {
  name: 'queue',
  handles: new Set(['ContactAdded', 'ContactDialed', 'CallPlaced', 'DialRejected', 'LegAnswered', 'CallTerminated', 'RetryScheduled', 'ContactCompleted']),
  apply({ event, position }, view) {
    const key = queueKeys.contact((event.data as { contactId: string }).contactId);
    const existing = view.get(key);
    const before = existing?.kind === 'contact' ? existing : undefined;
    const after = nextContactRow(before, event, position);
    if (after === undefined || after === before) return [];
    const summary = summaryChange(view, before, after);
    const change: RowChange<QueueRow> = { key, partition: after.campaignId, row: after };
    return summary === undefined ? [change] : [change, summary];
  },
};

function nextContactRow(row: QueueContactRow | undefined, event: Parameters<Projection['apply']>[0]['event'], position: bigint): QueueContactRow | undefined {
  const at = (event.data as { at: string }).at;
  if (event.type === 'ContactAdded') {
    if (row !== undefined) return row;
    const d = event.data;
    const { contactId, campaignId, phone, name, priority, dueAt } = d;
    const seq = position.toString();
    // two literals rather than a conditional spread in one (see revise.ts)
    return name === undefined
      ? { kind: 'contact', contactId, campaignId, phone, status: 'queued', priority, seq, dueAt, isRetry: false, front: false, countedAttempts: 0, attempts: 0, updatedAt: at }
      : { kind: 'contact', contactId, campaignId, phone, name, status: 'queued', priority, seq, dueAt, isRetry: false, front: false, countedAttempts: 0, attempts: 0, updatedAt: at };
  }
  if (row === undefined) return undefined;
  // revise, not a spread: see revise.ts. `updatedAt` is always there, so setting it first keeps the field order
  switch (event.type) {
    case 'ContactDialed':
      return revise(row, { updatedAt: at, status: 'dialing', attemptId: event.data.attemptId, agentId: event.data.agentId, attempts: row.attempts + 1, front: false });
    case 'CallPlaced':
      return row.attemptId === event.data.attemptId ? revise(row, { updatedAt: at, callSid: event.data.callSid }) : row;
    case 'LegAnswered':
      return row.attemptId === event.data.attemptId && event.data.leg === 'customer' && row.status === 'dialing' ? revise(row, { updatedAt: at, status: 'connected' }) : row;
    case 'DialRejected':
      return row.attemptId === event.data.attemptId ? revise(row, { updatedAt: at, status: 'queued', isRetry: true, front: true, attempts: row.attempts - 1 }) : row;
    case 'CallTerminated':
      return revise(row, { updatedAt: at, status: 'terminal', lastOutcome: event.data.outcome, countedAttempts: row.countedAttempts + (event.data.counts ? 1 : 0) });
    case 'RetryScheduled': {
      // the disposition goes: dropped rather than set to undefined, so a row in memory is what its JSON reads back as
      const { dueAt, front } = event.data;
      const changes = { updatedAt: at, status: 'queued' as const, dueAt, isRetry: true, front };
      if (!('disposition' in row)) return revise(row, changes);
      const { disposition: _dropped, ...rest } = row;
      return revise(rest, changes);
    }
    case 'ContactCompleted':
      return revise(row, { updatedAt: at, status: 'done', disposition: event.data.disposition });
    default:
      return row;
  }
}
