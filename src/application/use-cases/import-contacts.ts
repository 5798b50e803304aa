import type { ContactCommand } from '../../domain/contact/contact.commands.js';
import type { ContactEvent } from '../../domain/contact/contact.events.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { CommandResult } from '../commands/handle-command.js';
import { contactIdFor } from './contacts/contact-id.js';
import { checkRow, type ImportRow } from './contacts/contact-row.js';

export type AddContactCommand = Extract<ContactCommand, { type: 'AddContact' }>;

export interface ImportContactsDeps {
  /** Sends AddContact through the command side (handleCommand: read, decide, append). */
  addContact(command: AddContactCommand, commandId: string): Promise<CommandResult<ContactEvent>>;
  /** The command id for adding this contact: random, or derived from an Idempotency-Key. */
  commandIdFor(contactId: string): string;
  now(): string;
  /** The campaign an existing contact belongs to (from the queue read model), to tell a clash from a duplicate. */
  campaignOf?(contactId: string): string | undefined;
}

export interface ImportOptions {
  /** Commands sent together (they share one group commit in the SQLite store). */
  readonly batchSize?: number;
  /** Rejected rows listed in the answer; the rest are only counted. */
  readonly maxRejectedListed?: number;
}

export interface RejectedRow {
  readonly row: number;
  readonly reason: string;
}

export interface ImportReport {
  readonly imported: number;
  /** Numbers already in the campaign (or twice in the file): skipped. */
  readonly duplicates: number;
  readonly rejected: RejectedRow[];
  readonly rejectedCount: number;
  /** Global position of the last event written, so a following read can wait for the read models. */
  readonly lastPosition?: bigint;
}

interface Pending {
  readonly row: number;
  readonly contactId: string;
  readonly command: AddContactCommand;
}

/**
 * Imports contacts into a campaign from any async iterable of rows (a CSV stream, a JSON array), holding at most
 * one batch in memory plus one set of the numbers seen in this import. Numbers are normalised to E.164. A contact
 * without an id gets one derived from campaign + number, so a number already in the campaign is a duplicate
 * (`contact.already-exists`, or the same command id replayed) and importing the same file twice adds nothing.
 */
export async function importContacts(
  campaignId: string,
  rows: AsyncIterable<ImportRow>,
  deps: ImportContactsDeps,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 500;
  const maxListed = options.maxRejectedListed ?? 1000;
  const seenPhones = new Set<string>();
  const seenIds = new Set<string>();
  const rejected: RejectedRow[] = [];
  let imported = 0;
  let duplicates = 0;
  let rejectedCount = 0;
  let lastPosition: bigint | undefined;
  let batch: Pending[] = [];

  const rejectRow = (row: number, reason: string) => {
    rejectedCount += 1;
    if (rejected.length < maxListed) rejected.push({ row, reason });
  };

  const send = async (pending: Pending): Promise<void> => {
    try {
      const result = await deps.addContact(pending.command, deps.commandIdFor(pending.contactId));
      if (result.position !== undefined && (lastPosition === undefined || result.position > lastPosition))
        lastPosition = result.position;
      if (result.replayed || result.events.length === 0) duplicates += 1;
      else imported += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code !== 'contact.already-exists')
        return rejectRow(
          pending.row,
          error.field === undefined ? error.message : `${error.field}: ${error.message}`,
        );
      const owner = deps.campaignOf?.(pending.contactId);
      if (owner !== undefined && owner !== campaignId)
        return rejectRow(pending.row, `id: contact ${pending.contactId} belongs to another campaign`);
      duplicates += 1;
    }
  };

  const flush = async () => {
    const sending = batch;
    batch = [];
    await Promise.all(sending.map(send));
  };

  for await (const { row, fields, problem } of rows) {
    if (problem !== undefined) {
      rejectRow(row, problem);
      continue;
    }
    const checked = checkRow(fields);
    if (!checked.ok) {
      rejectRow(row, checked.reason);
      continue;
    }
    const { id, phone, name, priority, dueAt, attributes } = checked.input;
    const contactId = id ?? contactIdFor(campaignId, phone);
    if (seenPhones.has(phone) || seenIds.has(contactId)) {
      duplicates += 1;
      continue;
    }
    seenPhones.add(phone);
    if (id !== undefined) seenIds.add(id);
    const command: AddContactCommand = {
      type: 'AddContact',
      contactId,
      campaignId,
      phone,
      ...(name === undefined ? {} : { name }),
      ...(priority === undefined ? {} : { priority }),
      ...(dueAt === undefined ? {} : { dueAt }),
      attributes,
      at: deps.now(),
    };
    batch.push({ row, contactId, command });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  rejected.sort((a, b) => a.row - b.row);
  return {
    imported,
    duplicates,
    rejected,
    rejectedCount,
    ...(lastPosition === undefined ? {} : { lastPosition }),
  };
}
