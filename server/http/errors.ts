/**
 * One error type for the whole application. Every error a client sees has the shape
 * { error, message, details } with a stable code; nothing else (no stack trace) ever leaves.
 */
import { z } from 'zod';

export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  locked: 423,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A field error: where (a dotted path) and why. */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const errors = {
  badRequest: (message: string, details?: unknown) => new AppError('bad_request', message, details),
  validation: (fields: FieldError[], message = 'Some fields are not valid.') => new AppError('validation_failed', message, { fields }),
  unauthorized: (message = 'Sign in to continue.') => new AppError('unauthorized', message),
  forbidden: (message = 'You do not have permission to do this.') => new AppError('forbidden', message),
  notFound: (what = 'record') => new AppError('not_found', `No such ${what}.`),
  conflict: (message: string, details?: unknown) => new AppError('conflict', message, details),
  unprocessable: (message: string, details?: unknown) => new AppError('unprocessable', message, details),
};

export const errorSchema = z
  .object({
    error: z.string().describe('Stable error code, e.g. validation_failed, not_found'),
    message: z.string().describe('What went wrong, in English'),
    details: z.unknown().optional().describe('For validation_failed: { fields: [{ path, message }] }'),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof errorSchema>;
