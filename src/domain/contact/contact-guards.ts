import { DomainError } from '../shared/domain-error.js';
import { parsePhone } from '../shared/phone.js';
import { isInstant, type Instant } from '../shared/time.js';

const invalid = (field: string, message: string) => new DomainError('contact.invalid', message, field);

export const MAX_PRIORITY = 100;

export function guardNewContact(input: { phone: string; name?: string; priority?: number; dueAt?: Instant }): {
  phone: string;
  priority: number;
} {
  const phone = parsePhone(input.phone);
  const priority = input.priority ?? 0;
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) {
    throw invalid('priority', `priority must be a whole number from 0 to ${MAX_PRIORITY}`);
  }
  if (input.name !== undefined && input.name.length > 200) throw invalid('name', 'name must be at most 200 characters');
  if (input.dueAt !== undefined && !isInstant(input.dueAt)) throw invalid('dueAt', 'dueAt must be an ISO-8601 time');
  return { phone, priority };
}

export function guardDisposition(input: { code: string; note?: string; callbackAt?: Instant }): void {
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(input.code)) {
    throw invalid('code', 'code must be 1 to 64 letters, digits, dashes or underscores');
  }
  if (input.note !== undefined && input.note.length > 2000) throw invalid('note', 'note must be at most 2000 characters');
  if (input.callbackAt !== undefined && !isInstant(input.callbackAt)) {
    throw invalid('callbackAt', 'callbackAt must be an ISO-8601 time');
  }
}

export const DO_NOT_CALL_CODE = 'do-not-call';
