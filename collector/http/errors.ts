/**
 * The one error type handlers throw; the app's single error handler turns it into
 * `{error:{code,message,details?}}`. Anything else becomes a 500 without internals.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** A zod failure as a 400 that names the offending fields. */
export function invalid(error: z.ZodError, what = 'request'): ApiError {
  const details = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = details[0];
  const message = first ? `invalid ${what}: ${first.path || '(root)'}: ${first.message}` : `invalid ${what}`;
  return new ApiError(400, 'invalid_' + what.replace(/\s+/g, '_'), message, details);
}

/** The one error body: `{error:{code,message,details?}}`; anything but an ApiError is an opaque 500. */
export function errorBody(err: ApiError | null) {
  if (!err) return { error: { code: 'internal', message: 'internal error' } };
  return { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } };
}
