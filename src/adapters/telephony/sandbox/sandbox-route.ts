import type { RecordedRequest } from './sandbox-call.js';
import type { SandboxRejection } from './sandbox-rejection.js';

export interface SandboxResponse {
  readonly status: number;
  readonly body: unknown;
}

/** How one API writes its errors. */
export interface ApiDialect {
  refusal(rejection: SandboxRejection, request: RecordedRequest): SandboxResponse;
}

export interface SandboxRoute {
  readonly method: 'GET' | 'POST';
  /** The first capture group is the account sid. */
  readonly pattern: RegExp;
  readonly dialect: ApiDialect;
  /** Throws SandboxRejection for a request the provider would refuse. */
  handle(request: RecordedRequest, parameters: readonly string[]): SandboxResponse;
}
