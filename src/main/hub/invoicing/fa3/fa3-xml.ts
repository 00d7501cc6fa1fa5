/**
 * An invoice's FA(3) XML: the bytes the hub stores, hashes and sends to KSeF, and never writes again. The same
 * invoice and `createdAt` always give the same string.
 */
import { buildDocument } from '../../xml/xml-document.js';
import { fa3Document } from './fa3-document.js';
import type { Invoice } from './invoice-model.js';

/** `createdAt` is `DataWytworzeniaFa`, an ISO date-time (e.g. '2026-03-02T10:15:00Z'). */
export function buildFa3Xml(invoice: Invoice, createdAt: string): string {
  assertIssuable(invoice);
  return buildDocument(fa3Document(invoice, createdAt));
}

/**
 * What the types cannot say, checked before any bytes exist: once stored, an invoice is only ever corrected by
 * another invoice. (Money that is not a whole number of grosze is refused where it is written.)
 */
function assertIssuable(invoice: Invoice): void {
  if (invoice.lines.length === 0) throw new RangeError(`invoice ${invoice.number} has no lines`);
  for (const { name, quantity } of invoice.lines) {
    const allowed = invoice.correction === undefined ? quantity > 0 : quantity !== 0;
    if (!allowed) {
      const expected = invoice.correction === undefined ? 'positive' : 'non-zero';
      throw new RangeError(`invoice ${invoice.number}, line "${name}": quantity ${quantity} must be ${expected}`);
    }
  }
}
