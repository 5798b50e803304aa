/**
 * A rejected command. `code` is stable (`<aggregate>.<reason>`, e.g. `agent.not-available`);
 * `field` names the offending input when a guard rejects a value, so the HTTP edge can answer 400 naming it.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** Guard failures (bad values) as opposed to illegal transitions (wrong state). */
  get isValidation(): boolean {
    return this.field !== undefined;
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected variant: ${JSON.stringify(value)}`);
}
