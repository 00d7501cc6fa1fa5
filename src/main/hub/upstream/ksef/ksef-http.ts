/**
 * HTTP to the KSeF API 2.0 (research §2–§6, open-api.json): JSON requests under the configured base, with a bearer
 * when the call is protected, and downloads from the pre-signed links KSeF hands out (UPO, batch parts), which carry
 * no token. Every answer is read within a size limit; every failure ends as an UpstreamError (`ksefErrorOf` for an
 * error answer, classifyFailure for a socket failure or an abort). Bearer values and the KSeF token never appear in a
 * message: messages are built from the request's purpose and KSeF's own error fields only.
 */
import { readBounded } from '../http/read-bounded.js';
import { classifyFailure, UpstreamError } from '../workers/upstream-error.js';
import { ksefErrorOf } from './ksef-errors.js';

/** JSON answers: a session's invoice page of 1000 statuses is well under this. */
export const KSEF_JSON_MAX_BYTES = 8 * 1024 * 1024;
/** XML answers (UPO): a session UPO page lists up to 10,000 invoices. */
export const KSEF_XML_MAX_BYTES = 32 * 1024 * 1024;

export interface KsefHttpOptions {
  apiBase: string;
  fetch?: typeof fetch | undefined;
  /** Where KSeF's X-System-Warning headers go (never a token). */
  log?: ((message: string) => void) | undefined;
}

export interface KsefCall {
  method: 'GET' | 'POST';
  /** Under the base, e.g. `/auth/challenge`; path parameters already encoded by `segment`. */
  path: string;
  query?: Record<string, string | number> | undefined;
  body?: unknown;
  bearer?: string | undefined;
  headers?: Record<string, string> | undefined;
  signal: AbortSignal;
  /** What the call does, for messages: "opening an interactive session". */
  what: string;
  limit?: number | undefined;
}

export interface KsefAnswer {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** A path parameter, encoded (reference numbers and KSeF numbers are plain, but the answer that gave them is not trusted). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

export class KsefHttp {
  readonly base: URL;
  private readonly fetchImpl: typeof fetch;
  private readonly log: ((message: string) => void) | undefined;

  constructor(options: KsefHttpOptions) {
    this.base = checkedUrl(options.apiBase, 'the KSeF API base');
    if (!this.base.pathname.endsWith('/')) this.base.pathname += '/';
    this.fetchImpl = options.fetch ?? fetch;
    this.log = options.log;
  }

  /** A call whose 2xx answer is JSON; resolves with the parsed JSON (`null` for an empty 2xx body such as a 204). */
  async json(call: KsefCall): Promise<{ status: number; headers: Headers; json: unknown }> {
    const answer = await this.call({ ...call, headers: { accept: 'application/json', ...call.headers } });
    if (answer.body.byteLength === 0) return { status: answer.status, headers: answer.headers, json: null };
    try {
      const json: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(answer.body));
      return { status: answer.status, headers: answer.headers, json };
    } catch (error) {
      throw new UpstreamError('server', `KSeF answered ${call.what} with something that is not JSON`, {
        status: answer.status,
        cause: error,
      });
    }
  }

  /** A call under the API base; resolves with a 2xx answer's bytes, throws an UpstreamError for anything else. */
  async call(call: KsefCall): Promise<KsefAnswer> {
    const url = new URL(call.path.replace(/^\//, ''), this.base);
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, String(value));
    const headers = headerSet(call.headers ?? {}, call.bearer);
    let body: string | undefined;
    if (call.body !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(call.body);
    }
    return this.exchange(url, { method: call.method, headers, body, signal: call.signal }, call.what, call.limit);
  }

  /**
   * A request to a URL KSeF handed out (a pre-signed UPO link, a batch part's upload URL): no Authorization header
   * ever. Resolves with the answer whatever its status, so the caller decides what an expired link means.
   */
  async presigned(
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: Uint8Array; signal: AbortSignal },
    what: string,
    limit = KSEF_JSON_MAX_BYTES,
  ): Promise<{ status: number; headers: Headers; body: Uint8Array | null }> {
    const target = checkedUrl(url, `the link KSeF gave for ${what}`);
    const headers = headerSet(init.headers ?? {}, undefined);
    headers.delete('authorization');
    try {
      const response = await this.fetchImpl(target, {
        method: init.method,
        headers,
        body: init.body as BodyInit | undefined,
        signal: init.signal,
        redirect: 'manual',
      });
      const body = await readBounded(response, limit);
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      throw failureOf(error, what, target);
    }
  }

  private async exchange(
    url: URL,
    init: { method: string; headers: Headers; body: string | undefined; signal: AbortSignal },
    what: string,
    limit = KSEF_JSON_MAX_BYTES,
  ): Promise<KsefAnswer> {
    let response: Response;
    let body: Uint8Array | null;
    try {
      // A redirect would carry the bearer somewhere the settings never named; it is reported instead.
      response = await this.fetchImpl(url, { ...init, redirect: 'manual' });
      body = await readBounded(response, limit);
    } catch (error) {
      throw failureOf(error, what, url);
    }
    const warning = response.headers.get('x-system-warning');
    if (warning && this.log) this.log(`KSeF warns while ${what}: ${warning.slice(0, 500)}`);
    if (response.status < 200 || response.status > 299) {
      throw ksefErrorOf(response.status, response.headers, body, what);
    }
    if (body === null) {
      throw new UpstreamError('server', `KSeF answered ${what} with more than ${limit} bytes`, {
        status: response.status,
      });
    }
    return { status: response.status, headers: response.headers, body };
  }
}

function headerSet(values: Record<string, string>, bearer: string | undefined): Headers {
  try {
    const headers = new Headers(values);
    if (bearer !== undefined) headers.set('authorization', `Bearer ${bearer}`);
    return headers;
  } catch {
    // The header API's own message quotes the offending value, which may be a token: say what, not which.
    throw new UpstreamError('server', 'a KSeF token or header has characters an HTTP header cannot carry');
  }
}

function failureOf(error: unknown, what: string, url: URL): UpstreamError {
  const failure = classifyFailure(error);
  return new UpstreamError(failure.kind, `no answer from KSeF at ${url.host} while ${what}: ${failure.message}`, {
    cause: error,
  });
}

/** https anywhere; plain http only to this very computer (a loopback fake). */
export function checkedUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UpstreamError('validation', `${what} is not a valid URL`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UpstreamError('validation', `${what} must not hold credentials`);
  }
  const loopback = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UpstreamError('validation', `${what} must use https (it uses ${url.protocol})`);
  }
  return url;
}
