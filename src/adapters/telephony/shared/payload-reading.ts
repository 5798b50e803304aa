import { CallbackParseError } from '../callback-parse.error.js';

export type PayloadRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is PayloadRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string or number field as trimmed text; undefined when absent, null or empty. */
export function optionalText(record: PayloadRecord, key: string): string | undefined {
  const value = record[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}

export function requiredText(record: PayloadRecord, key: string, fieldName: string = key): string {
  const text = optionalText(record, key);
  if (text === undefined) throw new CallbackParseError(fieldName, 'is missing');
  return text;
}

/** A non-negative number given as a number or numeric text; undefined when absent or empty. */
export function optionalSeconds(
  record: PayloadRecord,
  key: string,
  fieldName: string = key,
): number | undefined {
  const text = optionalText(record, key);
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new CallbackParseError(fieldName, `is not a number of seconds: ${text}`);
  return seconds;
}

export function requiredRecord(value: unknown, fieldName: string): PayloadRecord {
  if (!isRecord(value)) throw new CallbackParseError(fieldName, 'is missing or not an object');
  return value;
}
