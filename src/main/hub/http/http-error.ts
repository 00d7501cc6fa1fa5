import type { DomainError } from '../domain-error.js';

/** An error a client caused or may act on: it reaches the client as {"error":{"code","message"}}. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** A domain's refusal as the client sees it; anything else passes through (to the 500 handler if it is a bug). */
export function domainErrorToHttp<Code extends string>(
  error: unknown,
  type: abstract new (...args: never[]) => DomainError<Code>,
  status: Record<Code, number>,
): unknown {
  return error instanceof type ? new HttpError(status[error.code], error.code, error.message) : error;
}
