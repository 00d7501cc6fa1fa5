import type QRCode from 'qrcode';
import type { PaperWidth } from '../../../../shared/protocol/printing.js';
import { onFirstUse } from '../../first-use.js';
import type { ReceiptDocument } from './receipt-document.js';

const qrCode = onFirstUse<typeof QRCode>('qrcode');

/** The most bytes one QR symbol holds at the correction level receipts print (version 40, byte mode, level M). */
export const MAX_QR_DATA_LENGTH = 2331;

/** The printable width of each roll in dots (font A's 48 or 32 columns of 12 dots). */
const PRINTABLE_DOTS: Readonly<Record<PaperWidth, number>> = { 58: 384, 80: 576 };

/** Dots per module for the short links most receipts carry: larger modules scan more reliably. */
const PREFERRED_CELL_SIZE: Readonly<Record<PaperWidth, number>> = { 58: 5, 80: 7 };

/** 0.375 mm at 203 dpi: below it a phone reading thermal paper starts to miss modules. */
const MIN_CELL_SIZE = 3;

/** ISO/IEC 18004 asks for four modules of blank paper on each side of the symbol. */
const QUIET_ZONE_MODULES = 4;

/**
 * Modules across the symbol the printer will draw. Sized as byte mode at correction M, the most a printer's own
 * encoder can need for this text, so the width is never underestimated.
 */
function symbolModules(data: string): number {
  const { version } = qrCode().create([{ data: Buffer.from(data, 'ascii'), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
  });
  return 17 + 4 * version;
}

/**
 * The largest module size up to the preferred one at which the symbol and its quiet zone fit the paper. A printer
 * given a symbol wider than its paper prints nothing at all (Epson drops it silently), so a long link (an RSA-signed
 * KOD II is about 470 characters, 85 modules) gets smaller modules instead, and one that would not scan even then
 * is refused here rather than left off the paper.
 */
function cellSizeFor(data: string, paperWidth: PaperWidth): number {
  const modules = symbolModules(data) + 2 * QUIET_ZONE_MODULES;
  const fitting = Math.floor(PRINTABLE_DOTS[paperWidth] / modules);
  if (fitting < MIN_CELL_SIZE) {
    throw new RangeError(`a QR code of ${data.length} characters does not fit ${paperWidth} mm paper legibly`);
  }
  return Math.min(PREFERRED_CELL_SIZE[paperWidth], fitting);
}

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
  doc.qrCode(data, cellSizeFor(data, doc.paperWidth));
  if (caption) doc.centered(caption);
}
