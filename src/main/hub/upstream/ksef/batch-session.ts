/**
 * Batch sessions (research §5): open with the package's declaration (archive size and hash, each encrypted part's
 * size and hash) and the wrapped key; upload each part with the method, URL and headers KSeF returned — never the
 * access token, the URL is pre-signed — a few at a time; close.
 */
import { UpstreamError, upstreamErrorOfStatus } from '../workers/upstream-error.js';
import type { BatchPackage, BatchPart } from './batch-package.js';
import { KsefCode, ksefCodeOf, ksefErrorOf } from './ksef-errors.js';
import { segment } from './ksef-http.js';
import { ShapeReader } from './ksef-shape.js';
import type { FormCode, KsefContext } from './ksef-types.js';
import { encryptionInfoOf, type SessionKey } from './session-crypto.js';

export interface PartUploadRequest {
  ordinalNumber: number;
  method: string;
  url: string;
  headers: Record<string, string>;
}

export interface OpenedBatchSession {
  referenceNumber: string;
  partUploadRequests: PartUploadRequest[];
}

export async function openBatchSession(
  ctx: KsefContext,
  request: { formCode: FormCode; pkg: BatchPackage; key: SessionKey; offlineMode: boolean },
  signal: AbortSignal,
): Promise<OpenedBatchSession> {
  try {
    return await openOnce(ctx, request, signal);
  } catch (error) {
    if (ksefCodeOf(error) !== KsefCode.UNKNOWN_PUBLIC_KEY) throw error;
    ctx.keys.invalidate();
    return openOnce(ctx, request, signal);
  }
}

async function openOnce(
  ctx: KsefContext,
  request: { formCode: FormCode; pkg: BatchPackage; key: SessionKey; offlineMode: boolean },
  signal: AbortSignal,
): Promise<OpenedBatchSession> {
  const what = 'opening a batch session';
  const { pkg } = request;
  const mfKey = await ctx.keys.get('SymmetricKeyEncryption', signal);
  const body = {
    formCode: request.formCode,
    batchFile: {
      fileSize: pkg.fileSize,
      fileHash: pkg.fileHash,
      fileParts: pkg.parts.map((p) => ({ ordinalNumber: p.ordinalNumber, fileSize: p.fileSize, fileHash: p.fileHash })),
    },
    encryption: encryptionInfoOf(request.key, mfKey),
    offlineMode: request.offlineMode,
  };
  const { json } = await ctx.auth.withAuth(signal, (bearer) =>
    ctx.http.json({ method: 'POST', path: '/sessions/batch', body, bearer, signal, what }),
  );
  const shape = new ShapeReader(what);
  const answer = shape.record(json, 'the answer');
  const referenceNumber = shape.string(answer, 'referenceNumber');
  const list = shape.array(answer, 'partUploadRequests');
  const partUploadRequests: PartUploadRequest[] = list.map((item, index) => {
    const entry = shape.record(item, `partUploadRequests[${index}]`);
    const headers: Record<string, string> = {};
    const given = entry['headers'];
    if (given !== undefined && given !== null) {
      for (const [name, value] of Object.entries(shape.record(given, `partUploadRequests[${index}].headers`))) {
        if (typeof value === 'string') headers[name] = value;
      }
    }
    return {
      ordinalNumber: shape.integer(entry, 'ordinalNumber', `partUploadRequests[${index}].ordinalNumber`),
      method: shape.nullableString(entry, 'method') ?? 'PUT',
      url: shape.string(entry, 'url', `partUploadRequests[${index}].url`),
      headers,
    };
  });
  for (const part of pkg.parts) {
    if (!partUploadRequests.some((r) => r.ordinalNumber === part.ordinalNumber)) {
      shape.fail(`no upload request for part ${part.ordinalNumber}`);
    }
  }
  return { referenceNumber, partUploadRequests };
}

/**
 * Uploads every part, `concurrency` at a time. The first failure stops the others and is thrown: 401/403 from the
 * storage means the link expired or was refused (`conflict`: a new batch gets new links); 5xx, 429, the network by
 * their kind.
 */
export async function uploadParts(
  ctx: KsefContext,
  session: OpenedBatchSession,
  parts: readonly BatchPart[],
  concurrency: number,
  signal: AbortSignal,
): Promise<void> {
  const stop = new AbortController();
  const both = AbortSignal.any([signal, stop.signal]);
  const queue = [...parts];
  let failure: unknown;
  const worker = async () => {
    for (let part = queue.shift(); part && failure === undefined; part = queue.shift()) {
      const ordinal = part.ordinalNumber;
      try {
        const request = session.partUploadRequests.find((r) => r.ordinalNumber === ordinal);
        if (!request) throw new UpstreamError('server', `KSeF gave no upload link for part ${ordinal}`);
        await uploadPart(ctx, session.referenceNumber, request, part, both);
      } catch (error) {
        failure ??= error;
        stop.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, parts.length)) }, worker));
  if (failure !== undefined) throw failure;
}

async function uploadPart(
  ctx: KsefContext,
  sessionRef: string,
  request: PartUploadRequest,
  part: BatchPart,
  signal: AbortSignal,
): Promise<void> {
  const what = `uploading part ${part.ordinalNumber} of batch session ${sessionRef}`;
  const headers = { ...request.headers };
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
  const answer = await ctx.http.presigned(
    request.url,
    { method: request.method, headers, body: part.bytes, signal },
    what,
    64 * 1024,
  );
  if (answer.status >= 200 && answer.status <= 299) return;
  if (answer.status === 401 || answer.status === 403) {
    throw new UpstreamError(
      'conflict',
      `the storage refused ${what} (${answer.status}): the upload link expired or was refused; a new batch gets new links`,
      { status: answer.status },
    );
  }
  if (answer.status === 400) throw ksefErrorOf(answer.status, answer.headers, answer.body, what);
  throw upstreamErrorOfStatus(
    answer.status,
    `the storage answered ${answer.status} while ${what}`,
    answer.headers.get('retry-after'),
  );
}

/** Closes the batch session: KSeF then checks the parts and processes the invoices. */
export async function closeBatchSession(ctx: KsefContext, referenceNumber: string, signal: AbortSignal): Promise<void> {
  const what = `closing batch session ${referenceNumber}`;
  await ctx.auth.withAuth(signal, (bearer) =>
    ctx.http.call({
      method: 'POST',
      path: `/sessions/batch/${segment(referenceNumber)}/close`,
      bearer,
      signal,
      what,
    }),
  );
}
