import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { InvoiceTechnicalCorrectionPayload } from '../../../shared/protocol/invoice-payloads.js';
import { canonicalJson } from '../../../shared/canonical-json.js';
import { isValidNip, normalizeNip } from '../../../shared/nip.js';
import type { DecideContext, Decision } from '../decisions/decision.js';
import type { InvoiceOutcome, TechnicalCorrectionOutcome } from '../ledger/projections/invoices-projector.js';
import { fa3Invoice } from './decide-invoice-request.js';
import { buildFa3Xml } from './fa3/fa3-xml.js';
import type { Invoice, VatRate } from './fa3/invoice-model.js';

export type TechnicalCorrectionRefusalCode = 'INVOICE_NOT_FOUND' | 'NOT_REJECTED' | 'INVALID_NIP' | 'NOTHING_CHANGED';

interface RejectedRow {
  cursor: number;
  status: string;
  mode: string;
  sha256: string;
  corrected_hash: string | null;
  correction_of: string | null;
  refund_id: string | null;
}

function refuse(code: TechnicalCorrectionRefusalCode, message: string): Decision {
  return { status: 'refused', outcome: { refusal: { code, message } } };
}

function outcomeAt(db: Database, cursor: number): InvoiceOutcome {
  const { record } = db
    .prepare<[number], { record: string }>('SELECT record FROM events WHERE cursor = ?')
    .get(cursor)!;
  return (JSON.parse(record) as { outcome: { invoice: InvoiceOutcome } }).outcome.invoice;
}

/** The buyer as on the bytes KSeF rejected: the original's, or the last correction's. */
function currentBuyer(
  db: Database,
  invoiceId: string,
  original: InvoiceOutcome,
): InvoiceOutcome['buyer'] & {
  address: InvoiceOutcome['buyerAddress'];
} {
  const corrected = db
    .prepare<[string], { record: string }>(
      `SELECT record FROM events WHERE type = 'invoice.technical_correction' AND status = 'accepted'
         AND json_extract(record, '$.outcome.correction.invoiceId') = ? ORDER BY cursor DESC LIMIT 1`,
    )
    .get(invoiceId);
  if (!corrected) return { ...original.buyer, address: original.buyerAddress };
  const { correction } = (JSON.parse(corrected.record) as { outcome: { correction: TechnicalCorrectionOutcome } })
    .outcome;
  return { ...correction.buyer, address: correction.buyerAddress };
}

/**
 * What a correcting invoice says it corrects, as it would be issued now: the corrected invoice's KSeF number may be
 * known by now, which only makes the reference more exact.
 */
function correctionOf(db: Database, row: RejectedRow): Invoice['correction'] {
  if (!row.correction_of || !row.refund_id) return undefined;
  const corrected = db
    .prepare<[string], { number: string; issue_date: string; ksef_number: string | null }>(
      'SELECT number, issue_date, ksef_number FROM invoices WHERE invoice_id = ?',
    )
    .get(row.correction_of)!;
  const refund = db
    .prepare<[string], { reason: string | null }>('SELECT reason FROM sale_refunds WHERE refund_id = ?')
    .get(row.refund_id);
  return {
    reason: refund?.reason ?? 'Zwrot towaru',
    effect: 'correction-period',
    corrected: {
      number: corrected.number,
      issueDate: corrected.issue_date,
      ...(corrected.ksef_number ? { ksefNumber: corrected.ksef_number } : {}),
    },
  };
}

/**
 * A manager fixes the buyer's data of an invoice KSeF rejected (research §9): the same number, dates and lines, new
 * FA(3) bytes. An offline invoice is sent as KSeF's technical correction of the rejected bytes — always of the first
 * rejected ones, whose hash the printed KOD I carries; an online invoice never got into KSeF, so it is simply sent
 * again.
 */
export function decideTechnicalCorrection({ db, event }: DecideContext): Decision {
  const request = event.payload as unknown as InvoiceTechnicalCorrectionPayload;
  const row = db
    .prepare<[string], RejectedRow>(
      `SELECT cursor, status, mode, sha256, corrected_hash, correction_of, refund_id FROM invoices
       WHERE invoice_id = ?`,
    )
    .get(request.invoiceId);
  if (!row) return refuse('INVOICE_NOT_FOUND', `no invoice ${request.invoiceId}`);
  if (row.status !== 'rejected') {
    return refuse('NOT_REJECTED', `only an invoice KSeF rejected can be corrected this way; this one is ${row.status}`);
  }
  const nip = normalizeNip(request.buyer.nip);
  if (!nip || !isValidNip(nip)) return refuse('INVALID_NIP', `${request.buyer.nip} is not a valid NIP`);
  const original = outcomeAt(db, row.cursor);
  const current = currentBuyer(db, request.invoiceId, original);
  const buyer = { nip, name: request.buyer.name, address: request.buyer.address };
  if (canonicalJson(current) === canonicalJson(buyer)) {
    return refuse('NOTHING_CHANGED', 'the buyer is as on the rejected invoice: change what KSeF refused');
  }
  const saleDate = db
    .prepare<[string], { d: string }>('SELECT business_date AS d FROM sales WHERE sale_id = ?')
    .get(original.saleId)!.d;
  const invoice = fa3Invoice({
    number: original.number,
    issueDate: original.issueDate,
    saleDate,
    seller: original.seller,
    buyer,
    lines: original.lines.map((line) => ({
      name: line.name,
      unit: 'szt.',
      quantity: line.quantity,
      unitGrossPrice: line.unitGross,
      vatRate: line.vatRate as VatRate,
    })),
    correction: correctionOf(db, row),
  });
  const xml = buildFa3Xml(invoice, event.occurredAt);
  const bytes = Buffer.from(xml, 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest('base64');
  const correction: TechnicalCorrectionOutcome = {
    invoiceId: request.invoiceId,
    correctedHash: row.mode === 'online' ? null : (row.corrected_hash ?? row.sha256),
    buyer: { nip, name: request.buyer.name },
    buyerAddress: request.buyer.address,
    xml,
    sha256,
    size: bytes.length,
  };
  return { status: 'accepted', outcome: { correction } };
}
