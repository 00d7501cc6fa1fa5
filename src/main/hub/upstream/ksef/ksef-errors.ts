/**
 * KSeF's error answers (open-api.json) as UpstreamErrors. A 400 carries an `ExceptionResponse`
 * (`exception.exceptionDetailList[{exceptionCode, exceptionDescription, details}]`) or, when the client asked for
 * `X-Error-Format: problem-details`, a `BadRequestProblemDetails` (`errors[{code, description, details}]`); a 429
 * a `TooManyRequestsResponse` and the Retry-After header; 401/403/410 problem details. The answer is untrusted: only
 * the fields named here are read, each checked, and what goes into a message is cut short.
 */
import { failureKindOfStatus, UpstreamError, type FailureKind } from '../workers/upstream-error.js';

/** KSeF exception codes the client acts on (open-api.json, research §2–§5, §9). */
export const KsefCode = {
  /** Invalid authorisation challenge. */
  INVALID_CHALLENGE: 21111,
  /** The session's invoice limit is reached: open a new session. */
  SESSION_INVOICE_LIMIT: 21155,
  /** Technical correction unavailable: the invoice already has a processed technical correction. */
  CORRECTION_ALREADY_DONE: 21166,
  /** The corrected invoice's status does not allow a technical correction (it was processed correctly). */
  CORRECTION_NOT_ALLOWED: 21167,
  /** No session with that reference number. */
  NO_SUCH_SESSION: 21173,
  /** No UPO for the given criteria. */
  UPO_NOT_FOUND: 21178,
  /** The session's status does not allow the operation (closed, expired): open a new session. */
  SESSION_STATUS: 21180,
  /** Unauthorised: tokens already redeemed, operation status does not allow it, or the KSeF token was revoked. */
  UNAUTHORISED: 21301,
  /** No such authentication operation. */
  NO_AUTHENTICATION: 21304,
  /** Size mismatch. */
  SIZE_MISMATCH: 21402,
  /** Hash mismatch. */
  HASH_MISMATCH: 21403,
  /** Input validation. */
  INPUT_VALIDATION: 21405,
  /** The public key named by publicKeyId is unknown or withdrawn: reload the keys and pick again. */
  UNKNOWN_PUBLIC_KEY: 21470,
} as const;

/** Longest share of KSeF's own words put into a message (and so into a job's last error). */
const MESSAGE_LIMIT = 600;

export interface KsefApiErrorOptions {
  status?: number | undefined;
  retryAfter?: string | undefined;
  cause?: unknown;
  ksefCode?: number | undefined;
  details?: string[] | undefined;
}

/** An error answer of the KSeF API. `ksefCode` is the exceptionCode (or problem-details error code) when it named one. */
export class KsefApiError extends UpstreamError {
  readonly ksefCode: number | undefined;
  readonly details: readonly string[];

  constructor(kind: FailureKind, message: string, options: KsefApiErrorOptions = {}) {
    super(kind, message, { status: options.status, retryAfter: options.retryAfter, cause: options.cause });
    this.name = 'KsefApiError';
    this.ksefCode = options.ksefCode;
    this.details = options.details ?? [];
  }
}

/** The error's KSeF exception code, when it is a KsefApiError that carries one. */
export function ksefCodeOf(error: unknown): number | undefined {
  return error instanceof KsefApiError ? error.ksefCode : undefined;
}

interface ParsedFault {
  code: number | undefined;
  description: string | undefined;
  details: string[];
}

/**
 * The UpstreamError for a non-2xx answer. `what` says what the client was doing ("opening an interactive session")
 * and `body` is the answer as read (null when it passed the size limit). 400 → `validation` with the exceptionCode;
 * 429 → `rate_limited` with Retry-After; 401/403 → `auth`; 5xx → `server`; 3xx (a redirect the client does not
 * follow, so a bearer is never re-sent elsewhere) → `validation`; anything else as `failureKindOfStatus` says.
 */
export function ksefErrorOf(status: number, headers: Headers, body: Uint8Array | null, what: string): KsefApiError {
  const retryAfter = headers.get('retry-after') ?? undefined;
  const fault = parseFault(body);
  const said = describe(fault);
  let kind = failureKindOfStatus(status);
  if (status >= 300 && status < 400) kind = 'validation';
  let message: string;
  if (status === 429) {
    message = `KSeF is rate-limiting ${what} (429${retryAfter ? `, retry after ${retryAfter}` : ''})${said}`;
  } else if (status === 401) {
    message = `KSeF did not accept the access token while ${what} (401)${said}`;
  } else if (status === 403) {
    message = `KSeF refused ${what} for lack of permission (403)${said}`;
  } else if (status >= 500) {
    message = `KSeF failed while ${what} (${status})${said}`;
  } else if (status >= 300 && status < 400) {
    message = `KSeF answered ${what} with a redirect (${status}), which is not followed`;
  } else {
    message = `KSeF refused ${what} (${status})${said}`;
  }
  return new KsefApiError(kind, message, {
    status,
    retryAfter,
    ksefCode: fault.code,
    details: fault.details,
  });
}

function describe(fault: ParsedFault): string {
  const parts: string[] = [];
  if (fault.code !== undefined) parts.push(String(fault.code));
  if (fault.description) parts.push(fault.description);
  let text = parts.join(' ');
  if (fault.details.length > 0) text += `${text ? ': ' : ''}${fault.details.join('; ')}`;
  if (!text) return '';
  return `: ${text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}…` : text}`;
}

function parseFault(body: Uint8Array | null): ParsedFault {
  const none: ParsedFault = { code: undefined, description: undefined, details: [] };
  if (body === null || body.byteLength === 0) return none;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return none;
  }
  if (!isRecord(json)) return none;
  // ExceptionResponse: { exception: { exceptionDetailList: [{ exceptionCode, exceptionDescription, details }] } }
  const exception = json['exception'];
  if (isRecord(exception) && Array.isArray(exception['exceptionDetailList'])) {
    const [first, ...rest] = exception['exceptionDetailList'].filter(isRecord);
    if (first) {
      return {
        code: integer(first['exceptionCode']),
        description: text(first['exceptionDescription']),
        details: [
          ...strings(first['details']),
          ...rest.map((d) => [integer(d['exceptionCode']), text(d['exceptionDescription'])].filter(Boolean).join(' ')),
        ].filter((d) => d !== ''),
      };
    }
  }
  // BadRequestProblemDetails: { title, detail, errors: [{ code, description, details }] }
  if (Array.isArray(json['errors'])) {
    const [first] = json['errors'].filter(isRecord);
    if (first) {
      return {
        code: integer(first['code']),
        description: text(first['description']),
        details: strings(first['details']),
      };
    }
  }
  // TooManyRequestsResponse: { status: { code, description, details } }
  const statusInfo = json['status'];
  if (isRecord(statusInfo)) {
    return { code: undefined, description: text(statusInfo['description']), details: strings(statusInfo['details']) };
  }
  // Other problem details (401, 403, 410): { title, detail, reasonCode? }
  const title = text(json['title']);
  const detail = text(json['detail']);
  const reason = text(json['reasonCode']);
  if (title || detail) {
    return {
      code: undefined,
      description: [title, reason].filter(Boolean).join(' ') || undefined,
      details: detail ? [detail] : [],
    };
  }
  return none;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}
