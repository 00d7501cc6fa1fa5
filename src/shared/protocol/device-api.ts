import Type, { type Static } from 'typebox';
import { Barcode, EntityId, MerchandiseCode, TaxRate } from './catalog-payloads.js';
import { MAX_BATCH_EVENTS, MAX_PULL_LIMIT, UtcInstant } from './envelope.js';
import { Money } from './money.js';
import { PaymentPolicyState, type ApprovalStreamMessage } from './payment-payloads.js';
import type { PrintJobStreamMessage } from './printing.js';
import { REQUEST_STATES } from './request-payloads.js';

/**
 * Request and response bodies of the device protocol v1 (DESIGN §3). The hub validates with these and publishes
 * them as OpenAPI; the device SDK takes its types from here, so both sides read one definition.
 */

export const ErrorReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});

const Cursor = Type.Integer({ minimum: 0, description: 'A hub ledger position; 0 before the first record' });
const Sequence = Type.Integer({ minimum: 0, description: "The device's last recorded seq; 0 before its first" });

export const DEVICE_KINDS = ['pos', 'handheld'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const PairingRequest = Type.Object(
  {
    // Any string: a malformed code is answered like an unknown one (403) and counts as a failed attempt.
    code: Type.String({ minLength: 1, maxLength: 32, description: 'The 8-digit code the manager created' }),
    device: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 100 }),
        kind: Type.Enum(DEVICE_KINDS),
        publicKey: Type.String({
          pattern: '^[A-Za-z0-9_-]+$',
          minLength: 43,
          maxLength: 43,
          description:
            'base64url of the raw 32-byte Ed25519 public key, canonically encoded and of prime order ' +
            '(small-order and non-canonical keys get 400 PUBLIC_KEY_INVALID)',
        }),
      },
      { additionalProperties: false },
    ),
    proof: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]+$',
        minLength: 86,
        maxLength: 86,
        description:
          'base64url Ed25519 signature, by the device key, of the UTF-8 text ' +
          '"backroom-pairing/v1\\n<code>\\n<publicKey>" (code and publicKey exactly as sent): proves the device ' +
          'holds the private key. Optional for older clients; when sent it must verify.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PairingRequest = Static<typeof PairingRequest>;

export const PairingReply = Type.Object({
  deviceId: Type.String(),
  token: Type.String({ description: 'Send as `Authorization: Bearer <token>`; the hub keeps only its hash' }),
  hub: Type.Object({
    hubId: Type.String(),
    storeId: Type.String(),
    name: Type.String(),
    tlsFingerprint: Type.String({ description: 'SHA-256 of the certificate, colon-separated hex: pin it' }),
  }),
  lastSequence: Type.Literal(0),
  cursor: Cursor,
});
export type PairingReply = Static<typeof PairingReply>;

export const PushRequest = Type.Object(
  {
    // Items are checked one by one by the hub, so a bad event is rejected in its place with its own error code.
    events: Type.Array(Type.Unknown({ description: 'An event envelope' }), { minItems: 1, maxItems: MAX_BATCH_EVENTS }),
  },
  { additionalProperties: false },
);
export type PushRequest = Static<typeof PushRequest>;

/** The first three are ledger facts; `rejected` records nothing. */
export const RecordedStatus = Type.Enum(['accepted', 'conflict', 'refused']);
export const PushStatus = Type.Enum(['accepted', 'conflict', 'refused', 'rejected']);

export const PushResult = Type.Object({
  id: Type.Union([Type.String(), Type.Null()], { description: 'null when the envelope had no readable id' }),
  seq: Type.Union([Type.Integer(), Type.Null()]),
  status: PushStatus,
  cursor: Type.Optional(Cursor),
  error: Type.Optional(
    Type.Object({ code: Type.String(), message: Type.String() }, { description: 'Why it was refused or rejected' }),
  ),
  conflict: Type.Optional(
    Type.Object(
      {
        id: Type.String(),
        kind: Type.String(),
        server: Type.Record(Type.String(), Type.Unknown()),
        requested: Type.Record(Type.String(), Type.Unknown()),
        options: Type.Array(Type.String()),
      },
      { additionalProperties: true },
    ),
  ),
  replayed: Type.Optional(Type.Literal(true)),
});
export type PushResult = Static<typeof PushResult>;

export const PushReply = Type.Object({
  results: Type.Array(PushResult),
  lastSequence: Sequence,
  cursor: Cursor,
});
export type PushReply = Static<typeof PushReply>;

export const PullQuery = Type.Object(
  {
    after: Type.Integer({ minimum: 0, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: MAX_PULL_LIMIT, default: 100 }),
  },
  { additionalProperties: false },
);
export type PullQuery = Static<typeof PullQuery>;

export const PulledEvent = Type.Object({
  cursor: Cursor,
  recordedAt: UtcInstant,
  status: RecordedStatus,
  event: Type.Record(Type.String(), Type.Unknown(), { description: 'The device envelope or the hub-made event' }),
  outcome: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type PulledEvent = Static<typeof PulledEvent>;

export const PullReply = Type.Object({
  events: Type.Array(PulledEvent),
  cursor: Type.Integer({ description: 'Pass as `after` next time' }),
  hasMore: Type.Boolean(),
});
export type PullReply = Static<typeof PullReply>;

export const ConflictView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  cursor: Cursor,
  eventId: Type.String(),
  deviceId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Unknown(),
  resolvedAtCursor: Type.Union([Type.Integer(), Type.Null()]),
  resolution: Type.Unknown(),
  quarantinedAtCursor: Type.Union([Type.Integer(), Type.Null()], {
    description: "set when the device's revocation quarantined it: a manager must decide it",
  }),
});
export type ConflictView = Static<typeof ConflictView>;

export const ProductView = Type.Object({
  id: EntityId,
  name: Type.String(),
  unit: Type.String(),
  price: Type.Optional(Money),
  taxRate: Type.Optional(TaxRate),
  merchandiseCode: Type.Optional(MerchandiseCode),
  barcode: Type.Optional(Barcode),
  active: Type.Optional(
    Type.Literal(false, { description: 'present only for a withdrawn product: do not offer it for sale' }),
  ),
  version: Type.Integer(),
});
export type ProductView = Static<typeof ProductView>;

export const LocationView = Type.Object({
  id: EntityId,
  name: Type.String(),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export type LocationView = Static<typeof LocationView>;

export const RequestView = Type.Object({
  requestId: EntityId,
  kind: Type.Enum(['transfer', 'replenish']),
  productId: EntityId,
  fromLocationId: Type.Union([EntityId, Type.Null()]),
  toLocationId: EntityId,
  quantity: Type.Integer(),
  note: Type.Union([Type.String(), Type.Null()]),
  state: Type.Enum(REQUEST_STATES),
  version: Type.Integer({ description: 'send it as expectedVersion with the next change' }),
});
export type RequestView = Static<typeof RequestView>;

export const StockLevel = Type.Object({ productId: EntityId, locationId: EntityId, quantity: Type.Integer() });
export type StockLevel = Static<typeof StockLevel>;

export const StateReply = Type.Object({
  cursor: Cursor,
  catalog: Type.Object({ products: Type.Array(ProductView), locations: Type.Array(LocationView) }),
  stock: Type.Array(StockLevel),
  conflicts: Type.Array(ConflictView, { description: "This device's unresolved conflicts" }),
  openRequests: Type.Array(RequestView, { description: 'Requests still pending or approved' }),
  policy: PaymentPolicyState,
  device: Type.Object({ id: Type.String(), lastSequence: Sequence }),
});
export type StateReply = Static<typeof StateReply>;

/** What a device sends on `GET /v1/stream`. Unknown message types are ignored, so later ones can be added. */
export const HeartbeatMessage = Type.Object({
  type: Type.Literal('heartbeat'),
  queued: Type.Integer({ minimum: 0, description: 'Events waiting in the outbox' }),
  lastSyncAt: Type.Optional(Type.Union([UtcInstant, Type.Null()])),
  deviceTime: UtcInstant,
  appVersion: Type.Optional(Type.String({ maxLength: 64 })),
});
export type HeartbeatMessage = Static<typeof HeartbeatMessage>;

/** What the hub sends on `GET /v1/stream`. */
export type HubStreamMessage =
  { type: 'cursor'; cursor: number } | { type: 'revoked' } | ApprovalStreamMessage | PrintJobStreamMessage;

/** The WebSocket subprotocol that carries the token where a client cannot set headers (browsers). */
export const BEARER_PROTOCOL_PREFIX = 'bearer.';
