import { BadRequestException } from '@nestjs/common';
import type { ImportRow } from '../../../../application/use-cases/contacts/contact-row.js';
import { csvRecords, CsvTooLargeError, type CsvRecord } from './csv-rows.js';

/** Header names with a meaning, matched without regard to case; every other column becomes an attribute. */
const KNOWN: Readonly<Record<string, string>> = {
  id: 'id',
  phone: 'phone',
  name: 'name',
  priority: 'priority',
  timezone: 'timezone',
  dueat: 'dueAt',
};

function invalidCsv(message: string, details?: unknown): BadRequestException {
  return new BadRequestException({
    error: 'invalid-csv',
    message,
    ...(details === undefined ? {} : { details }),
  });
}

function isAbort(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || message === 'aborted';
}

function readHeader(record: CsvRecord): string[] {
  if (record.error !== undefined)
    throw invalidCsv(`the header (line ${record.line}) is malformed: ${record.error}`);
  const names = record.fields.map((raw, index) => {
    const name = raw.trim();
    if (name === '') throw invalidCsv(`column ${index + 1} of the header has no name`);
    return KNOWN[name.toLowerCase()] ?? name;
  });
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw invalidCsv(`the header names the column "${name}" twice`);
    seen.add(name);
  }
  if (!seen.has('phone')) throw invalidCsv('the header has no phone column', [{ field: 'phone' }]);
  return names;
}

/**
 * Rows of a contacts CSV (first record = header; `phone` required), streamed: `row` is the line the record starts
 * on, so the first data row is 2. A malformed record, or one with more fields than the header, comes out as a row
 * with a problem; fewer fields leave the missing columns empty. A header problem is a 400; a runaway record (an
 * unterminated quote) after the header is a rejected row that ends the import, since earlier rows may be written.
 */
export async function* csvImportRows(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<ImportRow> {
  let header: string[] | undefined;
  try {
    for await (const record of csvRecords(source)) {
      if (header === undefined) {
        header = readHeader(record);
        continue;
      }
      if (record.error !== undefined) {
        yield { row: record.line, fields: {}, problem: `malformed CSV: ${record.error}` };
        continue;
      }
      if (record.fields.length > header.length) {
        yield {
          row: record.line,
          fields: {},
          problem: `has ${record.fields.length} fields, the header has ${header.length}`,
        };
        continue;
      }
      const fields: Record<string, string> = {};
      for (let i = 0; i < record.fields.length; i++) fields[header[i]!] = record.fields[i]!;
      yield { row: record.line, fields };
    }
  } catch (error) {
    if (error instanceof CsvTooLargeError) {
      if (header === undefined) throw invalidCsv(error.message, { row: error.line });
      // rows before it may already be imported: a refusal now would hide what was written. The runaway record is
      // rejected, and the rest of the file (swallowed by its open quote) is not read; the report says so.
      yield { row: error.line, fields: {}, problem: `${error.message}; the rest of the file was not read` };
      return;
    }
    if (isAbort(error)) {
      // the client went away (or the server's request timeout cut the upload): what was imported stays, and
      // sending the file again adds only the rest
      throw new BadRequestException({
        error: 'request-aborted',
        message: 'the upload ended before the end of the CSV; send it again to import the rest',
      });
    }
    throw error;
  }
  if (header === undefined)
    throw invalidCsv('the CSV is empty: a header row with a phone column is needed', [{ field: 'phone' }]);
}
