import type { RecordedRequest } from './sandbox-call.js';
import type { SandboxContext } from './sandbox.context.js';
import type { SandboxRejection } from './sandbox-rejection.js';

/** The CCM envelope around every answer (PROVIDERS.md section 4). */
export function ccmEnvelope(
  context: SandboxContext,
  request: RecordedRequest,
  httpCode: number,
  result: { data: unknown } | { error: SandboxRejection },
): Record<string, unknown> {
  const failure = 'error' in result;
  return {
    request_id: `sandbox-${context.nextSerial()}`,
    method: request.method,
    http_code: httpCode,
    metadata: null,
    response: {
      code: httpCode,
      status: failure ? 'failure' : 'success',
      // a refusal without a documented code carries none: the client must fall back on the HTTP status
      error_data: failure
        ? {
            ...(result.error.code !== undefined ? { code: result.error.code } : {}),
            description: result.error.message,
            message: result.error.message,
          }
        : null,
      data: failure ? null : result.data,
    },
  };
}
