import { DomainError } from '../shared/domain-error.js';
import { parsePhone } from '../shared/phone.js';

const invalid = (field: string, message: string) => new DomainError('agent.invalid', message, field);

export function guardRegistration(input: { name: string; phone: string; ccmUserId?: string }): { name: string; phone: string } {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 120) throw invalid('name', 'name must be 1 to 120 characters');
  const phone = parsePhone(input.phone);
  if (input.ccmUserId !== undefined && !/^[A-Za-z0-9-]{1,64}$/.test(input.ccmUserId)) {
    throw invalid('ccmUserId', 'ccmUserId must be an Exotel user id (letters, digits and dashes)');
  }
  return { name, phone };
}

export function guardReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length === 0 || trimmed.length > 64) throw invalid('reason', 'reason must be 1 to 64 characters');
  return trimmed;
}

export function guardWrapUpSec(wrapUpSec: number): void {
  if (!Number.isInteger(wrapUpSec) || wrapUpSec < 0) throw invalid('wrapUpSec', 'wrapUpSec must be a whole number of seconds, 0 or more');
}
