import Type, { type Static } from 'typebox';
import { EntityId } from './catalog-payloads.js';

/** A Polish tax id as people type it: spaces, dashes and a `PL` prefix are allowed; the hub checks the checksum. */
export const Nip = Type.String({ minLength: 10, maxLength: 16, pattern: '^(PL|pl)?[0-9 -]+$' });

export const InvoiceAddress = Type.Object(
  {
    line1: Type.String({ minLength: 1, maxLength: 512 }),
    line2: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  },
  { additionalProperties: false },
);
export type InvoiceAddress = Static<typeof InvoiceAddress>;

export const InvoiceBuyer = Type.Object(
  { nip: Nip, name: Type.String({ minLength: 1, maxLength: 256 }), address: InvoiceAddress },
  { additionalProperties: false },
);
export type InvoiceBuyer = Static<typeof InvoiceBuyer>;

/**
 * `invoice.request`: a till (or the manager, from the back office) asks for a VAT invoice for a recorded sale, or,
 * with `refundId`, for the correcting invoice (KOR) of a refund of an invoiced sale. The hub numbers it, builds its
 * FA(3) XML and decides its KSeF mode in the transaction that records it (issue 9). A KOR is to the invoice's buyer,
 * so `buyer` is needed only for an invoice.
 */
export const InvoiceRequestPayload = Type.Object(
  {
    saleId: EntityId,
    buyer: Type.Optional(InvoiceBuyer),
    refundId: Type.Optional(EntityId),
    /** Print the invoice with both QR codes on the receipt printer once it is issued. */
    printInvoice: Type.Optional(Type.Boolean()),
    printerId: Type.Optional(EntityId),
  },
  { additionalProperties: false },
);
export type InvoiceRequestPayload = Static<typeof InvoiceRequestPayload>;

export const KSEF_AVAILABILITY = ['available', 'unreachable', 'maintenance', 'failure', 'total_failure'] as const;
export type KsefAvailability = (typeof KSEF_AVAILABILITY)[number];

const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** An availability announcement of the KSeF status service (Latarnia), as the deadline rules need it. */
export const KsefAnnouncement = Type.Object(
  {
    kind: Type.Union([Type.Literal('unavailability'), Type.Literal('failure'), Type.Literal('total_failure')]),
    start: CalendarDate,
    end: Type.Union([CalendarDate, Type.Null()]),
  },
  { additionalProperties: false },
);
export type KsefAnnouncement = Static<typeof KsefAnnouncement>;

/**
 * `ksef.status` (hub-made): what the hub knew of KSeF when it changed — reachable or not from the store, and what the
 * status service announced. Recorded in the ledger, so the mode and deadline of every invoice can be proven later
 * from what was known when it was issued.
 */
export const KsefStatusPayload = Type.Object(
  {
    availability: Type.Enum(KSEF_AVAILABILITY),
    announcements: Type.Array(KsefAnnouncement, { maxItems: 200 }),
    detail: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type KsefStatusPayload = Static<typeof KsefStatusPayload>;

/** A number KSeF gave an invoice (research §13 V6; the CRC is checked by the hub before it records one). */
export const KsefNumber = Type.String({ pattern: '^\\d{10}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$' });
/** Base64 SHA-256, as KSeF names documents. */
export const Sha256Base64 = Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' });
const KsefReference = Type.String({ minLength: 1, maxLength: 64 });

/**
 * `invoice.numbered` (hub-made): KSeF accepted an invoice and gave it a number. The official receipt (UPO) is kept in
 * the record byte for byte (Base64), so the proof that the invoice reached KSeF is in the hash chain. `reconciled`:
 * KSeF had it already from an earlier send whose answer was lost (status 440 with its original number).
 */
export const InvoiceNumberedPayload = Type.Object(
  {
    invoiceId: EntityId,
    invoiceHash: Sha256Base64,
    ksefNumber: KsefNumber,
    invoicingMode: Type.Union([Type.Literal('Online'), Type.Literal('Offline')]),
    acquisitionDate: Type.String({ maxLength: 40 }),
    sessionRef: KsefReference,
    invoiceRef: Type.Union([KsefReference, Type.Null()]),
    reconciled: Type.Boolean(),
    upo: Type.String({ maxLength: 2_000_000, description: 'the UPO XML, Base64' }),
    /** What the hub's check of the UPO found wrong (it is kept anyway: research §6). */
    upoProblems: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type InvoiceNumberedPayload = Static<typeof InvoiceNumberedPayload>;

/** `invoice.rejected` (hub-made): KSeF refused these bytes for good (status 4xx of the invoice); a person must act. */
export const InvoiceRejectedPayload = Type.Object(
  {
    invoiceId: EntityId,
    invoiceHash: Sha256Base64,
    sessionRef: KsefReference,
    invoiceRef: Type.Union([KsefReference, Type.Null()]),
    code: Type.Integer({ minimum: 100, maximum: 99_999 }),
    description: Type.String({ maxLength: 1000 }),
    details: Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type InvoiceRejectedPayload = Static<typeof InvoiceRejectedPayload>;

/**
 * `invoice.technical_correction` (a manager): an invoice KSeF rejected is issued again with the buyer's data fixed —
 * same number, same lines, same dates. For an offline invoice it is KSeF's technical correction (research §9): sent
 * with the hash of the rejected bytes, so the KOD I already printed leads to the corrected invoice.
 */
export const InvoiceTechnicalCorrectionPayload = Type.Object(
  { invoiceId: EntityId, buyer: InvoiceBuyer },
  { additionalProperties: false },
);
export type InvoiceTechnicalCorrectionPayload = Static<typeof InvoiceTechnicalCorrectionPayload>;
