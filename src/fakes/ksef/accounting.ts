import type { InvoiceRecord, InvoicingMode, SessionKind, SessionRecord } from './records.js';
import { sessionStatus } from './sessions.js';

/** An invoice the fake received, for tests to prove the hub sent each invoice exactly once. */
export interface KsefReceivedInvoice {
  sessionRef: string;
  invoiceRef: string;
  kind: SessionKind;
  offlineMode: boolean;
  /** P_2; null when the file could not be read that far. */
  invoiceNumber: string | null;
  /** Podmiot1's NIP; null when the file could not be read that far. */
  sellerNip: string | null;
  invoiceHash: string;
  /** The decrypted file exactly as received (empty when it did not decrypt). */
  bytes: Buffer;
  /** The invoice status code: 100 while processing, then 200, 430, 440, 450, 550… */
  status: number;
  ksefNumber: string | null;
  hashOfCorrectedInvoice: string | null;
  invoicingMode: InvoicingMode | null;
}

export type KsefSessionState = 'open' | 'closed' | 'processing' | 'processed' | 'cancelled' | 'failed';

export interface KsefSessionSummary {
  ref: string;
  kind: SessionKind;
  offlineMode: boolean;
  state: KsefSessionState;
  /** The session status code behind `state` (100, 150, 170, 200, 405, 415, 430, 435, 440, 445). */
  statusCode: number;
  invoiceCount: number;
  openedAt: Date;
  closedAt: Date | null;
}

export function receivedInvoice(invoice: InvoiceRecord): KsefReceivedInvoice {
  return {
    sessionRef: invoice.session.ref,
    invoiceRef: invoice.ref,
    kind: invoice.session.kind,
    offlineMode: invoice.offlineMode,
    invoiceNumber: invoice.facts.invoiceNumber ?? null,
    sellerNip: invoice.facts.sellerNip ?? null,
    invoiceHash: invoice.invoiceHash,
    bytes: Buffer.from(invoice.bytes),
    status: invoice.status?.code ?? 100,
    ksefNumber: invoice.ksefNumber,
    hashOfCorrectedInvoice: invoice.hashOfCorrectedInvoice,
    invoicingMode: invoice.invoicingMode,
  };
}

function stateOf(code: number): KsefSessionState {
  if (code === 100) return 'open';
  if (code === 170) return 'closed';
  if (code === 150) return 'processing';
  if (code === 200) return 'processed';
  if (code === 440) return 'cancelled';
  return 'failed';
}

export function sessionSummary(session: SessionRecord): KsefSessionSummary {
  const statusCode = sessionStatus(session).code;
  return {
    ref: session.ref,
    kind: session.kind,
    offlineMode: session.offlineMode,
    state: stateOf(statusCode),
    statusCode,
    invoiceCount: session.invoices.length,
    openedAt: session.openedAt,
    closedAt: session.closedAt,
  };
}
