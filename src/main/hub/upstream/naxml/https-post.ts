/**
 * HTTPS POST of one NAXML document to a cloud back office, which answers with a NAXML-Acknowledgement (research
 * §A.6). The answer is untrusted: it is read with a hard size limit, the stream cut as soon as it passes it, and
 * parsed by `parseAcknowledgement`. Every resend carries the same file name and Idempotency-Key, so a resend of a
 * document the back office already took is harmless; that is what lets any doubt about the outcome be retried.
 */
import { readBounded } from '../http/read-bounded.js';
import { failureKindOfStatus, UpstreamError } from '../workers/upstream-error.js';
import { ACK_MAX_BYTES, AcknowledgementError, parseAcknowledgement } from './acknowledgement.js';
import type { Acknowledgement } from './naxml-documents.js';
import type { NaxmlAuth } from './naxml-transport.js';

export interface PostDocumentRequest {
  url: string;
  auth: NaxmlAuth;
  fileName: string;
  /** The document's UTF-8 bytes. */
  document: Uint8Array<ArrayBuffer>;
  idempotencyKey: string;
  signal: AbortSignal;
}

/** A document the back office took: `ack.status` is Success or NonFatalError (a warning the wiring keeps). */
export interface PostedDocument {
  status: number;
  ack: Acknowledgement;
}

/** Longest share of the acknowledgement's messages put into an error (and so into the job's last error). */
const MESSAGE_LIMIT = 1000;

/**
 * Resolves when the back office took the document. Throws UpstreamErrors: `business` for a FatalError
 * acknowledgement at any HTTP status (final: the document itself is refused); by status otherwise (5xx, 408, 409,
 * 429 retried with Retry-After passed on; 401/403 `auth`; other 4xx and 3xx `validation`); `network` when the back
 * office cannot be reached or the connection breaks; `server` for a 2xx whose acknowledgement is unreadable,
 * hostile or oversized, since the document's fate is then unknown and a resend is safe. Credentials never appear
 * in a message.
 */
export async function postDocument(request: PostDocumentRequest): Promise<PostedDocument> {
  const endpoint = endpointOf(request.url);
  const headers = headersOf(request);
  let response: Response;
  let body: Uint8Array | null;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: request.document,
      signal: request.signal,
      // A redirect would re-send the credentials somewhere Settings never named; it is reported instead.
      redirect: 'manual',
    });
    body = await readBounded(response, ACK_MAX_BYTES);
  } catch (error) {
    // An abort (timeout, shutdown) is the pool's to classify, by the reason it gave.
    if (request.signal.aborted) throw error;
    throw new UpstreamError('network', `no answer from the back office at ${endpoint.host}: ${reasonOf(error)}`, {
      cause: error,
    });
  }

  const { status } = response;
  const answer = readAcknowledgement(body);
  if (answer.ack?.status === 'FatalError') {
    throw new UpstreamError(
      'business',
      `the back office refused ${request.fileName} (FatalError): ${summary(answer.ack)}`,
      { status },
    );
  }
  if (status < 200 || status > 299) {
    const kind = failureKindOfStatus(status);
    // A back office refuses a document with a FatalError acknowledgement; a bare 4xx (or a redirect) is about the
    // request itself, a wrong URL or a refused method, which no resend mends.
    throw new UpstreamError(
      kind === 'business' ? 'validation' : kind,
      `the back office at ${endpoint.host} answered ${status} for ${request.fileName}`,
      { status, retryAfter: response.headers.get('retry-after') ?? undefined },
    );
  }
  if (!answer.ack) {
    throw new UpstreamError(
      'server',
      `the back office answered ${status} for ${request.fileName} but not with a readable acknowledgement ` +
        `(${answer.problem}); its fate is unknown, so it is sent again`,
      { status },
    );
  }
  return { status, ack: answer.ack };
}

function endpointOf(url: string): URL {
  let endpoint: URL;
  try {
    endpoint = new URL(url);
  } catch {
    throw new UpstreamError('validation', 'the Conexxus back office URL is not a valid URL');
  }
  if (endpoint.username !== '' || endpoint.password !== '') {
    throw new UpstreamError('validation', 'the Conexxus back office URL must not hold credentials; set them as auth');
  }
  // The request carries a password or token and the store's sales: plain http only to this very computer.
  const loopback = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/.test(endpoint.hostname);
  if (endpoint.protocol !== 'https:' && !(endpoint.protocol === 'http:' && loopback)) {
    throw new UpstreamError('validation', `the Conexxus back office URL must use https (it uses ${endpoint.protocol})`);
  }
  return endpoint;
}

function headersOf(request: PostDocumentRequest): Headers {
  try {
    const headers = new Headers({
      'Content-Type': 'application/xml; charset=utf-8',
      'Idempotency-Key': request.idempotencyKey,
      'X-NAXML-File-Name': request.fileName,
    });
    const { auth } = request;
    if (auth.kind === 'basic') {
      headers.set('Authorization', `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`);
    } else if (auth.kind === 'bearer') {
      headers.set('Authorization', `Bearer ${auth.token}`);
    }
    return headers;
  } catch {
    // The header API's own message quotes the offending value, which may be the token: say what, not which.
    throw new UpstreamError(
      'validation',
      'the Conexxus token, user name or file name has characters an HTTP header cannot carry (line breaks, non-Latin-1)',
    );
  }
}

function readAcknowledgement(
  body: Uint8Array | null,
): { ack: Acknowledgement; problem?: never } | { ack?: never; problem: string } {
  if (body === null) return { problem: `the answer is larger than ${ACK_MAX_BYTES} bytes` };
  try {
    return { ack: parseAcknowledgement(body) };
  } catch (error) {
    if (error instanceof AcknowledgementError) return { problem: error.message };
    throw error;
  }
}

function summary(ack: Acknowledgement): string {
  const text =
    ack.messages
      .filter((m) => m.message !== '')
      .map((m) => (m.lineNumber === null ? m.message : `line ${m.lineNumber}: ${m.message}`))
      .join('; ') || 'no message given';
  return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}…` : text;
}

/** The socket error code fetch wraps (`TypeError: fetch failed` ← ECONNREFUSED), else the innermost message. */
function reasonOf(error: unknown): string {
  let innermost = error;
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    innermost = cause;
    cause = cause.cause;
  }
  return innermost instanceof Error ? innermost.message : String(innermost);
}
