/** A refusal in the provider's own terms: the HTTP status, a message, and CCM's `error_data.code` when it has one. */
export class SandboxRejection extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'SandboxRejection';
  }
}

export const UNAUTHORIZED = new SandboxRejection(401, 'Authentication failed: wrong API key or token', 1010);
export const UNKNOWN_ACCOUNT = new SandboxRejection(404, 'Account not found', 1017);
export const TOO_MANY_REQUESTS = new SandboxRejection(429, 'Too many requests');
export const INTERNAL_ERROR = new SandboxRejection(500, 'Internal server error', 1100);
