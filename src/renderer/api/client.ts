/**
 * Minimal fetch wrapper for the hub's admin API. The SPA is served by the hub's UI listener, so every
 * request is same-origin with a relative URL and the session cookie travels automatically.
 * Failures are turned into an ApiError carrying the hub's `{ error: { code, message } }`.
 */

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status, or 0 when the hub could not be reached at all. */
    readonly status: number,
    /** Machine-readable code from the hub (e.g. INVALID_CREDENTIALS), or a local one (NETWORK_ERROR, BAD_RESPONSE). */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorFromBody(status: number, body: unknown): ApiError {
  if (isRecord(body) && isRecord(body.error)) {
    const code = typeof body.error.code === 'string' ? body.error.code : `HTTP_${status}`;
    const message = typeof body.error.message === 'string' ? body.error.message : '';
    return new ApiError(status, code, message);
  }
  return new ApiError(status, `HTTP_${status}`, '');
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The hub could not be reached.');
  }

  const payload = await readJson(response);
  if (!response.ok) throw errorFromBody(response.status, payload);
  if (response.status === 204) return undefined as T;
  if (payload === undefined) throw new ApiError(response.status, 'BAD_RESPONSE', 'The hub sent an unreadable answer.');
  return payload as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** `a=1&b=2` from the defined values only (empty ones are left out). */
export function queryString(values: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values))
    if (value !== undefined && value !== '') query.set(name, String(value));
  return query.toString();
}

const FRIENDLY_MESSAGES: Record<string, string> = {
  NETWORK_ERROR: 'Cannot reach the hub. Check that Backroom is running on this computer.',
  BAD_RESPONSE: 'The hub sent an answer this page cannot read. Try reloading the page.',
  INVALID_CREDENTIALS: 'That name and PIN do not match. Check them and try again.',
  ACCOUNT_LOCKED:
    'This account is locked after too many wrong PINs. Wait a few minutes, or ask the owner to unlock it.',
  SETUP_CODE_INVALID: 'That setup code is not valid. Use the code printed in the hub’s console when it first started.',
  SETUP_DONE: 'This hub is already set up. Log in instead.',
  UNAUTHENTICATED: 'Your session has ended. Please log in again.',
  FORBIDDEN: 'Your role does not allow this action.',
  RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
  INVALID_REQUEST: 'Some details are not in the expected form. Check the fields and try again.',
};

function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** A sentence a store manager can read; never raw JSON. A screen may word some codes its own way (`messages`). */
export function describeError(error: unknown, messages: Readonly<Record<string, string>> = {}): string {
  if (error instanceof ApiError) {
    const friendly = messages[error.code] ?? FRIENDLY_MESSAGES[error.code];
    if (friendly) return friendly;
    if (error.message) return sentence(error.message);
    if (error.status >= 500) return `The hub ran into a problem (HTTP ${error.status}). Try again in a moment.`;
    return `The request was refused (HTTP ${error.status}).`;
  }
  return 'Something went wrong. Try again.';
}
