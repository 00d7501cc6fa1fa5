import Type, { type Static } from 'typebox';
import { KSEF_AVAILABILITY } from './invoice-payloads.js';

/**
 * What the admin API shows of sending invoices to KSeF (issue 10): the KSeF connector on the Upstream screen and its
 * token in Settings → Connectors. The invoices themselves are on the Invoices screen (invoice-views.ts). Times are UTC
 * ISO 8601.
 */

export const KSEF_CONNECTOR = 'ksef';

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** The KSeF token is never shown back: only its last characters and who set it when. */
export const KsefTokenView = Type.Object({
  set: Type.Boolean(),
  hint: NullableString,
  updatedAt: NullableString,
  updatedBy: NullableString,
});
export type KsefTokenView = Static<typeof KsefTokenView>;

/** `PUT /v1/admin/settings/connectors/ksef` (manager, PIN re-entered). */
export const KsefTokenUpdate = Type.Object(
  {
    token: Type.String({
      minLength: 8,
      maxLength: 2000,
      pattern: '^[\\x21-\\x7e]+$',
      description: 'the KSeF token generated for the seller with the InvoiceWrite permission',
    }),
    pin: Type.String({ pattern: '^[0-9]{4,12}$', description: "the manager's PIN, entered again" }),
  },
  { additionalProperties: false },
);
export type KsefTokenUpdate = Static<typeof KsefTokenUpdate>;

export const KsefConnectionTest = Type.Object({
  ok: Type.Boolean(),
  message: Type.String(),
  latencyMs: Type.Integer(),
});
export type KsefConnectionTest = Static<typeof KsefConnectionTest>;

/** One KSeF session the hub sent invoices in, with what became of them. */
export const KsefSessionView = Type.Object({
  sessionRef: Type.String(),
  kind: Type.Union([Type.Literal('online'), Type.Literal('batch')], {
    description: 'online: the interactive session of a few invoices; batch: a zipped backlog',
  }),
  firstSentAt: Type.String(),
  invoices: Type.Integer(),
  numbered: Type.Integer(),
  rejected: Type.Integer(),
  waiting: Type.Integer({ description: 'sent, no final status yet' }),
});
export type KsefSessionView = Static<typeof KsefSessionView>;

export const KsefOverview = Type.Object({
  token: KsefTokenView,
  availability: Type.Enum(KSEF_AVAILABILITY, { description: "the hub's last recorded word on KSeF (Latarnia + API)" }),
  availabilityDetail: Type.String(),
  availabilitySince: NullableString,
  backlog: Type.Integer({ description: 'invoices owed to KSeF, the rejected ones included' }),
  sending: Type.Integer({ description: 'of the backlog: sent, waiting for KSeF to number them' }),
  rejected: Type.Integer({ description: 'rejected by KSeF, waiting for a correction' }),
  numberedLastHour: Type.Integer(),
  nearestDeadline: Type.Union([
    Type.Object({ invoiceId: Type.String(), number: Type.String(), dueAt: Type.String() }),
    Type.Null(),
  ]),
  drain: Type.Object({
    hoursNeeded: Type.Union([Type.Number(), Type.Null()], {
      description: 'backlog ÷ invoices numbered in the last hour; null while nothing was numbered',
    }),
    atRisk: Type.Boolean({ description: 'the backlog cannot be sent before the nearest deadline at this rate' }),
  }),
  sessions: Type.Array(KsefSessionView, { description: 'the latest sessions, newest first' }),
});
export type KsefOverview = Static<typeof KsefOverview>;
