import { createDecipheriv, createHash } from 'node:crypto';
import { empty, type FakeAnswer, json } from './answers.js';
import type { AccessContext } from './auth.js';
import { apiTimestamp, type Clock, warsawDate } from './dates.js';
import { checkInvoice, type InvoiceStatusInfo } from './invoice-checks.js';
import { KsefException } from './ksef-errors.js';
import { newReferenceNumber } from './ksef-numbers.js';
import type { Ledger } from './ledger.js';
import type { MfKeys } from './public-keys.js';
import type { InvoiceRecord, SessionRecord } from './records.js';
import {
  base64Field,
  booleanField,
  integerField,
  jsonBody,
  optionalSha256Field,
  sha256Field,
} from './request-fields.js';
import { checkFormCode, newSession, sessionStatus, unwrapSessionKey } from './sessions.js';

/** An interactive session lives 12 h (research §4). */
const ONLINE_SESSION_MS = 12 * 3_600_000;
/** At most 10,000 invoices per session (research §10). */
export const MAX_INVOICES_PER_SESSION = 10_000;

export interface OnlineOptions {
  clock: Clock;
  keys: MfKeys;
  ledger: Ledger;
}

const DECRYPTION_FAILED: InvoiceStatusInfo = {
  code: 435,
  description: 'Błąd odszyfrowania pliku',
  details: ['Nie udało się odszyfrować faktury kluczem i wektorem sesji (AES-256-CBC, PKCS#7).'],
};

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** AES-256-CBC with PKCS#7 padding; the IV travels in the session, never as a prefix of the ciphertext. */
export function aesDecrypt(ciphertext: Buffer, key: Buffer, iv: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}

function checkSizeAndHash(bytes: Buffer, size: number, hash: string, what: string): void {
  if (bytes.length !== size) {
    throw new KsefException(21402, [
      `Długość treści nie zgadza się z rozmiarem pliku (${what}: ${bytes.length} ≠ ${size}).`,
    ]);
  }
  if (sha256(bytes) !== hash)
    throw new KsefException(21403, [`Skrót treści nie zgadza się ze skrótem pliku (${what}).`]);
}

export class OnlineSessions {
  constructor(private readonly options: OnlineOptions) {}

  open(context: AccessContext, body: Buffer): FakeAnswer {
    const request = jsonBody(body);
    checkFormCode(request);
    const sessionKey = unwrapSessionKey(request, this.options.keys);
    const now = this.options.clock();
    const ref = newReferenceNumber('SO', now);
    const session = newSession('online', ref, context, sessionKey, now, ONLINE_SESSION_MS, false);
    this.options.ledger.addSession(session);
    return json(201, { referenceNumber: ref, validUntil: apiTimestamp(session.validUntil) });
  }

  send(session: SessionRecord, body: Buffer): FakeAnswer {
    const state = sessionStatus(session).code;
    if (state !== 100) throw new KsefException(21180, [`Status sesji ${state} uniemożliwia wysyłkę faktur.`]);
    if (session.invoices.length >= MAX_INVOICES_PER_SESSION) {
      throw new KsefException(21155, [
        `Sesja o numerze referencyjnym ${session.ref} osiągnęła dozwolony limit liczby faktur ${MAX_INVOICES_PER_SESSION}.`,
      ]);
    }
    const request = jsonBody(body);
    const invoiceHash = sha256Field(request, 'invoiceHash');
    const invoiceSize = integerField(request, 'invoiceSize', 1, Number.MAX_SAFE_INTEGER);
    const encryptedHash = sha256Field(request, 'encryptedInvoiceHash');
    const encryptedSize = integerField(request, 'encryptedInvoiceSize', 1, Number.MAX_SAFE_INTEGER);
    const encrypted = base64Field(request, 'encryptedInvoiceContent');
    const offlineMode = booleanField(request, 'offlineMode', false);
    const hashOfCorrectedInvoice = optionalSha256Field(request, 'hashOfCorrectedInvoice') ?? null;
    checkSizeAndHash(encrypted, encryptedSize, encryptedHash, 'encryptedInvoiceContent');
    if (hashOfCorrectedInvoice !== null && !offlineMode) {
      throw new KsefException(21405, ['HashOfCorrectedInvoice can only be provided for offline invoices']);
    }
    const plain = aesDecrypt(encrypted, session.key!, session.iv);
    if (plain) checkSizeAndHash(plain, invoiceSize, invoiceHash, 'faktura po odszyfrowaniu');
    const corrects = hashOfCorrectedInvoice === null ? [] : this.correctable(session, hashOfCorrectedInvoice);

    const now = this.options.clock();
    const check = plain ? checkInvoice(plain, session.context.nip, warsawDate(now)) : { facts: {}, rejection: null };
    session.updatedAt = now;
    const record = this.options.ledger.receive({
      session,
      offlineMode,
      bytes: plain ?? Buffer.alloc(0),
      invoiceHash,
      fileName: null,
      invoicingDate: now,
      facts: check.facts,
      rejection: plain ? check.rejection : DECRYPTION_FAILED,
      hashOfCorrectedInvoice,
      corrects,
      dueAtMs: Date.now() + this.options.ledger.processingDelayMs,
    });
    return json(202, { referenceNumber: record.ref });
  }

  close(session: SessionRecord): FakeAnswer {
    const state = sessionStatus(session).code;
    if (state !== 100) throw new KsefException(21180, [`Status sesji ${state} uniemożliwia jej zamknięcie.`]);
    const now = this.options.clock();
    session.closedAt = now;
    session.updatedAt = now;
    return empty(204);
  }

  /**
   * The rejected offline invoices of this context that a technical correction names by hash (research §9): 21167
   * unless every one of them is offline and finally rejected for a reason a correction can fix, 21166 when one of
   * them already has a numbered correction.
   */
  private correctable(session: SessionRecord, hash: string): InvoiceRecord[] {
    const originals = this.options.ledger.invoices.filter(
      (invoice) => invoice.invoiceHash === hash && invoice.session.context.nip === session.context.nip,
    );
    if (originals.length === 0) {
      throw new KsefException(21405, [`Brak faktury o skrócie ${hash} w kontekście ${session.context.nip}.`]);
    }
    if (originals.some((invoice) => invoice.correctedBy !== null)) {
      throw new KsefException(21166, ['Faktura posiada już przetworzoną prawidłowo korektę techniczną.']);
    }
    for (const original of originals) {
      const code = original.status?.code;
      if (code === 200) {
        throw new KsefException(21167, ['Nie można wysłać korekty technicznej do prawidłowo przetworzonej faktury.']);
      }
      if (!original.offlineMode) {
        throw new KsefException(21167, [`Faktura ${original.ref} nie została wysłana w trybie offline.`]);
      }
      // Pending, cancelled (550: resend instead) and permission (410) outcomes are not for a technical correction.
      if (code === undefined || code === 410 || code < 400 || code >= 500) {
        throw new KsefException(21167, [
          `Status faktury ${original.ref} (${code ?? 'w przetwarzaniu'}) nie pozwala na korektę techniczną.`,
        ]);
      }
    }
    return originals;
  }
}
