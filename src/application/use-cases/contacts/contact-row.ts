import { DomainError } from '../../../domain/shared/domain-error.js';
import { parsePhone } from '../../../domain/shared/phone.js';
import { isInstant } from '../../../domain/shared/time.js';
import { ID_PATTERN } from '../../events/streams.js';

/** One row of an import, whatever the format: values as the client sent them (CSV gives strings). */
export interface ImportRow {
  /** 1-based: the CSV line where the record starts (the header is line 1), or the JSON array index + 1. */
  readonly row: number;
  readonly fields: Readonly<Record<string, unknown>>;
  /** A problem the parser already found (e.g. more fields than the header has). */
  readonly problem?: string;
}

export interface ContactInput {
  readonly id?: string;
  /** E.164. */
  readonly phone: string;
  readonly name?: string;
  readonly priority?: number;
  readonly dueAt?: string;
  readonly attributes: Record<string, string>;
}

/** Keys with a meaning; any other key is kept as a string attribute. `timezone` is kept as an attribute too. */
export const KNOWN_COLUMNS = ['id', 'phone', 'name', 'priority', 'timezone', 'dueAt'] as const;

export const MAX_ATTRIBUTES = 50;
export const MAX_ATTRIBUTE_KEY = 64;
export const MAX_ATTRIBUTE_VALUE = 1000;

export type RowCheck =
  { readonly ok: true; readonly input: ContactInput } | { readonly ok: false; readonly reason: string };

const reject = (reason: string): RowCheck => ({ ok: false, reason });

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

const knownZones = new Map<string, boolean>();

/** Intl is the judge of IANA names; the answer is remembered (a list usually has a handful of zones). */
function isTimeZone(zone: string): boolean {
  let valid = knownZones.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    if (knownZones.size < 1000) knownZones.set(zone, valid);
  }
  return valid;
}

/**
 * Checks the shape of a row at the edge of the use case: the phone must be a number (E.164 after parsing), the
 * known columns their types. The domain still guards the business rules (priority range, name length).
 */
export function checkRow(fields: Readonly<Record<string, unknown>>): RowCheck {
  const phoneText = text(fields.phone);
  if (isBlank(fields.phone) || phoneText === undefined) return reject('phone: is required');
  let phone: string;
  try {
    phone = parsePhone(phoneText);
  } catch (error) {
    if (error instanceof DomainError) return reject(`phone: ${error.message}`);
    throw error;
  }

  let id: string | undefined;
  if (!isBlank(fields.id)) {
    id = text(fields.id);
    if (id === undefined || !ID_PATTERN.test(id))
      return reject('id: must be 1-100 letters, digits, and . _ : -');
  }
  let name: string | undefined;
  if (!isBlank(fields.name)) {
    if (typeof fields.name !== 'string') return reject('name: must be text');
    name = fields.name.trim();
  }
  let priority: number | undefined;
  if (!isBlank(fields.priority)) {
    priority =
      typeof fields.priority === 'number'
        ? fields.priority
        : typeof fields.priority === 'string'
          ? Number(fields.priority.trim())
          : Number.NaN;
    if (!Number.isInteger(priority)) return reject('priority: must be a whole number from 0 to 100');
  }
  let dueAt: string | undefined;
  if (!isBlank(fields.dueAt)) {
    dueAt = text(fields.dueAt);
    if (dueAt === undefined || !isInstant(dueAt)) return reject('dueAt: must be an ISO-8601 time');
    dueAt = new Date(dueAt).toISOString();
  }
  const attributes: Record<string, string> = {};
  if (!isBlank(fields.timezone)) {
    const zone = text(fields.timezone);
    if (zone === undefined || !isTimeZone(zone))
      return reject('timezone: must be an IANA time zone such as Asia/Kolkata');
    attributes.timezone = zone;
  }
  let count = 0;
  for (const [key, value] of Object.entries(fields)) {
    if ((KNOWN_COLUMNS as readonly string[]).includes(key) || isBlank(value)) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      return reject(`${key}: an attribute must be text, a number or true/false`);
    if (key.length > MAX_ATTRIBUTE_KEY)
      return reject(`attribute names are at most ${MAX_ATTRIBUTE_KEY} characters`);
    const valueText = String(value);
    if (valueText.length > MAX_ATTRIBUTE_VALUE)
      return reject(`${key}: at most ${MAX_ATTRIBUTE_VALUE} characters`);
    if (++count > MAX_ATTRIBUTES) return reject(`at most ${MAX_ATTRIBUTES} attributes per contact`);
    attributes[key] = valueText;
  }
  return {
    ok: true,
    input: {
      ...(id === undefined ? {} : { id }),
      phone,
      ...(name === undefined ? {} : { name }),
      ...(priority === undefined ? {} : { priority }),
      ...(dueAt === undefined ? {} : { dueAt }),
      attributes,
    },
  };
}
