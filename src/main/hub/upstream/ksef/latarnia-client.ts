/**
 * Reads KSeF's public status service, Latarnia (research/ksef.md §1, §7): no credentials, one GET of `{url}/status`.
 * The answer is untrusted and the service has been flaky (502/504, placeholder data on TEST), so the body is read
 * with a size limit and checked field by field, and every way of not getting a usable status ends as a classified
 * UpstreamError. The caller treats any of them as "Latarnia unreachable" — never as a failure announcement.
 */
import { classifyFailure, UpstreamError, upstreamErrorOfStatus } from '../workers/upstream-error.js';
import { LatarniaShapeError, parseLatarniaStatus, type LatarniaStatus } from './latarnia-status.js';
import { readBounded } from '../http/read-bounded.js';

/** Generous for a status and a list of announcements (a few kB each), small enough that a runaway answer is cut. */
export const LATARNIA_MAX_BYTES = 1024 * 1024;

export interface ReadLatarniaOptions {
  /** Latarnia's base, e.g. `https://api-latarnia.ksef.mf.gov.pl/`; a trailing slash is optional. */
  url: string;
  /** Aborts the request; the caller's timeout (`AbortSignal.timeout`) ends as a `timeout` UpstreamError. */
  signal: AbortSignal;
  fetch?: typeof fetch;
}

/**
 * Latarnia's current status and messages. Throws UpstreamError: `network` or `timeout` when it cannot be reached,
 * by status for an HTTP error (5xx → `server`), `server` for an answer that is oversized, not JSON, or not shaped as
 * documented, and `validation` for a URL that is not one.
 */
export async function readLatarnia(options: ReadLatarniaOptions): Promise<LatarniaStatus> {
  const endpoint = statusEndpoint(options.url);
  const where = `Latarnia at ${endpoint.host}`;
  let response: Response;
  let body: Uint8Array | null;
  try {
    response = await (options.fetch ?? fetch)(endpoint, {
      headers: { accept: 'application/json', 'cache-control': 'no-cache' },
      signal: options.signal,
    });
    body = await readBounded(response, LATARNIA_MAX_BYTES);
  } catch (error) {
    const failure = classifyFailure(error);
    throw new UpstreamError(failure.kind, `${where} did not answer: ${failure.message}`, { cause: error });
  }
  if (!response.ok) {
    throw upstreamErrorOfStatus(
      response.status,
      `${where} answered ${response.status}`,
      response.headers.get('retry-after'),
    );
  }
  if (body === null) {
    throw new UpstreamError('server', `${where} answered more than ${LATARNIA_MAX_BYTES} bytes`, {
      status: response.status,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw new UpstreamError('server', `${where} answered something that is not JSON`, {
      status: response.status,
      cause: error,
    });
  }
  try {
    return parseLatarniaStatus(json);
  } catch (error) {
    if (!(error instanceof LatarniaShapeError)) throw error;
    throw new UpstreamError('server', `${where} answered an unexpected shape: ${error.message}`, {
      status: response.status,
      cause: error,
    });
  }
}

function statusEndpoint(url: string): URL {
  try {
    // Resolved against a base ending in `/`, or `status` would replace the base's last segment.
    return new URL('status', url.endsWith('/') ? url : `${url}/`);
  } catch {
    throw new UpstreamError('validation', `the Latarnia URL is not a valid URL: ${JSON.stringify(url)}`);
  }
}
