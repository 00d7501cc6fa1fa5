/**
 * Fetching UPOs (research §6): from the pre-signed `upoDownloadUrl` of an invoice status (no token; not
 * rate-limited; expires, and every status call gives a fresh one), or by KSeF number from the API (with the access
 * token). The bytes are returned exactly as served, and checked against `x-ms-meta-hash` when the answer has one.
 */
import { createHash } from 'node:crypto';
import { UpstreamError, upstreamErrorOfStatus } from '../workers/upstream-error.js';
import { KSEF_XML_MAX_BYTES, segment } from './ksef-http.js';
import type { KsefContext } from './ksef-types.js';

export async function downloadUpo(ctx: KsefContext, url: string, signal: AbortSignal): Promise<Buffer> {
  const what = 'downloading a UPO';
  const answer = await ctx.http.presigned(
    url,
    { method: 'GET', headers: { accept: 'application/xml' }, signal },
    what,
    KSEF_XML_MAX_BYTES,
  );
  if (answer.status === 403 || answer.status === 404 || answer.status === 410) {
    throw new UpstreamError(
      'conflict',
      `the UPO link is no longer valid (${answer.status}); read the invoice status again for a fresh link`,
      { status: answer.status },
    );
  }
  if (answer.status < 200 || answer.status > 299) {
    throw upstreamErrorOfStatus(
      answer.status,
      `the UPO link answered ${answer.status}`,
      answer.headers.get('retry-after'),
    );
  }
  if (answer.body === null) {
    throw new UpstreamError('server', `the UPO is larger than ${KSEF_XML_MAX_BYTES} bytes`, { status: answer.status });
  }
  return checkedUpo(Buffer.from(answer.body), answer.headers, what);
}

export async function upoByKsefNumber(
  ctx: KsefContext,
  sessionRef: string,
  ksefNumber: string,
  signal: AbortSignal,
): Promise<Buffer> {
  const what = `reading the UPO of ${ksefNumber} in session ${sessionRef}`;
  const answer = await ctx.auth.withAuth(signal, (bearer) =>
    ctx.http.call({
      method: 'GET',
      path: `/sessions/${segment(sessionRef)}/invoices/ksef/${segment(ksefNumber)}/upo`,
      headers: { accept: 'application/xml' },
      bearer,
      signal,
      what,
      limit: KSEF_XML_MAX_BYTES,
    }),
  );
  return checkedUpo(Buffer.from(answer.body), answer.headers, what);
}

function checkedUpo(body: Buffer, headers: Headers, what: string): Buffer {
  if (body.byteLength === 0) throw new UpstreamError('server', `KSeF answered ${what} with an empty body`);
  const declared = headers.get('x-ms-meta-hash');
  if (declared) {
    const actual = createHash('sha256').update(body).digest('base64');
    if (actual !== declared.trim()) {
      throw new UpstreamError('server', `the UPO's bytes do not match its x-ms-meta-hash while ${what}`);
    }
  }
  return body;
}
