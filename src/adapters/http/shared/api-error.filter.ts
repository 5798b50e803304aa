import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ZodError } from 'zod';
import { DomainError } from '../../../domain/shared/domain-error.js';

export interface ApiErrorBody {
  readonly error: string;
  readonly message: string;
  readonly details?: unknown;
}

const NOT_FOUND = /\.not-found$/;

export function statusOfDomainError(error: DomainError): number {
  if (error.isValidation) return 400;
  if (NOT_FOUND.test(error.code)) return 404;
  return 409;
}

/** Every error leaves as JSON `{ error, message, details? }` with the right 4xx; anything else is a 500 (a bug). */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(private readonly onUnexpected: (error: unknown) => void = () => undefined) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.describe(exception);
    if (status >= 500) this.onUnexpected(exception);
    if (response.headersSent) return;
    response.status(status).json(body);
  }

  private describe(exception: unknown): [number, ApiErrorBody] {
    if (exception instanceof DomainError) {
      const details = exception.field === undefined ? undefined : { field: exception.field };
      return [statusOfDomainError(exception), { error: exception.code, message: exception.message, ...(details ? { details } : {}) }];
    }
    if (exception instanceof ZodError) {
      const issues = exception.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
      const first = issues[0];
      return [400, { error: 'invalid-request', message: first ? `${first.field}: ${first.message}` : 'invalid request', details: issues }];
    }
    // Nest hands body-parser's errors on wrapped in an HttpException (Express adapter), or as they are
    const bodyFault = exception instanceof HttpException ? exception.cause : exception;
    if (isBodyParserError(bodyFault)) {
      return [bodyFault.status, { error: bodyFault.status === 400 ? 'malformed-body' : httpErrorName(bodyFault.status), message: bodyFault.message, ...BODY_AT_FAULT }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      // our own `{ error, message }` bodies pass through; Nest's default shape (`statusCode`) is rewritten
      const ours = typeof payload === 'object' && payload !== null && !('statusCode' in payload) && typeof (payload as ApiErrorBody).error === 'string' && 'message' in payload;
      if (ours && status !== 404) return [status, payload as ApiErrorBody];
      const nestMessage = typeof payload === 'object' && payload !== null ? (payload as { message?: unknown }).message : undefined;
      const message = typeof payload === 'string' ? payload : typeof nestMessage === 'string' ? nestMessage : exception.message;
      return [status, { error: httpErrorName(status), message }];
    }
    return [500, { error: 'internal', message: 'unexpected error' }];
  }
}

/** The body as a whole is what is wrong: named like a field, as every other 4xx names what to fix. */
export const BODY_AT_FAULT = { details: { field: 'body' } } as const;

function isBodyParserError(error: unknown): error is { status: number; message: string; type: string } {
  return typeof error === 'object' && error !== null && 'type' in error && 'status' in error && typeof (error as { status: unknown }).status === 'number' && (error as { status: number }).status < 500;
}

function httpErrorName(status: number): string {
  return ({ 400: 'invalid-request', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed', 409: 'conflict', 413: 'body-too-large', 415: 'unsupported-media-type', 429: 'too-many-requests' } as Record<number, string>)[status] ?? 'error';
}
