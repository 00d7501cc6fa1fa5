import type { Database } from 'better-sqlite3';
import type { InvoiceMode } from '../../../../shared/protocol/invoice-views.js';
import type { VatRate } from '../../invoicing/fa3/invoice-model.js';
import { summarizeVat } from '../../invoicing/fa3/vat-summary.js';
import { InvoiceError } from '../../invoicing/invoice-errors.js';
import { invoicingSettings } from '../../invoicing/invoicing-settings.js';
import { invoiceVerificationUrl, kodILabel } from '../../invoicing/qr/kod-i.js';
import { KOD_II_LABEL } from '../../invoicing/qr/kod-ii.js';
import type { InvoiceOutcome } from '../../ledger/projections/invoices-projector.js';
import type { InvoiceReceiptData } from './invoice-receipt.js';
import { ReceiptDataError } from './receipt-data-error.js';
import { ledgerRecord } from './receipt-data.js';

interface InvoiceRow {
  cursor: number;
  saleId: string;
  saleDate: string;
  issueDate: string;
  mode: InvoiceMode;
  sha256: string;
  ksefNumber: string | null;
  kodIIUrl: string | null;
  correctedNumber: string | null;
  correctedIssueDate: string | null;
}

/**
 * What the printout of an invoice shows, built as `invoiceDetail` (invoicing/invoice-reads.ts) builds the detail
 * screen, but synchronously: receipts are rendered inside the transaction that queues them, and the detail's QR
 * images, the only thing it awaits, are not needed by a printer that draws its own symbols. The parties and lines
 * are the decision's (the ledger outcome); the links are the same the screen shows. `saleId`, when the request
 * names one, must be the sale the invoice is for.
 */
export function loadInvoiceReceipt(db: Database, invoiceId: string, saleId?: string): InvoiceReceiptData {
  const row = db
    .prepare<[string], InvoiceRow>(
      `SELECT i.cursor, i.sale_id AS saleId, s.business_date AS saleDate, i.issue_date AS issueDate, i.mode, i.sha256,
         i.ksef_number AS ksefNumber, q.kod_ii_url AS kodIIUrl, c.number AS correctedNumber,
         c.issue_date AS correctedIssueDate
       FROM invoices i
       JOIN sales s ON s.sale_id = i.sale_id
       LEFT JOIN invoice_codes q ON q.invoice_id = i.invoice_id
       LEFT JOIN invoices c ON c.invoice_id = i.correction_of
       WHERE i.invoice_id = ?`,
    )
    .get(invoiceId);
  if (!row) throw new InvoiceError('INVOICE_NOT_FOUND', `no invoice ${invoiceId}`);
  if (saleId !== undefined && saleId !== row.saleId) {
    throw new ReceiptDataError('REFERENCE_MISMATCH', `invoice ${invoiceId} is for sale ${row.saleId}, not ${saleId}`);
  }
  const invoice = ledgerRecord(db, row.cursor).outcome!.invoice as InvoiceOutcome;
  const vat = summarizeVat(
    invoice.lines.map((line) => ({
      name: line.name,
      unit: 'szt.',
      quantity: line.quantity,
      unitGrossPrice: line.unitGross,
      vatRate: line.vatRate as VatRate,
    })),
  );
  const kodIUrl = invoiceVerificationUrl({
    environment: invoicingSettings(db)?.environment ?? 'TE',
    sellerNip: invoice.seller.nip,
    issueDate: row.issueDate,
    invoiceHash: row.sha256,
  });
  return {
    number: invoice.number,
    issueDate: row.issueDate,
    saleDate: row.saleDate,
    mode: row.mode,
    corrects: row.correctedNumber === null ? null : { number: row.correctedNumber, issueDate: row.correctedIssueDate! },
    seller: invoice.seller,
    buyer: { ...invoice.buyer, address: invoice.buyerAddress },
    lines: invoice.lines,
    vat: vat.rates,
    gross: { amount: invoice.gross, currency: invoice.currency },
    kodI: { url: kodIUrl, label: kodILabel(row.ksefNumber) },
    kodII: row.kodIIUrl ? { url: row.kodIIUrl, label: KOD_II_LABEL } : null,
  };
}
