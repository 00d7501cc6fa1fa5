import type { Database } from 'better-sqlite3';
import type { InvoiceMode } from '../../../../shared/protocol/invoice-views.js';
import { InvoiceError } from '../../invoicing/invoice-errors.js';
import { invoiceOutcomeAt, vatOf, verificationLinks } from '../../invoicing/invoice-reads.js';
import type { InvoiceReceiptData } from './invoice-receipt.js';
import { ReceiptDataError } from './receipt-data-error.js';

interface InvoiceRow {
  cursor: number;
  saleId: string;
  saleDate: string;
  issueDate: string;
  mode: InvoiceMode;
  sha256: string;
  ksefNumber: string | null;
  correctedNumber: string | null;
  correctedIssueDate: string | null;
}

/**
 * What the printout of an invoice shows, from the same reads as the detail screen (invoicing/invoice-reads.ts) but
 * synchronously: receipts are rendered inside the transaction that queues them, and the detail's QR images, the only
 * thing it awaits, are not needed by a printer that draws its own symbols. The parties and lines
 * are the decision's (the ledger outcome); the links are the same the screen shows. `saleId`, when the request
 * names one, must be the sale the invoice is for.
 */
export function loadInvoiceReceipt(db: Database, invoiceId: string, saleId?: string): InvoiceReceiptData {
  const row = db
    .prepare<[string], InvoiceRow>(
      `SELECT i.cursor, i.sale_id AS saleId, s.business_date AS saleDate, i.issue_date AS issueDate, i.mode, i.sha256,
         i.ksef_number AS ksefNumber, c.number AS correctedNumber,
         c.issue_date AS correctedIssueDate
       FROM invoices i
       JOIN sales s ON s.sale_id = i.sale_id
       LEFT JOIN invoices c ON c.invoice_id = i.correction_of
       WHERE i.invoice_id = ?`,
    )
    .get(invoiceId);
  if (!row) throw new InvoiceError('INVOICE_NOT_FOUND', `no invoice ${invoiceId}`);
  if (saleId !== undefined && saleId !== row.saleId) {
    throw new ReceiptDataError('REFERENCE_MISMATCH', `invoice ${invoiceId} is for sale ${row.saleId}, not ${saleId}`);
  }
  const invoice = invoiceOutcomeAt(db, row.cursor);
  const links = verificationLinks(db, invoice, row.ksefNumber);
  return {
    number: invoice.number,
    issueDate: row.issueDate,
    saleDate: row.saleDate,
    mode: row.mode,
    corrects: row.correctedNumber === null ? null : { number: row.correctedNumber, issueDate: row.correctedIssueDate! },
    seller: { ...invoice.seller, bankAccount: invoice.seller.bankAccount ?? null },
    buyer: { ...invoice.buyer, address: invoice.buyerAddress },
    lines: invoice.lines,
    vat: vatOf(invoice),
    gross: { amount: invoice.gross, currency: invoice.currency },
    kodI: links.kodI,
    kodII: links.kodII ? { url: links.kodII.url, label: links.kodII.label } : null,
  };
}
