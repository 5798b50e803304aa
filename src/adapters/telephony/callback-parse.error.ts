/** A provider callback (or call-details payload) we cannot read; `field` names the offending field. */
export class CallbackParseError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'CallbackParseError';
  }
}
