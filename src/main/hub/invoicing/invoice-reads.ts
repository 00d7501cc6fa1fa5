import type { Database } from 'better-sqlite3';
import type {
  InvoiceDeadline,
  InvoiceDetail,
  InvoiceKsefView,
  InvoiceListItem,
  InvoiceMode,
  InvoiceStatus,
} from '../../../shared/protocol/invoice-views.js';
import type { KsefAnnouncement } from '../../../shared/protocol/invoice-payloads.js';
import type { InvoiceOutcome } from '../ledger/projections/invoices-projector.js';
import { addDays, instantAt } from '../../../shared/store-calendar.js';
import { storeTimeZone } from '../sales/store-time-zone.js';
import { sendingDeadline } from './calendar/sending-deadline.js';
import { ksefStatus } from './decide-invoice-request.js';
import { summarizeVat } from './fa3/vat-summary.js';
import type { VatRate } from './fa3/invoice-model.js';
import { InvoiceError } from './invoice-errors.js';
import { invoicingSettings } from './invoicing-settings.js';
import { explainRejection } from './ksef-rejections.js';
import { invoiceVerificationUrl, kodILabel } from './qr/kod-i.js';
import { KOD_II_LABEL } from './qr/kod-ii.js';
import { qrSvg } from './qr/qr-image.js';

interface InvoiceRow {
  invoice_id: string;
  cursor: number;
  number: string;
  sale_id: string;
  correction_of: string | null;
  issue_date: string;
  mode: InvoiceMode;
  status: InvoiceStatus;
  buyer_nip: string;
  buyer_name: string;
  currency: string;
  gross: number;
  sha256: string;
  size: number;
  ksef_number: string | null;
  created_at: string;
  /** 1 when KSeF has these bytes and has not answered yet. */
  in_ksef: number;
}

// `status` as the screens see it: an invoice KSeF has and has not answered for yet is `sent`.
const COLUMNS = `invoice_id, cursor, number, sale_id, correction_of, issue_date, mode, status, buyer_nip, buyer_name,
  currency, gross, sha256, size, ksef_number, created_at,
  EXISTS (SELECT 1 FROM ksef_submissions s WHERE s.invoice_id = invoices.invoice_id AND s.sha256 = invoices.sha256
    AND (s.last_code IS NULL OR s.last_code IN (100, 150))) AS in_ksef`;

/**
 * The date an invoice must be sent by, from what the hub knows of KSeF now (a failure announced after it was issued
 * moves it), with the instant that date ends in the store's zone for the countdown.
 */
export function deadlineOf(
  row: Pick<InvoiceRow, 'mode' | 'status' | 'issue_date'>,
  announcements: readonly KsefAnnouncement[],
  timeZone: string,
): InvoiceDeadline {
  // A rejected invoice is still owed to KSeF by its deadline: the correction must be in by then.
  if (row.status !== 'awaiting_send' && row.status !== 'rejected') return { kind: 'none', reason: row.status };
  const deadline = sendingDeadline({ mode: row.mode, issueDate: row.issue_date }, announcements);
  if (deadline.kind !== 'due') return deadline;
  return { ...deadline, dueAt: instantAt(addDays(deadline.date, 1), '00:00', timeZone).toISOString() };
}

function listItem(row: InvoiceRow, announcements: readonly KsefAnnouncement[], timeZone: string): InvoiceListItem {
  return {
    invoiceId: row.invoice_id,
    number: row.number,
    issueDate: row.issue_date,
    buyer: { nip: row.buyer_nip, name: row.buyer_name },
    gross: { amount: row.gross, currency: row.currency },
    mode: row.mode,
    status: row.status === 'awaiting_send' && row.in_ksef ? 'sent' : row.status,
    deadline: deadlineOf(row, announcements, timeZone),
    ksefNumber: row.ksef_number,
    saleId: row.sale_id,
    correctionOf: row.correction_of,
    createdAt: row.created_at,
  };
}

export interface InvoiceQuery {
  limit: number;
  before?: string | undefined;
  status?: InvoiceStatus | undefined;
}

/** Newest first (by ledger position), a page at a time. */
export function listInvoices(
  db: Database,
  query: InvoiceQuery,
): { invoices: InvoiceListItem[]; nextBefore: string | null } {
  const before = query.before
    ? db.prepare<[string], { cursor: number }>('SELECT cursor FROM invoices WHERE invoice_id = ?').get(query.before)
    : undefined;
  // An unknown page mark would quietly restart the list from the newest: say so instead.
  if (query.before && !before) throw new InvoiceError('INVOICE_NOT_FOUND', `no invoice ${query.before} to page from`);
  const rows = db
    .prepare<{ before: number | null; status: string | null; limit: number }, InvoiceRow>(
      `SELECT ${COLUMNS} FROM invoices
       WHERE (@before IS NULL OR cursor < @before)
         AND (@status IS NULL OR (CASE WHEN status = 'awaiting_send' AND in_ksef THEN 'sent' ELSE status END) = @status)
       ORDER BY cursor DESC LIMIT @limit`,
    )
    .all({ before: before?.cursor ?? null, status: query.status ?? null, limit: query.limit + 1 });
  const { announcements } = ksefStatus(db);
  const timeZone = storeTimeZone(db);
  const page = rows.slice(0, query.limit).map((row) => listItem(row, announcements, timeZone));
  return { invoices: page, nextBefore: rows.length > query.limit ? page.at(-1)!.invoiceId : null };
}

/** Invoices still owed to KSeF (waiting, sent, or rejected and waiting for a correction), oldest first. */
export function owedInvoices(db: Database): InvoiceListItem[] {
  const rows = db
    .prepare<[], InvoiceRow>(
      `SELECT ${COLUMNS} FROM invoices WHERE status IN ('awaiting_send', 'rejected') ORDER BY cursor`,
    )
    .all();
  const { announcements } = ksefStatus(db);
  const timeZone = storeTimeZone(db);
  return rows.map((row) => listItem(row, announcements, timeZone));
}

/** The exact FA(3) bytes the invoice was issued with, for download, sending and the audit. */
export function invoiceXml(db: Database, invoiceId: string): { number: string; xml: string; saleId: string } {
  const row = db
    .prepare<[string], { number: string; xml: string; saleId: string }>(
      'SELECT number, xml, sale_id AS saleId FROM invoices WHERE invoice_id = ?',
    )
    .get(invoiceId);
  if (!row) throw new InvoiceError('INVOICE_NOT_FOUND', `no invoice ${invoiceId}`);
  return row;
}

export interface VerificationLinks {
  /** Null for an invoice issued in total-failure mode: it never goes to KSeF and carries no codes (research §7). */
  kodI: { url: string; label: string } | null;
  kodII: { url: string; label: string; certificateSerial: string } | null;
}

/** The verification links of an invoice as recorded: what the screen, the A4 view and the printout all show. */
export function verificationLinks(
  db: Database,
  invoice: Pick<InvoiceOutcome, 'invoiceId' | 'mode' | 'seller' | 'issueDate' | 'sha256'>,
  ksefNumber: string | null,
): VerificationLinks {
  if (invoice.mode === 'total_failure') return { kodI: null, kodII: null };
  const { environment } = invoicingSettings(db) ?? { environment: 'TE' as const };
  const url = invoiceVerificationUrl({
    environment,
    sellerNip: invoice.seller.nip,
    issueDate: invoice.issueDate,
    invoiceHash: invoice.sha256,
  });
  const code = db
    .prepare<[string], { certificate_serial: string; kod_ii_url: string }>(
      'SELECT certificate_serial, kod_ii_url FROM invoice_codes WHERE invoice_id = ?',
    )
    .get(invoice.invoiceId);
  return {
    kodI: { url, label: kodILabel(ksefNumber) },
    kodII: code ? { url: code.kod_ii_url, label: KOD_II_LABEL, certificateSerial: code.certificate_serial } : null,
  };
}

/** FA(3)'s per-rate totals of the invoiced lines (net, VAT, gross per rate), as the document states them. */
export function vatOf(invoice: Pick<InvoiceOutcome, 'lines'>) {
  return summarizeVat(
    invoice.lines.map((line) => ({
      name: line.name,
      unit: 'szt.',
      quantity: line.quantity,
      unitGrossPrice: line.unitGross,
      vatRate: line.vatRate as VatRate,
    })),
  ).rates;
}

/** The decision's record of an invoice: parties, lines and bytes as issued. */
export function invoiceOutcomeAt(db: Database, cursor: number): InvoiceOutcome {
  const { outcome } = JSON.parse(
    db.prepare<[number], { record: string }>('SELECT record FROM events WHERE cursor = ?').get(cursor)!.record,
  ) as { outcome: { invoice: InvoiceOutcome } };
  return outcome.invoice;
}

/** Everything the detail screen, the A4 view and the printout show, QR codes included. */
export async function invoiceDetail(db: Database, invoiceId: string): Promise<InvoiceDetail> {
  const row = db.prepare<[string], InvoiceRow>(`SELECT ${COLUMNS} FROM invoices WHERE invoice_id = ?`).get(invoiceId);
  if (!row) throw new InvoiceError('INVOICE_NOT_FOUND', `no invoice ${invoiceId}`);
  const invoice = invoiceOutcomeAt(db, row.cursor);
  const { announcements } = ksefStatus(db);
  const links = verificationLinks(db, invoice, row.ksef_number);
  return {
    ...listItem(row, announcements, storeTimeZone(db)),
    seller: { ...invoice.seller, bankAccount: invoice.seller.bankAccount ?? null },
    saleDate: db
      .prepare<[string], { d: string }>('SELECT business_date AS d FROM sales WHERE sale_id = ?')
      .get(row.sale_id)!.d,
    buyerAddress: invoice.buyerAddress,
    lines: invoice.lines,
    vat: vatOf(invoice).map(({ rate, net, vat, gross }) => ({ rate, net, vat, gross })),
    sha256: row.sha256,
    size: row.size,
    kodI: links.kodI ? { ...links.kodI, svg: await qrSvg(links.kodI.url) } : null,
    kodII: links.kodII ? { url: links.kodII.url, label: links.kodII.label, svg: await qrSvg(links.kodII.url) } : null,
    certificateSerial: links.kodII?.certificateSerial ?? null,
    announcements,
    ksef: ksefView(db, invoiceId),
  };
}

interface KsefRow {
  invoicing_mode: 'Online' | 'Offline' | null;
  ksef_acquired_at: string | null;
  ksef_session_ref: string | null;
  rejection: string | null;
  corrected_hash: string | null;
  status: InvoiceStatus;
  sha256: string;
  upo_problems: string | null;
}

/** Sending as it stands: the number's details and UPO, the send KSeF has not answered, or why KSeF refused it. */
function ksefView(db: Database, invoiceId: string): InvoiceKsefView {
  const row = db
    .prepare<[string], KsefRow>(
      `SELECT i.invoicing_mode, i.ksef_acquired_at, i.ksef_session_ref, i.rejection, i.corrected_hash, i.status,
         i.sha256, u.problems AS upo_problems
       FROM invoices i LEFT JOIN invoice_upos u ON u.invoice_id = i.invoice_id WHERE i.invoice_id = ?`,
    )
    .get(invoiceId)!;
  const sending =
    row.status === 'awaiting_send'
      ? db
          .prepare<[string, string], { sessionRef: string; kind: string; sentAt: string }>(
            `SELECT session_ref AS sessionRef, kind, sent_at AS sentAt FROM ksef_submissions
             WHERE invoice_id = ? AND sha256 = ? AND (last_code IS NULL OR last_code IN (100, 150))
             ORDER BY sent_at DESC LIMIT 1`,
          )
          .get(invoiceId, row.sha256)
      : undefined;
  const rejection = row.status === 'rejected' && row.rejection ? (JSON.parse(row.rejection) as Rejection) : null;
  return {
    invoicingMode: row.invoicing_mode,
    acquiredAt: row.ksef_acquired_at,
    sessionRef: row.ksef_session_ref,
    upo: row.upo_problems === null ? null : { problems: JSON.parse(row.upo_problems) as string[] },
    sending: sending ?? null,
    rejection: rejection && {
      code: rejection.code,
      description: rejection.description,
      details: rejection.details,
      at: rejection.at,
      ...explainRejection(rejection.code),
    },
    correctedHash: row.corrected_hash,
  };
}

interface Rejection {
  code: number;
  description: string;
  details: string[];
  at: string;
}

/** The invoice's UPO byte for byte, as KSeF served it, for download. */
export function invoiceUpo(db: Database, invoiceId: string): { ksefNumber: string; upo: Buffer } {
  const row = db
    .prepare<[string], { ksefNumber: string; upo: Buffer }>(
      'SELECT ksef_number AS ksefNumber, upo FROM invoice_upos WHERE invoice_id = ?',
    )
    .get(invoiceId);
  if (!row) throw new InvoiceError('UPO_NOT_AVAILABLE', `invoice ${invoiceId} has no UPO: KSeF has not numbered it`);
  return row;
}
