import { invoiceHashSegment, issueDateSegment, nipSegment } from './link-fields.js';
import { qrHostOf, type QrHostChoice } from './qr-host.js';

export type InvoiceVerificationInput = QrHostChoice & {
  sellerNip: string;
  /** P_1, the issue date written on the invoice: YYYY-MM-DD. A string, so no time zone can shift the day. */
  issueDate: string;
  /** SHA-256 of the exact XML bytes sent to KSeF: 32 bytes, or that hash in Base64 / Base64URL. */
  invoiceHash: Uint8Array | string;
};

/**
 * KOD I, the link every KSeF invoice carries (online and offline): `https://{host}/invoice/{NIP}/{DD-MM-YYYY}/{hash}`.
 * Throws RangeError on an input KSeF could not resolve.
 */
export function invoiceVerificationUrl(input: InvoiceVerificationInput): string {
  const nip = nipSegment(input.sellerNip, 'sellerNip');
  return `https://${qrHostOf(input)}/invoice/${nip}/${issueDateSegment(input.issueDate)}/${invoiceHashSegment(input.invoiceHash)}`;
}

/** What KOD I's caption says until KSeF has numbered the invoice. */
export const KOD_I_OFFLINE_LABEL = 'OFFLINE';

/** KOD I's caption: the KSeF number once KSeF has given one, OFFLINE before (offline, or online still pending). */
export function kodILabel(ksefNumber: string | null): string {
  return ksefNumber ?? KOD_I_OFFLINE_LABEL;
}
