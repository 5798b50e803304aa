import { isRecord } from '../shared/payload-reading.js';
import { toE164 } from '../shared/phone-number.js';
import { SandboxRejection } from './sandbox-rejection.js';

const MAX_CUSTOM_FIELD_LENGTH = 128;

/** Reads request fields the way the provider validates them, refusing with 400 (or the given rejection). */
export class RequestFields {
  constructor(
    private readonly fields: Readonly<Record<string, unknown>>,
    private readonly prefix = '',
  ) {}

  static of(body: unknown, what: string): RequestFields {
    if (!isRecord(body)) throw new SandboxRejection(400, `the request carries no ${what}`);
    return new RequestFields(body);
  }

  nested(name: string): RequestFields | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) throw this.#invalid(name, 'must be an object');
    return new RequestFields(value, `${this.#name(name)}.`);
  }

  raw(name: string): unknown {
    return this.fields[name];
  }

  text(name: string): string | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (Array.isArray(value)) throw this.#invalid(name, 'is given more than once');
    if (typeof value !== 'string') throw this.#invalid(name, 'must be text');
    return value;
  }

  requiredText(name: string): string {
    const value = this.text(name);
    if (value === undefined) throw new SandboxRejection(400, `${this.#name(name)} is required`);
    return value;
  }

  /** E.164 of a required number field; `unknown` is the rejection for a well-formed number the account cannot use. */
  phoneNumber(name: string, allowed?: readonly string[], unknown?: SandboxRejection): string {
    const number = toE164(this.requiredText(name));
    if (number === undefined) throw this.#invalid(name, 'is not a valid phone number');
    if (allowed !== undefined && !allowed.includes(number))
      throw unknown ?? this.#invalid(name, 'is not a number of this account');
    return number;
  }

  /** Whole seconds in [1, max]; `fallback` when absent. Form values arrive as text, JSON ones as numbers. */
  seconds(name: string, max: number, fallback: number): number {
    const value = this.fields[name];
    if (value === undefined || value === null || value === '') return fallback;
    const seconds = typeof value === 'number' ? value : Number(this.text(name));
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > max)
      throw this.#invalid(name, `must be whole seconds from 1 to ${max}`);
    return seconds;
  }

  oneOf<Value extends string>(
    name: string,
    values: readonly Value[],
    rejection?: SandboxRejection,
  ): Value | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value))
      throw rejection ?? this.#invalid(name, `must be one of ${values.join(', ')}`);
    return value as Value;
  }

  /** `true`/`false` as text (forms) or a JSON boolean. */
  flag(name: string): boolean {
    const value = this.fields[name];
    if (value === undefined || value === null || value === '') return false;
    if (typeof value === 'boolean') return value;
    return this.oneOf(name, ['true', 'false']) === 'true';
  }

  customField(name: string): string | undefined {
    const value = this.text(name);
    if (value !== undefined && value.length > MAX_CUSTOM_FIELD_LENGTH)
      throw this.#invalid(name, `must be at most ${MAX_CUSTOM_FIELD_LENGTH} characters`);
    return value;
  }

  url(name: string): string | undefined {
    return checkedUrl(this.text(name), this.#name(name));
  }

  #name(name: string): string {
    return `${this.prefix}${name}`;
  }

  #invalid(name: string, problem: string): SandboxRejection {
    return new SandboxRejection(400, `${this.#name(name)} ${problem}`);
  }
}

export function checkedUrl(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SandboxRejection(400, `${name} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SandboxRejection(400, `${name} must be an http(s) URL`);
  return value;
}
