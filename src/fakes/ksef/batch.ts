import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { unzipSync } from 'fflate';
import { empty, type FakeAnswer, json } from './answers.js';
import type { AccessContext } from './auth.js';
import { type Clock, warsawDate } from './dates.js';
import { checkInvoice } from './invoice-checks.js';
import { KsefException } from './ksef-errors.js';
import { newReferenceNumber } from './ksef-numbers.js';
import type { Ledger } from './ledger.js';
import { aesDecrypt, MAX_INVOICES_PER_SESSION } from './online.js';
import type { MfKeys } from './public-keys.js';
import type { DeclaredPart, SessionRecord } from './records.js';
import {
  booleanField,
  integerField,
  jsonBody,
  type JsonObject,
  objectField,
  optionalStringField,
  sha256Field,
} from './request-fields.js';
import { checkFormCode, newSession, sessionStatus, unwrapSessionKey } from './sessions.js';
import { STORAGE_BASE, type Storage, storageError } from './storage.js';

/** Research §5: at most 50 parts of at most 100 MB before encryption each, 5 GB in all. */
const MAX_PARTS = 50;
const MAX_PART_BYTES = 100_000_000;
/** The largest encrypted part: PKCS#7 adds a whole block to a plaintext that fills its last one. */
export const MAX_ENCRYPTED_PART_BYTES = MAX_PART_BYTES + 16;
const MAX_ARCHIVE_BYTES = 5_000_000_000;
/** Each part may be uploaded for 20 minutes per declared part after the session opens. */
const UPLOAD_WINDOW_PER_PART_MS = 20 * 60_000;

export interface BatchOptions {
  clock: Clock;
  keys: MfKeys;
  ledger: Ledger;
  storage: Storage;
}

const PART_PATH = new RegExp(`^${STORAGE_BASE}/([^/]+)/batch-parts/(\\d+)$`);

/** The session and part a batch-part upload path names, if it is one. */
export function batchPartOf(path: string): { sessionRef: string; ordinalNumber: number } | undefined {
  const match = PART_PATH.exec(path);
  return match ? { sessionRef: match[1]!, ordinalNumber: Number(match[2]) } : undefined;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

function declaredParts(batchFile: JsonObject): DeclaredPart[] {
  const list = batchFile['fileParts'];
  if (!Array.isArray(list) || list.length === 0) {
    throw new KsefException(21405, ["Pole 'batchFile.fileParts' musi być niepustą tablicą."]);
  }
  if (list.length > MAX_PARTS) {
    throw new KsefException(21161, [`Zadeklarowano ${list.length} części; dozwolone jest najwyżej ${MAX_PARTS}.`]);
  }
  const parts = list.map((item: unknown, index) => {
    const path = `batchFile.fileParts[${index}]`;
    const part = objectField({ part: item }, 'part', path);
    const ordinalNumber = integerField(part, 'ordinalNumber', 1, MAX_PARTS, `${path}.ordinalNumber`);
    const fileSize = integerField(part, 'fileSize', 1, Number.MAX_SAFE_INTEGER, `${path}.fileSize`);
    if (fileSize > MAX_ENCRYPTED_PART_BYTES) {
      throw new KsefException(21157, [`Rozmiar części ${ordinalNumber} przekroczył dozwolony rozmiar 100MB.`]);
    }
    return { ordinalNumber, fileSize, fileHash: sha256Field(part, 'fileHash', `${path}.fileHash`), bytes: null };
  });
  parts.sort((a, b) => a.ordinalNumber - b.ordinalNumber);
  if (parts.some((part, index) => part.ordinalNumber !== index + 1)) {
    throw new KsefException(21405, ['Numery części muszą być kolejnymi liczbami od 1.']);
  }
  return parts;
}

/**
 * Batch sessions (research §5): open with the package declared, parts PUT to pre-signed storage links without the
 * access token, close; then the parts are decrypted, joined, checked against the declared archive, unzipped, and
 * each file is processed as an invoice whose invoicingDate is the session's opening.
 */
export class BatchSessions {
  constructor(private readonly options: BatchOptions) {}

  open(context: AccessContext, body: Buffer): FakeAnswer {
    const request = jsonBody(body);
    checkFormCode(request);
    const batchFile = objectField(request, 'batchFile');
    const fileSize = integerField(batchFile, 'fileSize', 1, MAX_ARCHIVE_BYTES, 'batchFile.fileSize');
    const fileHash = sha256Field(batchFile, 'fileHash', 'batchFile.fileHash');
    const compression = optionalStringField(batchFile, 'compressionType', 'batchFile.compressionType') ?? 'Zip';
    if (compression !== 'Zip') {
      throw new KsefException(21405, [`Fake KSeF przyjmuje wyłącznie paczki Zip (compressionType: ${compression}).`]);
    }
    const parts = declaredParts(batchFile);
    const sessionKey = unwrapSessionKey(request, this.options.keys);
    const offlineMode = booleanField(request, 'offlineMode', false);
    const now = this.options.clock();
    const ref = newReferenceNumber('SB', now);
    const windowMs = UPLOAD_WINDOW_PER_PART_MS * parts.length;
    const session = newSession('batch', ref, context, sessionKey, now, windowMs, offlineMode);
    session.batch = { fileSize, fileHash, parts };
    this.options.ledger.addSession(session);
    return json(201, {
      referenceNumber: ref,
      partUploadRequests: parts.map((part) => ({
        ordinalNumber: part.ordinalNumber,
        method: 'PUT',
        url: this.options.storage.link(partPath(ref, part.ordinalNumber), session.validUntil, 'w'),
        headers: { 'x-ms-blob-type': 'BlockBlob' },
      })),
    });
  }

  /** A PUT through a link already checked; the storage answers in its own XML errors, not the API's. */
  uploadPart(sessionRef: string, ordinalNumber: number, headers: IncomingHttpHeaders, body: Buffer): FakeAnswer {
    if (headers.authorization !== undefined) {
      return storageError(400, 'InvalidAuthenticationInfo', 'A batch part is uploaded without the access token.');
    }
    if (headers['x-ms-blob-type'] !== 'BlockBlob') {
      return storageError(400, 'MissingRequiredHeader', 'The x-ms-blob-type header must be BlockBlob.');
    }
    const session = this.options.ledger.sessions.get(sessionRef);
    const part = session?.batch?.parts.find((candidate) => candidate.ordinalNumber === ordinalNumber);
    if (!session || !part) return storageError(404, 'BlobNotFound', 'No such batch part was declared.');
    if (session.closedAt !== null) {
      return storageError(403, 'AuthorizationFailure', 'The batch session no longer takes parts.');
    }
    if (body.length !== part.fileSize) {
      return storageError(
        400,
        'InvalidInput',
        `Part ${ordinalNumber} is ${body.length} bytes; ${part.fileSize} were declared.`,
      );
    }
    if (sha256(body) !== part.fileHash) {
      return storageError(400, 'Md5Mismatch', `Part ${ordinalNumber} does not match its declared SHA-256.`);
    }
    part.bytes = body;
    session.updatedAt = this.options.clock();
    return empty(201);
  }

  close(session: SessionRecord): FakeAnswer {
    // Only the upload timeout fails a batch session before it is closed.
    if (session.closedAt !== null && session.failure?.code === 440) {
      throw new KsefException(21208, ['Sesja anulowana, przekroczony czas wysyłki.']);
    }
    const state = sessionStatus(session).code;
    if (state !== 100) throw new KsefException(21180, [`Status sesji ${state} uniemożliwia jej zamknięcie.`]);
    const missing = session.batch!.parts.find((part) => part.bytes === null);
    if (missing) {
      throw new KsefException(21205, [`Nie przesłano zadeklarowanej '${missing.ordinalNumber}' części pliku.`]);
    }
    const now = this.options.clock();
    session.closedAt = now;
    session.updatedAt = now;
    const files = this.unpack(session);
    // "Not later than the day KSeF accepts it": the processing day, which is at or after the session's opening.
    const checks = files.map(([, bytes]) => checkInvoice(bytes, session.context.nip, warsawDate(now)));
    // The delay runs from the end of the unpacking, so a slow machine still shows the session processing first.
    session.processingDueAtMs = Date.now() + this.options.ledger.processingDelayMs;
    files.forEach(([fileName, bytes], index) => {
      this.options.ledger.receive({
        session,
        offlineMode: session.offlineMode,
        bytes,
        invoiceHash: sha256(bytes),
        fileName,
        invoicingDate: session.openedAt,
        facts: checks[index]!.facts,
        rejection: checks[index]!.rejection,
        hashOfCorrectedInvoice: null,
        corrects: [],
        dueAtMs: session.processingDueAtMs!,
      });
    });
    return empty(204);
  }

  /** The files of the package; none when the package as a whole fails, which sets the session's failure. */
  private unpack(session: SessionRecord): [string, Buffer][] {
    const batch = session.batch!;
    const fail = (code: number, description: string): [] => {
      session.failure = { code, description };
      return [];
    };
    const plainParts: Buffer[] = [];
    for (const part of batch.parts) {
      const plain = aesDecrypt(part.bytes!, session.key!, session.iv);
      if (!plain) return fail(435, 'Błąd odszyfrowania zaszyfrowanych części archiwum');
      plainParts.push(plain);
    }
    const archive = Buffer.concat(plainParts);
    if (archive.length !== batch.fileSize || sha256(archive) !== batch.fileHash) {
      return fail(405, 'Błąd weryfikacji poprawności dostarczonych elementów paczki');
    }
    let files: [string, Buffer][];
    try {
      files = Object.entries(unzipSync(archive))
        .filter(([name]) => !name.endsWith('/'))
        .map(([name, content]) => [name, Buffer.from(content)]);
    } catch {
      return fail(430, 'Błąd dekompresji pierwotnego archiwum');
    }
    if (files.length > MAX_INVOICES_PER_SESSION) return fail(420, 'Przekroczony limit faktur w sesji');
    return files;
  }
}

function partPath(sessionRef: string, ordinalNumber: number): string {
  return `${STORAGE_BASE}/${sessionRef}/batch-parts/${ordinalNumber}`;
}
