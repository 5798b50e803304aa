import type { ContactTable } from './contact-table.js';

/**
 * E.164 phone → the contacts that carry it (one number can be in several campaigns). Almost every number belongs to
 * one contact, so a number maps to that contact's slot and only a shared number to a list: no array per contact.
 * The key is the table's own phone string, not a copy.
 */
export class PhoneDirectory {
  private readonly slots = new Map<string, number | number[]>();

  constructor(private readonly contacts: ContactTable) {}

  add(phone: string, slot: number): void {
    const known = this.slots.get(phone);
    if (known === undefined) this.slots.set(phone, slot);
    else if (typeof known === 'number') this.slots.set(phone, [known, slot]);
    else known.push(slot);
  }

  /** The ids of the contacts with this number, in the order they were added. */
  get(phone: string): readonly string[] | undefined {
    const known = this.slots.get(phone);
    if (known === undefined) return undefined;
    if (typeof known === 'number') return [this.contacts.idAt(known)];
    return known.map((slot) => this.contacts.idAt(slot));
  }

  has(phone: string): boolean {
    return this.slots.has(phone);
  }

  get size(): number {
    return this.slots.size;
  }
}
