/**
 * The KSeF client's public shapes (re-exported by ksef-client.ts), kept apart so the session modules share them
 * without importing the facade.
 */
import type { Clock } from '../clock/clock.js';
import type { KsefAuth } from './ksef-auth.js';
import type { KsefHttp } from './ksef-http.js';
import type { MfPublicKeys } from './mf-public-keys.js';

export interface KsefClientOptions {
  /** e.g. https://api-test.ksef.mf.gov.pl/v2, or a loopback fake's http://127.0.0.1:port/v2 */
  apiBase: string;
  /** The seller's NIP: the auth context. */
  contextNip: string;
  /** The KSeF token, read from the hub's SecretStore when needed; null → UpstreamError('auth', 'no KSeF token is set'). */
  token: () => Promise<string | null>;
  /** Token expiry and waits; default systemClock. */
  clock?: Clock;
  fetch?: typeof fetch;
  /** Batch part size before encryption (tests use small parts); default and maximum 100,000,000 bytes. */
  partSize?: number;
  /** Form code of the sessions; default FA (3) 1-0E. */
  formCode?: FormCode;
  /** How many batch parts upload at once; default 4. */
  uploadConcurrency?: number;
  /** Where non-fatal happenings go (KSeF's X-System-Warning, a session that would not close). Never a token. */
  log?: (message: string) => void;
}

export interface FormCode {
  systemCode: string;
  schemaVersion: string;
  value: string;
}

/** FA(3) as its XSD fixes it (note the space in `FA (3)`: research §4). */
export const FA3_FORM_CODE: FormCode = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };

export interface InvoiceToSend {
  /** The hub's invoice id (opaque to KSeF). */
  id: string;
  /** The exact stored FA(3) bytes — never re-serialised. */
  bytes: Uint8Array;
  offlineMode: boolean;
  /** Technical correction only (requires offlineMode true). */
  hashOfCorrectedInvoice?: string;
}

export interface SentInvoice {
  id: string;
  sessionRef: string;
  invoiceRef: string;
  invoiceHash: string;
}

/** SessionInvoiceStatusResponse, typed. */
export interface InvoiceStatusView {
  referenceNumber: string;
  ordinalNumber: number;
  invoiceNumber: string | null;
  ksefNumber: string | null;
  invoiceHash: string;
  invoiceFileName: string | null;
  acquisitionDate: string | null;
  invoicingDate: string | null;
  invoicingMode: 'Online' | 'Offline' | null;
  upoDownloadUrl: string | null;
  upoDownloadUrlExpirationDate: string | null;
  permanentStorageDate: string | null;
  status: { code: number; description: string; details: string[]; extensions: Record<string, string | null> | null };
}

export interface UpoPageView {
  referenceNumber: string;
  downloadUrl: string;
  downloadUrlExpirationDate: string;
}

export interface SessionStatusView {
  code: number;
  description: string;
  details: string[];
  invoiceCount: number | null;
  successfulInvoiceCount: number | null;
  failedInvoiceCount: number | null;
  dateCreated: string;
  validUntil: string | null;
  dateUpdated: string | null;
  /** The session UPO's pages, once KSeF has generated them. */
  upoPages: UpoPageView[];
}

/** What every session module needs: the HTTP client, the access tokens and the MF keys. */
export interface KsefContext {
  http: KsefHttp;
  auth: KsefAuth;
  keys: MfPublicKeys;
  clock: Clock;
  log: (message: string) => void;
}
