import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { InvoiceMode } from '../../../shared/protocol/invoice-views.js';
import type {
  InvoiceRequestPayload,
  KsefAnnouncement,
  KsefAvailability,
} from '../../../shared/protocol/invoice-payloads.js';
import type { DecideContext, Decision } from '../decisions/decision.js';
import type { InvoiceOutcome } from '../ledger/projections/invoices-projector.js';
import { businessDate } from '../../../shared/store-calendar.js';
import { findSale } from '../sales/sale-reads.js';
import { storeTimeZone } from '../sales/store-time-zone.js';
import { sendingDeadline } from './calendar/sending-deadline.js';
import { buildFa3Xml } from './fa3/fa3-xml.js';
import { VAT_RATES, type Invoice, type InvoiceLine, type VatRate } from './fa3/invoice-model.js';
import { certificateMeta, formatInvoiceNumber, invoicingSettings } from './invoicing-settings.js';
import { isValidNip, normalizeNip } from '../../../shared/nip.js';

export type InvoiceRefusalCode =
  | 'INVALID_NIP'
  | 'INVOICING_NOT_SET_UP'
  | 'UNKNOWN_SALE'
  | 'SALE_VOIDED'
  | 'SALE_ALREADY_INVOICED'
  | 'NOTHING_TO_INVOICE'
  | 'UNSUPPORTED_VAT_RATE'
  | 'UNSUPPORTED_CURRENCY'
  | 'OFFLINE_CERTIFICATE_MISSING'
  | 'BUYER_REQUIRED'
  | 'SALE_NOT_INVOICED'
  | 'UNKNOWN_REFUND'
  | 'REFUND_ALREADY_CORRECTED';

function refuse(code: InvoiceRefusalCode, message: string, detail?: Record<string, unknown>): Decision {
  return { status: 'refused', outcome: { refusal: { code, message }, ...detail } };
}

/** How the hub's last word on KSeF turns into the mode an invoice is issued in (research §7). */
const MODE_OF: Record<KsefAvailability, InvoiceMode> = {
  available: 'online',
  // KSeF did not answer the store and announced nothing: the taxpayer's own offline24.
  unreachable: 'offline24',
  maintenance: 'offline',
  failure: 'awaryjny',
  total_failure: 'total_failure',
};

/** The law cites a basis for every exempt sale; the store's usual one (configurable later). */
const EXEMPTION_BASIS = { source: 'statute', text: 'art. 43 ust. 1 ustawy o VAT' } as const;

interface SoldLine {
  name: string;
  quantity: number;
  refunded: number;
  unit_price: number;
  tax_rate: string;
}

interface KsefStatusRow {
  availability: KsefAvailability;
  announcements: string;
}

/** What the hub last knew of KSeF; with no word yet it issues offline24, which is always lawful. */
export function ksefStatus(db: Database): { availability: KsefAvailability; announcements: KsefAnnouncement[] } {
  const row = db.prepare<[], KsefStatusRow>('SELECT availability, announcements FROM ksef_status WHERE id = 1').get();
  return row
    ? { availability: row.availability, announcements: JSON.parse(row.announcements) as KsefAnnouncement[] }
    : { availability: 'unreachable', announcements: [] };
}

function soldLines(db: Database, saleId: string): SoldLine[] {
  return db
    .prepare<[string], SoldLine>(
      `SELECT COALESCE(p.name, l.product_id) AS name, l.quantity, l.refunded_quantity AS refunded, l.unit_price,
         l.tax_rate
       FROM sale_lines l LEFT JOIN products p ON p.id = l.product_id WHERE l.sale_id = ? ORDER BY l.line_no`,
    )
    .all(saleId);
}

function nextSeriesNo(db: Database, year: number): number {
  return (
    (db
      .prepare<[number], { n: number | null }>('SELECT MAX(series_no) AS n FROM invoices WHERE series_year = ?')
      .get(year)!.n ?? 0) + 1
  );
}

interface Subject {
  buyer: { nip: string; name: string; address: { line1: string; line2?: string } };
  lines: InvoiceLine[];
  correction?: Invoice['correction'];
  correctionOf: string | null;
  refundId: string | null;
}

function checkedLine(name: string, quantity: number, unitPrice: number, taxRate: string): InvoiceLine | Decision {
  if (!(VAT_RATES as readonly string[]).includes(taxRate)) {
    return refuse('UNSUPPORTED_VAT_RATE', `${name} is taxed at ${taxRate}, which FA(3) has no field for`);
  }
  return { name, unit: 'szt.', quantity, unitGrossPrice: unitPrice, vatRate: taxRate as VatRate };
}

/** An invoice for the sale as sold, less anything already refunded; one per sale. */
function invoiceSubject(db: Database, request: InvoiceRequestPayload): Subject | Decision {
  if (!request.buyer) return refuse('BUYER_REQUIRED', 'an invoice needs the buyer: NIP, name and address');
  const nip = normalizeNip(request.buyer.nip);
  if (!nip || !isValidNip(nip)) return refuse('INVALID_NIP', `${request.buyer.nip} is not a valid NIP`);
  const existing = originalInvoice(db, request.saleId);
  if (existing) {
    return refuse('SALE_ALREADY_INVOICED', `sale ${request.saleId} has invoice ${existing.number}`, {
      invoiceNumber: existing.number,
    });
  }
  const lines: InvoiceLine[] = [];
  for (const line of soldLines(db, request.saleId)) {
    const quantity = line.quantity - line.refunded;
    const checked = checkedLine(line.name, quantity, line.unit_price, line.tax_rate);
    if ('status' in checked) return checked;
    if (quantity > 0) lines.push(checked);
  }
  if (lines.length === 0) return refuse('NOTHING_TO_INVOICE', `everything sold in ${request.saleId} was refunded`);
  return {
    buyer: { nip, name: request.buyer.name, address: request.buyer.address },
    lines,
    correctionOf: null,
    refundId: null,
  };
}

interface OriginalInvoice {
  invoice_id: string;
  number: string;
  issue_date: string;
  ksef_number: string | null;
  cursor: number;
}

function originalInvoice(db: Database, saleId: string): OriginalInvoice | undefined {
  return db
    .prepare<[string], OriginalInvoice>(
      `SELECT invoice_id, number, issue_date, ksef_number, cursor FROM invoices
       WHERE sale_id = ? AND correction_of IS NULL`,
    )
    .get(saleId);
}

/**
 * The correcting invoice (KOR) of a refund of an invoiced sale: the returned goods as negative quantities at the
 * prices they were sold at, to the original invoice's buyer, taking effect in the correction's own period.
 */
function correctionSubject(db: Database, request: InvoiceRequestPayload, refundId: string): Subject | Decision {
  const original = originalInvoice(db, request.saleId);
  if (!original) return refuse('SALE_NOT_INVOICED', `sale ${request.saleId} has no invoice to correct`);
  const refund = db
    .prepare<[string, string], { reason: string | null }>(
      'SELECT reason FROM sale_refunds WHERE refund_id = ? AND sale_id = ?',
    )
    .get(refundId, request.saleId);
  if (!refund) return refuse('UNKNOWN_REFUND', `sale ${request.saleId} has no refund ${refundId}`);
  const corrected = db
    .prepare<[string], { number: string }>('SELECT number FROM invoices WHERE refund_id = ?')
    .get(refundId);
  if (corrected) {
    return refuse('REFUND_ALREADY_CORRECTED', `refund ${refundId} has correcting invoice ${corrected.number}`);
  }
  const lines: InvoiceLine[] = [];
  for (const line of refundedLines(db, refundId)) {
    const checked = checkedLine(line.name, -line.quantity, line.amount / line.quantity, line.tax_rate);
    if ('status' in checked) return checked;
    lines.push(checked);
  }
  const { outcome } = JSON.parse(
    db.prepare<[number], { record: string }>('SELECT record FROM events WHERE cursor = ?').get(original.cursor)!.record,
  ) as { outcome: { invoice: InvoiceOutcome } };
  return {
    buyer: { ...outcome.invoice.buyer, address: outcome.invoice.buyerAddress },
    lines,
    correction: {
      reason: refund.reason ?? 'Zwrot towaru',
      effect: 'correction-period',
      corrected: {
        number: original.number,
        issueDate: original.issue_date,
        ...(original.ksef_number ? { ksefNumber: original.ksef_number } : {}),
      },
    },
    correctionOf: original.invoice_id,
    refundId,
  };
}

function refundedLines(db: Database, refundId: string) {
  return db
    .prepare<[string], { name: string; quantity: number; amount: number; tax_rate: string }>(
      `SELECT COALESCE(p.name, r.product_id) AS name, r.quantity, r.amount, l.tax_rate
       FROM refund_lines r
       JOIN sale_refunds f ON f.refund_id = r.refund_id
       JOIN sale_lines l ON l.sale_id = f.sale_id AND l.line_no = r.sale_line
       LEFT JOIN products p ON p.id = r.product_id
       WHERE r.refund_id = ? ORDER BY r.sale_line`,
    )
    .all(refundId);
}

/** The FA(3) model of an invoice: the parties with their country, and the store's exemption basis. */
export function fa3Invoice(parts: {
  number: string;
  issueDate: string;
  saleDate: string;
  seller: { nip: string; name: string; address: { line1: string; line2?: string }; bankAccount?: string | null };
  buyer: Subject['buyer'];
  lines: InvoiceLine[];
  correction?: Invoice['correction'] | undefined;
}): Invoice {
  const { seller, buyer } = parts;
  return {
    number: parts.number,
    issueDate: parts.issueDate,
    saleDate: parts.saleDate,
    currency: 'PLN',
    seller: {
      nip: seller.nip,
      name: seller.name,
      address: { country: 'PL', ...seller.address },
      ...(seller.bankAccount ? { bankAccount: seller.bankAccount } : {}),
    },
    buyer: { nip: buyer.nip, name: buyer.name, address: { country: 'PL', ...buyer.address } },
    lines: parts.lines,
    exemptionBasis: EXEMPTION_BASIS,
    ...(parts.correction ? { correction: parts.correction } : {}),
  };
}

/**
 * A VAT invoice for a recorded sale, or the correcting invoice of one of its refunds (issue 9): numbered from the
 * store's gap-free series of the year, its FA(3) XML built once, hashed, and issued in the mode the hub's last word
 * on KSeF gives. Everything is fixed in the outcome: the exact bytes, the number, the mode.
 */
export function decideInvoiceRequest({ db, event }: DecideContext): Decision {
  const request = event.payload as unknown as InvoiceRequestPayload;
  const settings = invoicingSettings(db);
  if (!settings) return refuse('INVOICING_NOT_SET_UP', 'the seller is not set up: Settings → Invoicing');
  const { seller } = settings;
  const sale = findSale(db, request.saleId);
  if (!sale) return refuse('UNKNOWN_SALE', `no sale ${request.saleId}`);
  if (sale.status === 'voided') return refuse('SALE_VOIDED', `sale ${request.saleId} was voided`);
  if (sale.currency !== 'PLN') {
    return refuse('UNSUPPORTED_CURRENCY', `sale ${request.saleId} is in ${sale.currency}; invoices are in PLN`);
  }
  const subject = request.refundId ? correctionSubject(db, request, request.refundId) : invoiceSubject(db, request);
  if ('status' in subject) return subject;

  const timeZone = storeTimeZone(db);
  const issueDate = businessDate(event.occurredAt, timeZone);
  const { availability, announcements } = ksefStatus(db);
  const mode = MODE_OF[availability];
  if (mode !== 'online' && mode !== 'total_failure' && !certificateMeta(db)) {
    return refuse(
      'OFFLINE_CERTIFICATE_MISSING',
      'KSeF cannot be reached and no offline certificate is imported (Settings → Invoicing): an offline invoice ' +
        'needs KOD II signed with it',
    );
  }
  const seriesYear = Number(issueDate.slice(0, 4));
  const seriesNo = nextSeriesNo(db, seriesYear);
  const number = formatInvoiceNumber(settings.numberFormat, issueDate, seriesNo);
  const saleDate = db
    .prepare<[string], { d: string }>('SELECT business_date AS d FROM sales WHERE sale_id = ?')
    .get(request.saleId)!.d;
  const { buyer, lines } = subject;
  const invoice = fa3Invoice({ number, issueDate, saleDate, seller, buyer, lines, correction: subject.correction });
  const xml = buildFa3Xml(invoice, event.occurredAt);
  const bytes = Buffer.from(xml, 'utf8');
  const outcome: InvoiceOutcome = {
    invoiceId: event.id,
    number,
    seriesYear,
    seriesNo,
    saleId: request.saleId,
    correctionOf: subject.correctionOf,
    refundId: subject.refundId,
    issueDate,
    mode,
    buyer: { nip: buyer.nip, name: buyer.name },
    seller: {
      nip: seller.nip,
      name: seller.name,
      address: seller.address,
      ...(seller.bankAccount ? { bankAccount: seller.bankAccount } : {}),
    },
    buyerAddress: buyer.address,
    lines: lines.map((line) => ({
      name: line.name,
      quantity: line.quantity,
      unitGross: line.unitGrossPrice,
      vatRate: line.vatRate,
      gross: line.quantity * line.unitGrossPrice,
    })),
    currency: 'PLN',
    gross: lines.reduce((sum, line) => sum + line.quantity * line.unitGrossPrice, 0),
    xml,
    sha256: createHash('sha256').update(bytes).digest('base64'),
    size: bytes.length,
  };
  return {
    status: 'accepted',
    outcome: { invoice: outcome, deadline: sendingDeadline({ mode, issueDate }, announcements) },
  };
}
