/**
 * Why an attempt failed. The first six may clear up by themselves, so the job is retried with the same key; the
 * rest will fail the same way every time and need a person, so the job goes dead (DESIGN §6). A 409 is retryable
 * because upstreams use it for "a request with this key is still in progress" and for lock contention. `not_ready`
 * is no fault at all: the upstream does not have the object yet (a Stripe reader has not forwarded the payment it
 * stored offline), so the job waits for it.
 */
export type FailureKind =
  | 'network'
  | 'timeout'
  | 'server'
  | 'conflict'
  | 'rate_limited'
  | 'not_ready'
  | 'validation'
  | 'auth'
  | 'business'
  | 'unexpected';

const RETRYABLE: ReadonlySet<FailureKind> = new Set([
  'network',
  'timeout',
  'server',
  'conflict',
  'rate_limited',
  'not_ready',
]);

export interface UpstreamErrorOptions {
  status?: number | undefined;
  /** The upstream's Retry-After header as sent: delta-seconds or an HTTP date. */
  retryAfter?: string | undefined;
  cause?: unknown;
}

/** A classified failure of one attempt. Connectors throw these; the pool turns anything else into one. */
export class UpstreamError extends Error {
  readonly status: number | undefined;
  readonly retryAfter: string | undefined;

  constructor(
    readonly kind: FailureKind,
    message: string,
    options: UpstreamErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UpstreamError';
    this.status = options.status;
    this.retryAfter = options.retryAfter;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

/** The classification of an HTTP error status (DESIGN §6): 408, 409, 425, 429 and 5xx retry; other 4xx are final. */
export function failureKindOfStatus(status: number): FailureKind {
  if (status === 429) return 'rate_limited';
  if (status === 409) return 'conflict';
  if (status === 408 || status === 425) return 'timeout';
  if (status >= 500) return 'server';
  if (status === 401 || status === 403) return 'auth';
  if (status === 400 || status === 404 || status === 413 || status === 422) return 'validation';
  return 'business';
}

export function upstreamErrorOfStatus(status: number, message: string, retryAfter?: string | null): UpstreamError {
  return new UpstreamError(failureKindOfStatus(status), message, { status, retryAfter: retryAfter ?? undefined });
}

/** Node and undici socket error codes that mean "could not talk to it", not "it said no". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Whatever a perform threw, as an UpstreamError. Socket failures (also when wrapped, as fetch wraps them in
 * `TypeError: fetch failed`) are `network`; aborts and timeouts are `timeout`. Anything else is `unexpected` and
 * final: a connector that throws what it did not classify has met a case nobody handled, and a dead job with an
 * alert shows that at once, where endless retries would hide it behind a growing queue.
 */
export function classifyFailure(error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (cause.name === 'AbortError' || cause.name === 'TimeoutError') {
      return new UpstreamError('timeout', cause.message, { cause: error });
    }
    if (typeof code === 'string' && NETWORK_CODES.has(code)) {
      return new UpstreamError('network', `${code}: ${cause.message}`, { cause: error });
    }
    cause = cause.cause;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError('unexpected', message, { cause: error });
}
