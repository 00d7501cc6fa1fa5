/**
 * Stripe's v1 error bodies (`{"error":{type, code, message, param, decline_code, doc_url, …}}`) and the HTTP statuses
 * Stripe pairs them with; stripe-node picks its error class from the status (and `type`/`code`), so both must match.
 */

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorDetail {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  /** Stripe attaches the PaymentIntent to errors raised by its endpoints, so callers see its current state. */
  payment_intent?: unknown;
  charge?: string;
}

export interface FakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A failure Stripe answers with an error body. Whether the idempotency layer saves it depends on where it is thrown:
 * in a route's execution step (saved) or before it, e.g. in parameter validation (not saved); see routes.ts.
 */
export class StripeApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly detail: StripeErrorDetail,
  ) {
    super(detail.message);
  }

  toResponse(headers?: Record<string, string>): FakeResponse {
    return { status: this.status, body: { error: this.detail }, ...(headers ? { headers } : {}) };
  }
}

const docUrl = (code: string): string => `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;

export function invalidParam(param: string, message: string, code?: string): StripeApiFailure {
  return new StripeApiFailure(400, {
    type: 'invalid_request_error',
    message,
    param,
    ...(code ? { code, doc_url: docUrl(code) } : {}),
  });
}

export function resourceMissing(resource: string, id: string, param: string, status = 404): StripeApiFailure {
  return new StripeApiFailure(status, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    doc_url: docUrl('resource_missing'),
    message: `No such ${resource}: '${id}'`,
    param,
  });
}

export function businessError(code: string, message: string, extra: Partial<StripeErrorDetail> = {}): StripeApiFailure {
  return new StripeApiFailure(400, {
    type: 'invalid_request_error',
    code,
    doc_url: docUrl(code),
    message,
    ...extra,
  });
}

export function unrecognizedUrl(method: string, path: string): StripeApiFailure {
  return new StripeApiFailure(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

/** Stripe answers a bad key with 401 and shows only the key's prefix and last four characters. */
export function authenticationFailure(presentedKey: string | undefined): StripeApiFailure {
  const message =
    presentedKey === undefined
      ? "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."
      : `Invalid API Key provided: ${redactKey(presentedKey)}`;
  return new StripeApiFailure(401, { type: 'invalid_request_error', message });
}

function redactKey(key: string): string {
  const prefix = /^(sk|rk)_(test|live)_/.exec(key)?.[0] ?? '';
  const hidden = Math.max(0, key.length - prefix.length - 4);
  return `${prefix}${'*'.repeat(hidden)}${key.slice(prefix.length + hidden)}`;
}

/** Stripe's rate-limit answer: a 429 whose body stripe-node turns into StripeRateLimitError. */
export function rateLimited(): StripeApiFailure {
  return new StripeApiFailure(429, {
    type: 'invalid_request_error',
    code: 'rate_limit',
    doc_url: docUrl('rate_limit'),
    message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
  });
}

export function apiError(status: number): StripeApiFailure {
  return new StripeApiFailure(status, {
    type: 'api_error',
    message: 'An unknown error occurred while processing your request. Please try again later.',
  });
}

export function idempotencyMismatch(message: string): StripeApiFailure {
  return new StripeApiFailure(400, { type: 'idempotency_error', message });
}
