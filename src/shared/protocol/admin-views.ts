import Type, { type Static } from 'typebox';
import { DEVICE_KINDS } from './device-api.js';
import { Money } from './money.js';
import { APPROVAL_EXPIRY_REASONS, OfflineCardFigures, OfflineCardPolicy } from './payment-payloads.js';

/**
 * What the admin API shows of devices, approvals and alerts: one definition that the hub validates its answers with,
 * publishes as OpenAPI, and the back-office UI reads its types from. Times are ISO 8601.
 */

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

export const DEVICE_STATES = ['online', 'offline', 'revoked'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const AdminDevice = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Enum(DEVICE_KINDS),
  publicKey: Type.String(),
  pairedAt: Type.String(),
  state: Type.Enum(DEVICE_STATES, { description: 'online = holds a stream or was seen within 2 minutes' }),
  lastSequence: Type.Integer(),
  lastSeenAt: NullableString,
  lastSyncAt: NullableString,
  queued: NullableInteger,
  clockSkewMs: Type.Union([Type.Integer(), Type.Null()], {
    description: 'hub receive time minus device time at the last heartbeat',
  }),
  appVersion: NullableString,
  consecutiveFailures: Type.Integer({ description: 'pushes in a row that ended in a rejection' }),
  revokedAt: NullableString,
  revokedReason: NullableString,
  revokedBy: NullableString,
});
export type AdminDevice = Static<typeof AdminDevice>;
/** A device as the registry holds it; the hub adds `state` from presence when it answers. */
export type DeviceView = Omit<AdminDevice, 'state'>;

/** expired: nobody decided before the till went its own way or stopped waiting (`approval.expire`). */
export const APPROVAL_STATUSES = ['pending', 'approved', 'declined', 'expired'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** An approval with the figures and policy the hub saw when it was asked for. */
export const ApprovalView = Type.Object({
  approvalId: Type.String(),
  paymentId: Type.String(),
  saleId: Type.String(),
  deviceId: Type.String(),
  locationId: Type.String(),
  amount: Money,
  method: Type.String(),
  reason: Type.String(),
  status: Type.Enum(APPROVAL_STATUSES),
  figures: OfflineCardFigures,
  policy: OfflineCardPolicy,
  requestedAt: Type.String(),
  requestedCursor: Type.Integer(),
  decidedBy: NullableString,
  decidedAt: NullableString,
  decidedCursor: NullableInteger,
  expiresAt: Type.String({
    description: 'when the hub stops holding the amount for the till and, undecided, the approval expires',
  }),
  expiry: Type.Union([
    Type.Object({
      reason: Type.Enum(APPROVAL_EXPIRY_REASONS),
      tillCursor: Type.Union([Type.Integer(), Type.Null()], { description: "the till's own outcome in the ledger" }),
    }),
    Type.Null(),
  ]),
});
export type ApprovalView = Static<typeof ApprovalView>;

/** One point of the dashboard chart (issue 12): sampled by the hub once a minute, the last one live. */
export const ActivityPoint = Type.Object({
  at: Type.String(),
  events: Type.Union([Type.Integer(), Type.Null()], {
    description: 'ledger records since the point before; null for the first sample the hub ever took',
  }),
  deviceQueued: Type.Integer({
    description: 'events waiting in the outboxes of devices not revoked, as last reported',
  }),
  upstreamQueued: Type.Integer({ description: 'outbox jobs queued or in flight for upstream services' }),
});
export type ActivityPoint = Static<typeof ActivityPoint>;

export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
/** active: raised and nobody has acknowledged it; acknowledged: seen, condition still true; cleared: condition gone. */
export const ALERT_STATUSES = ['active', 'acknowledged', 'cleared'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const AlertView = Type.Object({
  id: Type.String(),
  key: Type.String({
    description: 'The condition, `<rule>:<id>`; a condition that returns after clearing is a new alert',
  }),
  severity: Type.Enum(ALERT_SEVERITIES),
  status: Type.Enum(ALERT_STATUSES),
  subject: Type.String({ description: 'What it is about: `device:<id>`, `conflict:<id>` or `printer:<id>`' }),
  message: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  raisedAt: Type.String(),
  updatedAt: Type.String(),
  acknowledgedAt: NullableString,
  acknowledgedBy: NullableString,
  clearedAt: NullableString,
});
export type AlertView = Static<typeof AlertView>;
