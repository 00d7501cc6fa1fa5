import { createCipheriv, createHash } from 'node:crypto';

/** What an invoice send carries about the invoice and its encrypted form (research §4, §13 V8). */
export interface EncryptedInvoice {
  /** Base64 SHA-256 of the exact invoice bytes: the hash KOD I and UPO name. */
  invoiceHash: string;
  invoiceSize: number;
  /** Base64 AES-256-CBC (PKCS#7) ciphertext, with no IV prefix (as the official clients send it, research §15). */
  encryptedInvoiceContent: string;
  encryptedInvoiceSize: number;
  encryptedInvoiceHash: string;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

/**
 * Encrypts the invoice's stored bytes with the session's symmetric key at send time (never at issue: DESIGN §14),
 * so what KSeF decrypts is byte for byte what the hub issued and hashed.
 */
export function encryptInvoice(invoice: Uint8Array, key: Uint8Array, iv: Uint8Array): EncryptedInvoice {
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(invoice), cipher.final()]);
  return {
    invoiceHash: sha256(invoice),
    invoiceSize: invoice.byteLength,
    encryptedInvoiceContent: encrypted.toString('base64'),
    encryptedInvoiceSize: encrypted.byteLength,
    encryptedInvoiceHash: sha256(encrypted),
  };
}
