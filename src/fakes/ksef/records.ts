/** What the fake keeps of sessions and invoices; the handlers and the ledger share these records. */
import type { AccessContext } from './auth.js';
import type { InvoiceFacts, InvoiceStatusInfo } from './invoice-checks.js';
import type { Blob } from './storage.js';

export type SessionKind = 'online' | 'batch';
export type InvoicingMode = 'Online' | 'Offline';

export interface DeclaredPart {
  ordinalNumber: number;
  fileSize: number;
  fileHash: string;
  /** The encrypted bytes once uploaded. */
  bytes: Buffer | null;
}

export interface BatchFile {
  fileSize: number;
  fileHash: string;
  parts: DeclaredPart[];
}

export interface SessionRecord {
  ref: string;
  kind: SessionKind;
  context: AccessContext;
  /** Declared for the whole session in batch; interactive invoices declare it one by one. */
  offlineMode: boolean;
  /** null when the wrapped key did not decrypt to 32 bytes: the session's status is then 415. */
  key: Buffer | null;
  iv: Buffer;
  openedAt: Date;
  updatedAt: Date;
  /** Interactive: 12 h after opening. Batch: the upload window, 20 min per declared part. */
  validUntil: Date;
  closedAt: Date | null;
  /** Batch: real-time instant until which the closed session is "processing" (150). */
  processingDueAtMs: number | null;
  /** Batch: a failure of the package as a whole (405, 420, 430, 435) or the upload timeout (440). */
  failure: InvoiceStatusInfo | null;
  batch: BatchFile | null;
  invoices: InvoiceRecord[];
  /** Built once, when the session is first seen processed, and served byte-identical after. */
  upo: { ref: string; path: string; blob: Blob } | null;
}

export interface InvoiceRecord {
  ref: string;
  session: SessionRecord;
  ordinalNumber: number;
  offlineMode: boolean;
  /** The decrypted file exactly as received (empty when it did not decrypt). */
  bytes: Buffer;
  invoiceHash: string;
  /** Batch: the file's name in the archive. */
  fileName: string | null;
  invoicingDate: Date;
  facts: InvoiceFacts;
  /** The verdict of the file checks, applied when processing ends. */
  rejection: InvoiceStatusInfo | null;
  hashOfCorrectedInvoice: string | null;
  /** The rejected offline invoices this technical correction stands for. */
  corrects: InvoiceRecord[];
  receivedAtMs: number;
  dueAtMs: number;
  /** null while processing. */
  status: InvoiceStatusInfo | null;
  ksefNumber: string | null;
  acquisitionDate: Date | null;
  permanentStorageDate: Date | null;
  invoicingMode: InvoicingMode | null;
  upo: { path: string; blob: Blob } | null;
  /** Set on a rejected original once a technical correction of it is numbered. */
  correctedBy: InvoiceRecord | null;
}
