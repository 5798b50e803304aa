import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  csvRecords,
  CsvTokenizer,
  CsvTooLargeError,
  type CsvRecord,
} from '../../../../src/adapters/http/api/contacts/csv-rows.js';

function parse(text: string, chunkSize = text.length || 1): CsvRecord[] {
  const tokenizer = new CsvTokenizer();
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunkSize) out.push(...tokenizer.push(text.slice(i, i + chunkSize)));
  return [...out, ...tokenizer.end()];
}

const rows = (records: CsvRecord[]) => records.map((r) => r.fields);

describe('CSV tokenizer (RFC 4180, streamed)', () => {
  it('splits fields and records on LF, CRLF and CR, with or without a final line break', () => {
    expect(rows(parse('a,b\n1,2\n'))).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(rows(parse('a,b\r\n1,2\r\n3,4'))).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(rows(parse('a,b\r1,2'))).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(rows(parse('a,,\n,,x\n'))).toEqual([
      ['a', '', ''],
      ['', '', 'x'],
    ]);
  });

  it('reads quoted fields with commas, line breaks and doubled quotes', () => {
    const records = parse('name,note\n"Asha, Dr.","said ""hi""\nthen left"\nnext,"" \n');
    expect(rows(records)).toEqual([
      ['name', 'note'],
      ['Asha, Dr.', 'said "hi"\nthen left'],
      ['next', ' '],
    ]);
    expect(records.every((r) => r.error === undefined || r.line === 4)).toBe(true);
  });

  it('numbers records by the line they start on, skipping blank lines', () => {
    const records = parse('h\n"a\nb"\n\nc\r\n\r\nd');
    expect(records.map((r) => [r.line, r.fields[0]])).toEqual([
      [1, 'h'],
      [2, 'a\nb'],
      [5, 'c'],
      [7, 'd'],
    ]);
  });

  it('gives the same records whatever the chunk boundaries (also between CR and LF, and inside "")', () => {
    const text = 'phone,name\r\n"+91 98765 00001","A ""B"", C"\r\n9876500002,\r\n"x\r\ny",z';
    const whole = parse(text);
    for (let size = 1; size <= text.length; size++) expect(parse(text, size)).toEqual(whole);
  });

  it('round-trips any table written the RFC 4180 way, whatever the chunking', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é') });
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 7 }), (records, chunk) => {
        const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
        const text = records.map((record) => record.map(quote).join(',')).join('\r\n');
        expect(rows(parse(text, chunk))).toEqual(records);
      }),
    );
  });

  it('flags malformed quoting on the record instead of throwing, and an unterminated quote at the end', () => {
    const records = parse('a,b\nx"y,2\n"p"q,3\n"open,4');
    expect(records[1]).toMatchObject({ line: 2, error: expect.stringContaining('quote') });
    expect(records[2]).toMatchObject({ line: 3, error: expect.stringContaining('after its closing quote') });
    expect(records[3]).toMatchObject({ line: 4, error: expect.stringContaining('not closed') });
  });

  it('stops on a record longer than the limit (a runaway quote)', () => {
    const tokenizer = new CsvTokenizer({ maxRecordChars: 100 });
    expect(() => tokenizer.push(`a\n"${'x'.repeat(200)}`)).toThrow(CsvTooLargeError);
  });

  it('decodes UTF-8 split across byte chunks and drops a BOM', async () => {
    const bytes = Buffer.from('\uFEFFname\nJosé Ñúñez\n', 'utf8');
    async function* oneByteAtATime() {
      for (const byte of bytes) yield Uint8Array.of(byte);
    }
    const records: CsvRecord[] = [];
    for await (const record of csvRecords(oneByteAtATime())) records.push(record);
    expect(rows(records)).toEqual([['name'], ['José Ñúñez']]);
  });
});
