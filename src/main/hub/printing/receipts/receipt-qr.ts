import type { PaperWidth } from '../../../../shared/protocol/printing.js';
import type { ReceiptDocument } from './receipt-document.js';

/** The most bytes one QR symbol holds (version 40, byte mode, correction level L). */
export const MAX_QR_DATA_LENGTH = 2953;

/**
 * Dots per QR module: a symbol of up to 73 modules (version 14, a long URL at correction M) plus its quiet zone
 * stays inside the printable width (384 dots on 58 mm, 576 on 80 mm), and larger modules scan more reliably.
 */
const CELL_SIZE: Readonly<Record<PaperWidth, number>> = { 58: 5, 80: 7 };

/**
 * A QR code with an optional caption under it, for any receipt (a KSeF invoice places its verification links this
 * way). `data` must be printable ASCII: node-thermal-printer sizes the symbol by the string's length but writes its
 * UTF-8 bytes, so any other character would leave the printer reading part of the data as commands. URLs are ASCII
 * once percent-encoded.
 */
export function appendQr(doc: ReceiptDocument, data: string, caption?: string): void {
  if (!/^[\x20-\x7e]+$/.test(data)) throw new RangeError('QR data must be printable ASCII (percent-encode URLs)');
  if (data.length > MAX_QR_DATA_LENGTH) {
    throw new RangeError(`QR data is ${data.length} characters; a QR code holds at most ${MAX_QR_DATA_LENGTH}`);
  }
  doc.qrCode(data, CELL_SIZE[doc.paperWidth]);
  if (caption) doc.centered(caption);
}
