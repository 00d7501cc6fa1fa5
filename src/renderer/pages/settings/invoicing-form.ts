/**
 * Settings → Invoicing's logic (issue 9): the seller, numbering and KSeF environment as typed, and the offline
 * certificate upload, checked against InvoicingSettingsUpdate and OfflineCertificateUpload
 * (src/shared/protocol/invoice-views.ts) in words before any request.
 */
import type { InvoicingSettingsUpdate, InvoicingSettingsView, OfflineCertificateUpload } from '../../api/invoices.js';
import { pinProblem } from '../../validation.js';
import { readParty, toPartyDraft, type PartyDraft } from '../invoices/party.js';
import type { KSEF_ENVIRONMENTS } from '../../../shared/protocol/invoice-views.js';

export type KsefEnvironment = (typeof KSEF_ENVIRONMENTS)[number];

export const ENVIRONMENT_CHOICES: ReadonlyArray<{ value: KsefEnvironment; label: string; meaning: string }> = [
  { value: 'TE', label: 'TE (test)', meaning: 'For trying things out with made-up data: nothing sent there counts.' },
  {
    value: 'DEMO',
    label: 'DEMO (pre-production)',
    meaning: 'For a last check with the store’s real data: invoices there are not legally binding.',
  },
  { value: 'PRD', label: 'PRD (production)', meaning: 'The real KSeF: every invoice is legally binding.' },
];

/** A wrong PIN here is the manager's own PIN mistyped, not a failed login. */
export const PIN_ERRORS = {
  INVALID_CREDENTIALS: 'That PIN is not right. Enter your own PIN again.',
  PIN_INVALID: 'That PIN is not right. Enter your own PIN again.',
};

export interface InvoicingDraft {
  seller: PartyDraft;
  bankAccount: string;
  numberFormat: string;
  environment: KsefEnvironment;
  pin: string;
}

export const DEFAULT_NUMBER_FORMAT = 'FV/{YYYY}/{NNNNN}';

export function toInvoicingDraft(view: InvoicingSettingsView): InvoicingDraft {
  return {
    seller: toPartyDraft(view.seller),
    bankAccount: view.seller?.bankAccount ?? '',
    numberFormat: view.numberFormat || DEFAULT_NUMBER_FORMAT,
    environment: view.environment,
    pin: '',
  };
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN_PLACEHOLDER = /^(YYYY|MM|N+)$/;

/**
 * The number `format` gives invoice `sequence` issued on `date` (the hub's placeholders: {YYYY} the year, {MM} the
 * month, {NNNNN} the number zero-padded to as many digits as there are N).
 */
export function numberExample(format: string, date: Date, sequence = 1): string {
  return format.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'YYYY') return String(date.getFullYear());
    if (name === 'MM') return String(date.getMonth() + 1).padStart(2, '0');
    return /^N+$/.test(name) ? String(sequence).padStart(name.length, '0') : whole;
  });
}

/**
 * A format without the number would give every invoice the same number; an unknown placeholder would be printed
 * as it is. Both are refused here rather than discovered on the first invoice.
 */
export function numberFormatProblem(format: string): string | null {
  if (format.length < 3 || format.length > 64) return 'The invoice number format is 3 to 64 characters.';
  const names = [...format.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
  const unknown = names.find((name) => !KNOWN_PLACEHOLDER.test(name));
  if (unknown !== undefined)
    return `The number format cannot hold {${unknown}}: use {YYYY} for the year, {MM} for the month and {NNNNN} for the number.`;
  if (!names.some((name) => /^N+$/.test(name)))
    return 'The number format needs the invoice’s own number: put {NNNNN} where it goes (one N per digit).';
  return null;
}

/** "pl61 1090 1014 0000 0712 1981 2874" → "PL61 1090 1014 0000 0712 1981 2874": the hub wants capitals and spaces. */
export function normalizeBankAccount(text: string): string {
  return text.trim().toUpperCase().replace(/\s+/g, ' ');
}

function bankAccountProblem(account: string): string | null {
  if (account === '') return null;
  if (!/^[A-Z0-9 ]+$/.test(account)) return 'The bank account is letters, digits and spaces only (no dashes).';
  return account.length < 10 || account.length > 34
    ? 'The bank account is 10 to 34 characters, such as PL61 1090 1014 0000 0712 1981 2874.'
    : null;
}

/** The body of `PUT /v1/admin/settings/invoicing`, or the first problem in words. */
export function fromInvoicingDraft(draft: InvoicingDraft): { update: InvoicingSettingsUpdate } | { problem: string } {
  const seller = readParty(draft.seller, 'seller');
  if ('problem' in seller) return seller;
  const bankAccount = normalizeBankAccount(draft.bankAccount);
  const numberFormat = draft.numberFormat.trim();
  const problem = bankAccountProblem(bankAccount) ?? numberFormatProblem(numberFormat) ?? pinProblem(draft.pin);
  if (problem) return { problem };
  return {
    update: {
      seller: { ...seller.party, ...(bankAccount ? { bankAccount } : {}) },
      numberFormat,
      environment: draft.environment,
      pin: draft.pin,
    },
  };
}

export interface CertificateDraft {
  certificatePem: string;
  /** Typed or read from a file here, sent once, and emptied after saving: the hub never shows it back. */
  privateKeyPem: string;
  passphrase: string;
  pin: string;
}

export const EMPTY_CERTIFICATE: CertificateDraft = { certificatePem: '', privateKeyPem: '', passphrase: '', pin: '' };

/** The hub's bounds on each PEM text (OfflineCertificateUpload). */
export const MAX_PEM_LENGTH = 65_536;

/** A key in PKCS#8 "ENCRYPTED PRIVATE KEY" or the older OpenSSL "Proc-Type: 4,ENCRYPTED" form needs its passphrase. */
const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;

function pemProblem(text: string, what: string, begins: RegExp, example: string): string | null {
  if (text === '') return `Paste the ${what}, or read it from its file.`;
  if (text.length > MAX_PEM_LENGTH) return `The ${what} is too long for a PEM file (at most 64 KB).`;
  return begins.test(text)
    ? null
    : `The ${what} must be PEM text starting with ${example}. A binary (.der) file must be converted to PEM first.`;
}

/** The body of `PUT /v1/admin/settings/invoicing/certificate`, or the first problem in words. */
export function fromCertificateDraft(
  draft: CertificateDraft,
): { upload: OfflineCertificateUpload } | { problem: string } {
  const certificatePem = draft.certificatePem.trim();
  const privateKeyPem = draft.privateKeyPem.trim();
  const problem =
    pemProblem(certificatePem, 'certificate', /-----BEGIN CERTIFICATE-----/, '-----BEGIN CERTIFICATE-----') ??
    pemProblem(privateKeyPem, 'private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/, '-----BEGIN PRIVATE KEY-----') ??
    (ENCRYPTED_KEY.test(privateKeyPem) && draft.passphrase === ''
      ? 'This private key is protected by a passphrase: enter it.'
      : null) ??
    (draft.passphrase.length > 1024 ? 'The passphrase can be at most 1024 characters.' : null) ??
    pinProblem(draft.pin);
  if (problem) return { problem };
  return {
    upload: {
      certificatePem,
      privateKeyPem,
      ...(draft.passphrase ? { passphrase: draft.passphrase } : {}),
      pin: draft.pin,
    },
  };
}
