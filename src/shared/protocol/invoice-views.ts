import Type, { type Static } from 'typebox';
import { EntityId } from './catalog-payloads.js';
import { InvoiceAddress, InvoiceBuyer, KsefAnnouncement, Nip } from './invoice-payloads.js';
import { Money } from './money.js';

/**
 * What the admin API shows of invoices (issue 9): the Invoices screen, its detail, the A4 print view and Settings →
 * Invoicing. Times are UTC ISO 8601; dates are the store's calendar (YYYY-MM-DD).
 */

const NullableString = Type.Union([Type.String(), Type.Null()]);
const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const INVOICE_MODES = ['online', 'offline24', 'offline', 'awaryjny', 'total_failure'] as const;
export type InvoiceMode = (typeof INVOICE_MODES)[number];

/**
 * awaiting_send: owed to KSeF; sent: KSeF has it and has not answered yet; accepted: numbered, its UPO kept; rejected:
 * refused, waiting for a correction; not_required: issued in a total failure, never sent.
 */
export const INVOICE_STATUSES = ['awaiting_send', 'not_required', 'sent', 'accepted', 'rejected'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const InvoiceDeadline = Type.Union([
  Type.Object({
    kind: Type.Literal('due'),
    date: CalendarDate,
    dueAt: Type.String({ description: 'UTC instant the due date ends in the store zone: the countdown runs to it' }),
  }),
  Type.Object({ kind: Type.Literal('open'), reason: Type.String({ description: 'e.g. unavailability_ongoing' }) }),
  Type.Object({ kind: Type.Literal('none'), reason: Type.String({ description: 'online, total_failure' }) }),
]);
export type InvoiceDeadline = Static<typeof InvoiceDeadline>;

export const InvoiceListItem = Type.Object({
  invoiceId: Type.String(),
  number: Type.String({ description: 'from the gap-free series of the store and year' }),
  issueDate: CalendarDate,
  buyer: Type.Object({ nip: Type.String(), name: Type.String() }),
  gross: Money,
  mode: Type.Enum(INVOICE_MODES),
  status: Type.Enum(INVOICE_STATUSES),
  deadline: InvoiceDeadline,
  ksefNumber: NullableString,
  saleId: EntityId,
  correctionOf: Type.Union([Type.String(), Type.Null()], { description: 'the invoice a KOR corrects' }),
  createdAt: Type.String(),
});
export type InvoiceListItem = Static<typeof InvoiceListItem>;

/** `GET /v1/admin/invoices?limit&before&status`: newest first. */
export const InvoiceList = Type.Object({
  invoices: Type.Array(InvoiceListItem),
  nextBefore: Type.Union([Type.String(), Type.Null()], { description: 'pass as `before` for the next page' }),
});
export type InvoiceList = Static<typeof InvoiceList>;

export const VerificationCode = Type.Object({
  url: Type.String(),
  label: Type.String({ description: 'KOD I: the KSeF number or OFFLINE; KOD II: CERTYFIKAT' }),
  svg: Type.String({ description: 'the QR code as an SVG document' }),
});
export type VerificationCode = Static<typeof VerificationCode>;

/** What sending to KSeF has come to for one invoice (issue 10). */
export const InvoiceKsefView = Type.Object({
  invoicingMode: Type.Union([Type.Literal('Online'), Type.Literal('Offline'), Type.Null()], {
    description: 'as KSeF classified it once numbered',
  }),
  acquiredAt: Type.Union([Type.String(), Type.Null()], { description: 'when KSeF gave the number' }),
  sessionRef: NullableString,
  upo: Type.Union([
    Type.Object({
      problems: Type.Array(Type.String(), { description: "what the hub's check of the UPO found; kept anyway" }),
    }),
    Type.Null(),
  ]),
  sending: Type.Union([
    Type.Object({ sessionRef: Type.String(), kind: Type.String(), sentAt: Type.String() }),
    Type.Null(),
  ]),
  rejection: Type.Union([
    Type.Object({
      code: Type.Integer(),
      description: Type.String(),
      details: Type.Array(Type.String()),
      explanation: Type.String({ description: 'what it means and what to do, in plain words' }),
      correctable: Type.Boolean({ description: 'a technical correction can be sent (the buyer fixed)' }),
      at: Type.String(),
    }),
    Type.Null(),
  ]),
  correctedHash: Type.Union([Type.String(), Type.Null()], {
    description: 'a technical correction: the hash of the rejected bytes it is sent against',
  }),
});
export type InvoiceKsefView = Static<typeof InvoiceKsefView>;

/** `POST /v1/admin/invoices/:invoiceId/technical-correction` (manager): the buyer's data fixed. */
export const TechnicalCorrectionRequest = Type.Object({ buyer: InvoiceBuyer }, { additionalProperties: false });
export type TechnicalCorrectionRequest = Static<typeof TechnicalCorrectionRequest>;

export const InvoiceDetail = Type.Intersect([
  InvoiceListItem,
  Type.Object({
    seller: Type.Object({
      nip: Type.String(),
      name: Type.String(),
      address: InvoiceAddress,
      bankAccount: Type.Union([Type.String(), Type.Null()], {
        description: 'as on the invoice, when the store set one',
      }),
    }),
    saleDate: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: "the date of supply: the sale's business date",
    }),
    buyerAddress: InvoiceAddress,
    lines: Type.Array(
      Type.Object({
        name: Type.String(),
        quantity: Type.Integer(),
        unitGross: Type.Integer({ description: 'minor units' }),
        vatRate: Type.String(),
        gross: Type.Integer(),
      }),
    ),
    vat: Type.Array(
      Type.Object({ rate: Type.String(), net: Type.Integer(), vat: Type.Integer(), gross: Type.Integer() }),
    ),
    sha256: Type.String({ description: 'Base64 SHA-256 of the stored XML bytes (invoiceHash)' }),
    size: Type.Integer({ description: 'bytes of the stored XML' }),
    kodI: Type.Union([VerificationCode, Type.Null()], {
      description: 'null for an invoice issued in total-failure mode: never sent to KSeF, it carries no codes',
    }),
    kodII: Type.Union([VerificationCode, Type.Null()], { description: 'offline invoices only' }),
    certificateSerial: NullableString,
    announcements: Type.Array(KsefAnnouncement, { description: 'what the deadline was computed from' }),
    ksef: InvoiceKsefView,
  }),
]);
export type InvoiceDetail = Static<typeof InvoiceDetail>;

/** `POST /v1/admin/invoices` (manager): an invoice for a recorded sale. */
export const IssueInvoiceRequest = Type.Object(
  { saleId: EntityId, buyer: InvoiceBuyer },
  { additionalProperties: false },
);
export type IssueInvoiceRequest = Static<typeof IssueInvoiceRequest>;

/** `POST /v1/admin/invoices/:invoiceId/corrections` (manager): the correcting invoice (KOR) of a refund of its sale. */
export const IssueCorrectionRequest = Type.Object({ refundId: EntityId }, { additionalProperties: false });
export type IssueCorrectionRequest = Static<typeof IssueCorrectionRequest>;

export const KSEF_ENVIRONMENTS = ['TE', 'DEMO', 'PRD'] as const;

/** `GET /v1/admin/settings/invoicing`. The certificate's private key is never shown back. */
export const InvoicingSettingsView = Type.Object({
  seller: Type.Union([
    Type.Object({
      nip: Type.String(),
      name: Type.String(),
      address: InvoiceAddress,
      bankAccount: NullableString,
    }),
    Type.Null(),
  ]),
  numberFormat: Type.String({
    description: 'e.g. FV/{YYYY}/{NNNNN}: {YYYY} year, {MM} month, N… the number, zero-padded',
  }),
  environment: Type.Enum(KSEF_ENVIRONMENTS),
  certificate: Type.Union([
    Type.Object({
      serial: Type.String(),
      subject: Type.String(),
      notAfter: Type.String(),
      keyType: Type.Union([Type.Literal('rsa'), Type.Literal('ec')]),
    }),
    Type.Null(),
  ]),
});
export type InvoicingSettingsView = Static<typeof InvoicingSettingsView>;

/** `PUT /v1/admin/settings/invoicing` (manager, PIN re-entered). */
export const InvoicingSettingsUpdate = Type.Object(
  {
    seller: Type.Object(
      {
        nip: Nip,
        name: Type.String({ minLength: 1, maxLength: 256 }),
        address: InvoiceAddress,
        bankAccount: Type.Optional(Type.String({ minLength: 10, maxLength: 34, pattern: '^[A-Z0-9 ]+$' })),
      },
      { additionalProperties: false },
    ),
    numberFormat: Type.String({ minLength: 3, maxLength: 64 }),
    environment: Type.Enum(KSEF_ENVIRONMENTS),
    pin: Type.String({ pattern: '^[0-9]{4,12}$' }),
  },
  { additionalProperties: false },
);
export type InvoicingSettingsUpdate = Static<typeof InvoicingSettingsUpdate>;

/** `PUT /v1/admin/settings/invoicing/certificate` (manager, PIN): the KSeF offline certificate and its key. */
export const OfflineCertificateUpload = Type.Object(
  {
    certificatePem: Type.String({ minLength: 1, maxLength: 65536 }),
    privateKeyPem: Type.String({ minLength: 1, maxLength: 65536 }),
    passphrase: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    pin: Type.String({ pattern: '^[0-9]{4,12}$' }),
  },
  { additionalProperties: false },
);
export type OfflineCertificateUpload = Static<typeof OfflineCertificateUpload>;
