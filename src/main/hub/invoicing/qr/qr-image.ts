import type QRCode from 'qrcode';
import type { QRCodeToDataURLOptions, QRCodeToStringOptions } from 'qrcode';
import { onFirstUse } from '../../first-use.js';

/*
 * Images of a KOD I / KOD II link for screens, PDFs and e-mail. (Receipt printers draw the symbol themselves from the
 * link text: printing/receipts/receipt-qr.ts.) Level M restores up to 15 % of a damaged or smudged print, and four
 * modules of quiet zone is what ISO/IEC 18004 (which kody-qr.md requires) asks for around the symbol.
 */
const SYMBOL = { errorCorrectionLevel: 'M', margin: 4 } as const;

// Loaded by the first invoice view rather than with the hub, as for receipts (receipt-qr.ts).
const qrCode = onFirstUse<typeof QRCode>('qrcode');

/** The link's QR code as an SVG document. Same link, same bytes: the mask choice and the encoding are deterministic. */
export async function qrSvg(url: string): Promise<string> {
  return qrCode().toString(url, { ...SYMBOL, type: 'svg' } satisfies QRCodeToStringOptions);
}

/** The link's QR code as a data:image/png;base64 URL, deterministic like qrSvg. */
export async function qrPngDataUrl(url: string): Promise<string> {
  return qrCode().toDataURL(url, { ...SYMBOL, type: 'image/png' } satisfies QRCodeToDataURLOptions);
}
