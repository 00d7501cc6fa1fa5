/**
 * What interactive and batch sessions share: opening (form code, the wrapped AES key), the session's status as
 * SessionStatusResponse codes, expiry, and the lookup every session endpoint starts with.
 */
import type { AccessContext } from './auth.js';
import { addMs } from './dates.js';
import type { InvoiceStatusInfo } from './invoice-checks.js';
import { KsefException, KsefRefusal } from './ksef-errors.js';
import type { Ledger } from './ledger.js';
import type { MfKeys } from './public-keys.js';
import type { InvoiceRecord, SessionKind, SessionRecord } from './records.js';
import { base64Field, type JsonObject, objectField, optionalStringField, stringField } from './request-fields.js';

export interface SessionKey {
  key: Buffer | null;
  iv: Buffer;
}

/** The only form the fake takes: FA (3) 1-0E, written with the space KSeF insists on. */
export function checkFormCode(request: JsonObject): void {
  const formCode = objectField(request, 'formCode');
  const systemCode = stringField(formCode, 'systemCode', 'formCode.systemCode');
  const schemaVersion = stringField(formCode, 'schemaVersion', 'formCode.schemaVersion');
  const value = stringField(formCode, 'value', 'formCode.value');
  if (systemCode !== 'FA (3)' || schemaVersion !== '1-0E' || value !== 'FA') {
    throw new KsefException(21405, [
      `Wskazany kod formularza nie jest wspierany: ${systemCode} ${schemaVersion} ${value} (fake KSeF przyjmuje FA (3) 1-0E FA).`,
    ]);
  }
}

/**
 * The session key from `encryption`: a key that does not unwrap to 32 bytes opens the session anyway, in status 415
 * (the key is decrypted asynchronously in KSeF), while a malformed IV or an unknown key id is refused at once.
 */
export function unwrapSessionKey(request: JsonObject, keys: MfKeys): SessionKey {
  const encryption = objectField(request, 'encryption');
  const wrapped = base64Field(encryption, 'encryptedSymmetricKey', 'encryption.encryptedSymmetricKey');
  const iv = base64Field(encryption, 'initializationVector', 'encryption.initializationVector');
  if (iv.length !== 16) throw new KsefException(21405, ['Wektor inicjalizujący musi mieć 16 bajtów.']);
  const publicKeyId = optionalStringField(encryption, 'publicKeyId', 'encryption.publicKeyId');
  if (publicKeyId !== undefined && !keys.knows('SymmetricKeyEncryption', publicKeyId)) {
    throw new KsefException(21470, [`Klucz o identyfikatorze ${publicKeyId} nie jest wspierany.`]);
  }
  const key = keys.decrypt('SymmetricKeyEncryption', wrapped);
  return { key: key?.length === 32 ? key : null, iv };
}

export function newSession(
  kind: SessionKind,
  ref: string,
  context: AccessContext,
  sessionKey: SessionKey,
  openedAt: Date,
  validForMs: number,
  offlineMode: boolean,
): SessionRecord {
  return {
    ref,
    kind,
    context,
    offlineMode,
    key: sessionKey.key,
    iv: sessionKey.iv,
    openedAt,
    updatedAt: openedAt,
    validUntil: addMs(openedAt, validForMs),
    closedAt: null,
    processingDueAtMs: null,
    failure: null,
    batch: null,
    invoices: [],
    upo: null,
  };
}

const KEY_ERROR: InvoiceStatusInfo = { code: 415, description: 'Błąd odszyfrowania dostarczonego klucza' };
const PROCESSING: InvoiceStatusInfo = { code: 150, description: 'Trwa przetwarzanie' };

export function isPending(invoice: InvoiceRecord): boolean {
  return invoice.status === null;
}

/** The session's status (SessionStatusResponse.status) as things stand. */
export function sessionStatus(session: SessionRecord): InvoiceStatusInfo {
  const online = session.kind === 'online';
  if (!session.key) return KEY_ERROR;
  if (session.closedAt === null) {
    return { code: 100, description: online ? 'Sesja interaktywna otwarta' : 'Sesja wsadowa rozpoczęta' };
  }
  if (session.processingDueAtMs !== null && Date.now() < session.processingDueAtMs) return PROCESSING;
  if (session.failure) return session.failure;
  if (session.invoices.length === 0) {
    return { code: 440, description: 'Sesja anulowana', details: ['Nie przesłano faktur'] };
  }
  if (session.invoices.some(isPending)) {
    return online ? { code: 170, description: 'Sesja interaktywna zamknięta' } : PROCESSING;
  }
  if (!session.invoices.some((invoice) => invoice.status?.code === 200)) {
    return { code: 445, description: 'Błąd weryfikacji, brak poprawnych faktur' };
  }
  const description = online ? 'Sesja interaktywna przetworzona pomyślnie' : 'Sesja wsadowa przetworzona pomyślnie';
  return { code: 200, description };
}

/**
 * A session past its `validUntil` is closed by KSeF on its own: an interactive one as if the client had closed it,
 * a batch one still waiting for its parts is cancelled for the upload timeout.
 */
export function applyExpiry(session: SessionRecord, now: Date): void {
  if (session.closedAt !== null || now.getTime() < session.validUntil.getTime()) return;
  session.closedAt = session.validUntil;
  if (session.kind === 'batch') {
    session.failure = { code: 440, description: 'Sesja anulowana', details: ['Przekroczono czas wysyłki'] };
  }
}

/** The session `ref` of this context, with its expiry applied: 21173 when there is none, 403 when it is another's. */
export function findSession(
  ledger: Ledger,
  ref: string,
  context: AccessContext,
  now: Date,
  kind?: SessionKind,
): SessionRecord {
  const session = ledger.sessions.get(ref);
  if (!session || (kind !== undefined && session.kind !== kind)) {
    throw new KsefException(21173, [`Sesja o numerze referencyjnym ${ref} nie została odnaleziona.`]);
  }
  if (session.context.nip !== context.nip) {
    throw new KsefRefusal(403, `Sesja ${ref} należy do innego kontekstu.`, 'insufficient-resource-access');
  }
  applyExpiry(session, now);
  return session;
}

/** `expireSessions()`: every open session of every context reaches its end now. */
export function expireSessions(ledger: Ledger, now: Date): void {
  for (const session of ledger.sessions.values()) {
    if (session.closedAt !== null) continue;
    session.validUntil = now;
    applyExpiry(session, now);
  }
}
