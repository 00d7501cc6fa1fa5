import type { Database } from 'better-sqlite3';
import type { InvoicingSettingsView } from '../../../shared/protocol/invoice-views.js';
import { readMetaJson, writeMetaJson } from '../ledger/hub-meta.js';

const META_KEY = 'invoicing.settings';
const CERTIFICATE_META_KEY = 'invoicing.certificate';

export const DEFAULT_NUMBER_FORMAT = 'FV/{YYYY}/{NNNNN}';

export interface InvoicingSettings {
  seller: NonNullable<InvoicingSettingsView['seller']>;
  numberFormat: string;
  environment: InvoicingSettingsView['environment'];
}

/** What the Settings screen shows of the offline certificate; the key itself is in the SecretStore only. */
export type CertificateMeta = NonNullable<InvoicingSettingsView['certificate']> & { publicKeyPem: string };

/** The seller and numbering the deciders issue with; undefined until a manager sets them. */
export function invoicingSettings(db: Database): InvoicingSettings | undefined {
  return readMetaJson<InvoicingSettings>(db, META_KEY);
}

export function saveInvoicingSettings(db: Database, settings: InvoicingSettings): void {
  writeMetaJson(db, META_KEY, settings);
}

export function certificateMeta(db: Database): CertificateMeta | undefined {
  return readMetaJson<CertificateMeta>(db, CERTIFICATE_META_KEY);
}

export function saveCertificateMeta(db: Database, meta: CertificateMeta): void {
  writeMetaJson(db, CERTIFICATE_META_KEY, meta);
}

/**
 * An invoice number from the store's format: `{YYYY}` the year, `{MM}` the month, a run of `N` in braces the number
 * in its series, zero-padded to the run's length (`FV/{YYYY}/{NNNNN}` → `FV/2026/00042`). Throws for a format with
 * no number in it: two invoices would share a number.
 */
export function formatInvoiceNumber(format: string, issueDate: string, seriesNo: number): string {
  if (!/\{N+\}/.test(format)) throw new RangeError(`the invoice number format ${format} has no {N…} for the number`);
  return format
    .replaceAll('{YYYY}', issueDate.slice(0, 4))
    .replaceAll('{MM}', issueDate.slice(5, 7))
    .replace(/\{(N+)\}/g, (_, run: string) => String(seriesNo).padStart(run.length, '0'));
}
