import type { Database } from 'better-sqlite3';
import type { LedgerRecord } from '../event-log.js';
import { prepared } from './prepared.js';
import type { Projector } from './projector.js';

/** `outcome.invoice` of an accepted invoice.request: everything the decision fixed, the exact XML included. */
export interface InvoiceOutcome {
  invoiceId: string;
  number: string;
  seriesYear: number;
  seriesNo: number;
  saleId: string;
  correctionOf: string | null;
  /** The refund a correcting invoice (KOR) gives back; null on an invoice. */
  refundId: string | null;
  issueDate: string;
  mode: 'online' | 'offline24' | 'offline' | 'awaryjny' | 'total_failure';
  buyer: { nip: string; name: string };
  /** The parties and lines as invoiced, for screens and printouts: later settings or catalog changes do not move them. */
  seller: { nip: string; name: string; address: { line1: string; line2?: string }; bankAccount?: string };
  buyerAddress: { line1: string; line2?: string };
  lines: Array<{ name: string; quantity: number; unitGross: number; vatRate: string; gross: number }>;
  currency: string;
  gross: number;
  /** The FA(3) document, byte for byte as hashed and (later) sent. */
  xml: string;
  /** Base64 SHA-256 of the UTF-8 bytes of `xml`. */
  sha256: string;
  size: number;
}

/**
 * Invoices as their decisions fixed them, and what the hub last knew of KSeF. An invoice issued in total-failure
 * mode owes KSeF nothing; every other one waits to be sent (issue 10 moves it on).
 */
export const invoicesProjector: Projector = {
  name: 'invoices',
  tables: ['invoices', 'ksef_status'],
  apply(db: Database, record: LedgerRecord) {
    if (record.status !== 'accepted') return;
    if (record.event.type === 'invoice.request') applyInvoice(db, record);
    else if (record.event.type === 'ksef.status') applyStatus(db, record);
  },
};

function applyInvoice(db: Database, record: LedgerRecord): void {
  const invoice = record.outcome!.invoice as InvoiceOutcome;
  prepared(
    db,
    `INSERT INTO invoices (invoice_id, cursor, number, series_year, series_no, sale_id, correction_of, refund_id,
       issue_date, mode, status, buyer_nip, buyer_name, currency, gross, xml, sha256, size, ksef_number, created_at)
     VALUES (@invoiceId, @cursor, @number, @seriesYear, @seriesNo, @saleId, @correctionOf, @refundId, @issueDate,
       @mode, @status, @buyerNip, @buyerName, @currency, @gross, @xml, @sha256, @size, NULL, @createdAt)`,
  ).run({
    ...invoice,
    cursor: record.cursor,
    status: invoice.mode === 'total_failure' ? 'not_required' : 'awaiting_send',
    buyerNip: invoice.buyer.nip,
    buyerName: invoice.buyer.name,
    createdAt: record.recordedAt,
  });
}

function applyStatus(db: Database, record: LedgerRecord): void {
  const status = record.event.payload as { availability: string; announcements: unknown[]; detail: string };
  prepared(
    db,
    `INSERT INTO ksef_status (id, cursor, availability, announcements, detail, recorded_at)
     VALUES (1, @cursor, @availability, @announcements, @detail, @recordedAt)
     ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor, availability = excluded.availability,
       announcements = excluded.announcements, detail = excluded.detail, recorded_at = excluded.recorded_at`,
  ).run({
    cursor: record.cursor,
    availability: status.availability,
    announcements: JSON.stringify(status.announcements),
    detail: status.detail,
    recordedAt: record.recordedAt,
  });
}
