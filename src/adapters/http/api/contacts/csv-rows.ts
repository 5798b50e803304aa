/**
 * A streaming RFC-4180 tokenizer: fields separated by commas, records by CRLF, LF or CR; a field in double quotes
 * may hold commas, line breaks and doubled quotes (`""`). Text arrives in chunks of any size (a chunk may end
 * inside a field or between CR and LF); only the record being read is held in memory.
 */

export interface CsvRecord {
  /** Physical line (1-based) where the record starts. */
  readonly line: number;
  readonly fields: string[];
  /** Why the record is malformed, when it is (it is still returned, so the caller can report it). */
  readonly error?: string;
}

export interface CsvOptions {
  /** A record longer than this aborts the parse (an unterminated quote would otherwise swallow the file). */
  readonly maxRecordChars?: number;
  readonly maxFields?: number;
}

export class CsvTooLargeError extends Error {
  constructor(
    readonly line: number,
    limit: number,
  ) {
    super(`the record starting on line ${line} is longer than ${limit} characters (an unterminated quote?)`);
    this.name = 'CsvTooLargeError';
  }
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

export class CsvTokenizer {
  private state = State.FieldStart;
  private fields: string[] = [];
  private field = '';
  private recordChars = 0;
  private line = 1;
  private recordLine = 1;
  private started = false;
  private skipLF = false;
  private error: string | undefined;
  private readonly maxRecordChars: number;
  private readonly maxFields: number;

  constructor(options: CsvOptions = {}) {
    this.maxRecordChars = options.maxRecordChars ?? 1 << 16;
    this.maxFields = options.maxFields ?? 1000;
  }

  /** Feeds the next piece of text; returns the records it completed. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const n = text.length;
    let i = 0;
    if (this.skipLF && n > 0) {
      this.skipLF = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }
    let start = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.state === State.FieldStart) {
        if (c === QUOTE) {
          this.started = true;
          this.state = State.Quoted;
          start = ++i;
          continue;
        }
        this.state = State.Unquoted;
        start = i;
      }
      switch (this.state) {
        case State.Unquoted:
          if (c === COMMA) {
            this.started = true;
            this.endField(text.slice(start, i));
            this.state = State.FieldStart;
            start = ++i;
            continue;
          }
          if (c === CR || c === LF) {
            if (this.started || i > start) this.endRecord(out, text.slice(start, i));
            else this.state = State.FieldStart; // a blank line
            i = this.newline(text, i);
            start = i;
            continue;
          }
          this.started = true;
          if (c === QUOTE)
            this.error ??= `field ${this.fields.length + 1} has a quote but does not start with one`;
          i += 1;
          continue;
        case State.Quoted:
          if (c === QUOTE) {
            this.field += text.slice(start, i);
            this.state = State.QuoteInQuoted;
            start = ++i;
            continue;
          }
          if (c === LF) this.line += 1;
          i += 1;
          continue;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            start = ++i;
            continue;
          }
          if (c === COMMA) {
            this.endField('');
            this.state = State.FieldStart;
            start = ++i;
            continue;
          }
          if (c === CR || c === LF) {
            this.endRecord(out, '');
            i = this.newline(text, i);
            start = i;
            continue;
          }
          this.error ??= `field ${this.fields.length + 1} has text after its closing quote`;
          this.state = State.Unquoted;
          start = i;
          continue;
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.field += text.slice(start, n);
    this.checkSize();
    return out;
  }

  /** The input ended: completes the last record (a missing final line break is fine). */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.state === State.Quoted) {
      this.error ??= 'a quoted field is not closed before the end of the file';
      this.endRecord(out, '');
    } else if (this.started || this.field.length > 0) {
      this.endRecord(out, '');
    }
    return out;
  }

  private endField(tail: string): void {
    const value = this.field + tail;
    this.field = '';
    this.recordChars += value.length + 1;
    if (this.fields.length >= this.maxFields) {
      this.error ??= `more than ${this.maxFields} fields`;
      return;
    }
    this.fields.push(value);
    this.checkSize();
  }

  private endRecord(out: CsvRecord[], tail: string): void {
    this.endField(tail);
    out.push(
      this.error === undefined
        ? { line: this.recordLine, fields: this.fields }
        : { line: this.recordLine, fields: this.fields, error: this.error },
    );
    this.fields = [];
    this.recordChars = 0;
    this.started = false;
    this.error = undefined;
    this.state = State.FieldStart;
  }

  /** Steps over a line break at `i` (CRLF, LF or CR) and returns the index after it. */
  private newline(text: string, i: number): number {
    this.line += 1;
    this.recordLine = this.line;
    if (text.charCodeAt(i) === CR) {
      if (i + 1 === text.length) this.skipLF = true;
      else if (text.charCodeAt(i + 1) === LF) return i + 2;
    }
    return i + 1;
  }

  private checkSize(): void {
    if (this.recordChars + this.field.length > this.maxRecordChars)
      throw new CsvTooLargeError(this.recordLine, this.maxRecordChars);
  }
}

/** Records from a byte (or text) stream, decoded as UTF-8 (a BOM is dropped). */
export async function* csvRecords(
  source: AsyncIterable<Uint8Array | string>,
  options: CsvOptions = {},
): AsyncGenerator<CsvRecord> {
  const tokenizer = new CsvTokenizer(options);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    yield* tokenizer.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  yield* tokenizer.push(decoder.decode());
  yield* tokenizer.end();
}
