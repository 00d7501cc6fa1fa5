import Type, { type Static } from 'typebox';

/**
 * What the admin API shows of Conexxus reporting (DESIGN §6, issue 8): each business date's end-of-day movement
 * reports with their revisions, files and acknowledgements, and the store's Conexxus settings. The POS journal
 * queue is the generic job list (`GET /v1/admin/upstream/jobs?connector=conexxus&kind=journal`). Times are UTC ISO
 * 8601; business dates are the store's local YYYY-MM-DD.
 */

const NullableString = Type.Union([Type.String(), Type.Null()]);
const BusinessDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, the store calendar' });
const ClockTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, store local time' });

export const CONEXXUS_CONNECTOR = 'conexxus';
export const MOVEMENT_TYPES = ['ISM', 'MCM', 'TLM', 'MSM'] as const;
export const ACK_STATUSES = ['Success', 'NonFatalError', 'FatalError'] as const;

export const AckMessageView = Type.Object({
  lineNumber: Type.Union([Type.Integer(), Type.Null()]),
  linePosition: Type.Union([Type.Integer(), Type.Null()]),
  message: Type.String(),
  severity: NullableString,
});
export type AckMessageView = Static<typeof AckMessageView>;

/** One document on its way: its outbox job, and what the back office answered (HTTPS only). */
export const NaxmlDocumentView = Type.Object({
  jobId: Type.String(),
  /** ISM, MCM, TLM, MSM, or PJR for a journal entry. */
  type: Type.String(),
  fileName: Type.String({ description: 'the same on every resend: a resend overwrites, never duplicates' }),
  bytes: Type.Integer(),
  sha256: Type.String({ description: 'hex digest of the document bytes' }),
  state: Type.Union([
    Type.Literal('queued'),
    Type.Literal('in_flight'),
    Type.Literal('done'),
    Type.Literal('dead'),
    Type.Literal('cancelled'),
  ]),
  attempts: Type.Integer(),
  lastError: NullableString,
  transport: Type.Union([Type.Literal('folder'), Type.Literal('https'), Type.Null()], {
    description: 'how it was delivered; null until it is',
  }),
  deliveredAt: NullableString,
  ackStatus: Type.Union([Type.Enum(ACK_STATUSES), Type.Null()], {
    description: 'null for a folder drop (no acknowledgement) or before delivery',
  }),
  ackMessages: Type.Array(AckMessageView),
});
export type NaxmlDocumentView = Static<typeof NaxmlDocumentView>;

/** One revision of a business date's end of day: the first report, or a correction. */
export const EndOfDayRevisionView = Type.Object({
  revision: Type.Integer({ minimum: 1, description: 'ReportSequenceNumber: 1 first, 2 the first correction, …' }),
  createdAt: Type.String(),
  createdBy: Type.String({ description: 'schedule, correction, or the manager who ran it' }),
  reason: Type.String({ description: 'why this revision exists, in plain words' }),
  /** What the day came to when this revision was made (minor units), to compare revisions at a glance. */
  totals: Type.Object({ gross: Type.Integer(), net: Type.Integer(), transactions: Type.Integer() }),
  documents: Type.Array(NaxmlDocumentView),
});
export type EndOfDayRevisionView = Static<typeof EndOfDayRevisionView>;

export const END_OF_DAY_STATES = [
  'sending',
  'delivered',
  'acknowledged',
  'warning',
  'failed',
  'correction_due',
] as const;
export type EndOfDayState = (typeof END_OF_DAY_STATES)[number];

export const EndOfDayView = Type.Object({
  businessDate: BusinessDate,
  state: Type.Enum(END_OF_DAY_STATES, {
    description:
      'of the latest revision: sending (a document still queued), delivered (all in the folder), acknowledged ' +
      '(all Success), warning (a NonFatalError), failed (a document dead), correction_due (events arrived after it)',
  }),
  currency: NullableString,
  acknowledgeBy: Type.String({ description: 'UTC instant of the next morning by which it should be acknowledged' }),
  overdue: Type.Boolean(),
  revisions: Type.Array(EndOfDayRevisionView, { description: 'newest first' }),
});
export type EndOfDayView = Static<typeof EndOfDayView>;

/** `GET /v1/admin/upstream/conexxus/days?limit&before`: newest business date first. */
export const EndOfDayList = Type.Object({
  days: Type.Array(EndOfDayView),
  nextBefore: Type.Union([BusinessDate, Type.Null()], { description: 'pass as `before` for the next page' }),
});
export type EndOfDayList = Static<typeof EndOfDayList>;

/** `POST /v1/admin/upstream/conexxus/end-of-day` (manager): run the end of day for any past or current date. */
export const RunEndOfDayRequest = Type.Object({ businessDate: BusinessDate }, { additionalProperties: false });
export type RunEndOfDayRequest = Static<typeof RunEndOfDayRequest>;

export const RunEndOfDayReply = Type.Object({
  businessDate: BusinessDate,
  revision: Type.Integer(),
  created: Type.Boolean({ description: 'false when the day is unchanged since its latest revision: nothing new sent' }),
});
export type RunEndOfDayReply = Static<typeof RunEndOfDayReply>;

export const CONEXXUS_TRANSPORTS = ['folder', 'https'] as const;
export const CONEXXUS_AUTH = ['none', 'basic', 'bearer'] as const;

const ConexxusSettingsFields = {
  enabled: Type.Boolean({ description: 'journal every sale, refund and void and run the end of day' }),
  storeLocationId: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9_-]+$' }),
  vendorName: Type.String({ minLength: 1, maxLength: 50 }),
  transport: Type.Enum(CONEXXUS_TRANSPORTS),
  folder: Type.String({ maxLength: 1024, description: 'folder drop: absolute path of the outbox folder' }),
  url: Type.String({ maxLength: 2048, description: 'HTTPS POST: the back office endpoint' }),
  auth: Type.Enum(CONEXXUS_AUTH),
  username: Type.String({ maxLength: 200, description: 'basic auth user name' }),
  endOfDayAt: ClockTime,
  acknowledgedBy: ClockTime,
  defaultMerchandiseCode: Type.String({ minLength: 1, maxLength: 16, pattern: '^[A-Za-z0-9_-]+$' }),
};

/** `GET /v1/admin/settings/connectors` → `.conexxus`: the password or token is never shown back. */
export const ConexxusSettingsView = Type.Object({
  ...ConexxusSettingsFields,
  secretSet: Type.Boolean(),
  updatedAt: NullableString,
  updatedBy: NullableString,
});
export type ConexxusSettingsView = Static<typeof ConexxusSettingsView>;

/** `PUT /v1/admin/settings/connectors/conexxus` (manager, PIN re-entered). `secret` absent keeps the stored one. */
export const ConexxusSettingsUpdate = Type.Object(
  {
    ...ConexxusSettingsFields,
    secret: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'password or bearer token' })),
    pin: Type.String({ pattern: '^[0-9]{4,12}$', description: "the manager's PIN, entered again" }),
  },
  { additionalProperties: false },
);
export type ConexxusSettingsUpdate = Static<typeof ConexxusSettingsUpdate>;
