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
