import type { Database } from 'better-sqlite3';
import type { InvoiceNumberedPayload, InvoiceRejectedPayload } from '../../../../shared/protocol/invoice-payloads.js';
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

/** `outcome.correction` of an accepted invoice.technical_correction: the invoice's new bytes. */
export interface TechnicalCorrectionOutcome {
  invoiceId: string;
  /** The rejected bytes' hash: what KSeF links the correction to (null for an online invoice sent again). */
  correctedHash: string | null;
  buyer: { nip: string; name: string };
  buyerAddress: { line1: string; line2?: string };
  xml: string;
  sha256: string;
  size: number;
}

/**
 * Invoices as their decisions fixed them, what KSeF made of them, and what the hub last knew of KSeF. An invoice
 * issued in total-failure mode owes KSeF nothing; every other one waits to be sent until KSeF numbers or rejects it;
 * a rejected one waits again once a manager corrects it.
 */
export const invoicesProjector: Projector = {
  name: 'invoices',
  tables: ['invoices', 'ksef_status', 'invoice_upos'],
  apply(db: Database, record: LedgerRecord) {
    if (record.status !== 'accepted') return;
    switch (record.event.type) {
      case 'invoice.request':
        return applyInvoice(db, record);
      case 'ksef.status':
        return applyStatus(db, record);
      case 'invoice.numbered':
        return applyNumbered(db, record);
      case 'invoice.rejected':
        return applyRejected(db, record);
      case 'invoice.technical_correction':
        return applyCorrection(db, record);
    }
  },
};

function applyNumbered(db: Database, record: LedgerRecord): void {
  const numbered = record.event.payload as unknown as InvoiceNumberedPayload;
  prepared(
    db,
    `UPDATE invoices SET status = 'accepted', ksef_number = @ksefNumber, invoicing_mode = @invoicingMode,
       ksef_acquired_at = @acquisitionDate, ksef_session_ref = @sessionRef, ksef_cursor = @cursor, rejection = NULL
     WHERE invoice_id = @invoiceId`,
  ).run({ ...numbered, cursor: record.cursor });
  prepared(
    db,
    `INSERT INTO invoice_upos (invoice_id, ksef_number, upo, problems) VALUES (@invoiceId, @ksefNumber, @upo, @problems)
     ON CONFLICT (invoice_id) DO UPDATE SET ksef_number = excluded.ksef_number, upo = excluded.upo,
       problems = excluded.problems`,
  ).run({
    invoiceId: numbered.invoiceId,
    ksefNumber: numbered.ksefNumber,
    upo: Buffer.from(numbered.upo, 'base64'),
    problems: JSON.stringify(numbered.upoProblems),
  });
}

function applyRejected(db: Database, record: LedgerRecord): void {
  const rejected = record.event.payload as unknown as InvoiceRejectedPayload;
  prepared(db, `UPDATE invoices SET status = 'rejected', rejection = @rejection WHERE invoice_id = @invoiceId`).run({
    invoiceId: rejected.invoiceId,
    rejection: JSON.stringify({
      code: rejected.code,
      description: rejected.description,
      details: rejected.details,
      invoiceHash: rejected.invoiceHash,
      at: record.recordedAt,
    }),
  });
}

function applyCorrection(db: Database, record: LedgerRecord): void {
  const correction = record.outcome!.correction as TechnicalCorrectionOutcome;
  prepared(
    db,
    `UPDATE invoices SET status = 'awaiting_send', xml = @xml, sha256 = @sha256, size = @size,
       corrected_hash = @correctedHash, buyer_nip = @buyerNip, buyer_name = @buyerName
     WHERE invoice_id = @invoiceId`,
  ).run({
    invoiceId: correction.invoiceId,
    xml: correction.xml,
    sha256: correction.sha256,
    size: correction.size,
    correctedHash: correction.correctedHash,
    buyerNip: correction.buyer.nip,
    buyerName: correction.buyer.name,
  });
}

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
