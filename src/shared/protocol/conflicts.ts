import Type, { type Static } from 'typebox';
import { EntityId } from './catalog-payloads.js';
import { ConflictView, PulledEvent } from './device-api.js';
import type { ResolutionAction } from './inventory-payloads.js';

/**
 * Conflicts and their resolution (DESIGN §4): the kinds the hub raises, what a device and a manager may choose for
 * each, the hub-made events a manager's choice becomes, and the admin API bodies. The UI reads the same tables.
 */

export const CONFLICT_KINDS = [
  'insufficient_stock',
  'stale_version',
  'stock_discrepancy',
  'offline_limit_exceeded',
  'custody_dispute',
] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** quarantined: held by a revoked device; like escalated, only a manager may settle it. */
export const CONFLICT_STATUSES = ['open', 'escalated', 'quarantined', 'resolved'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];
export const UNRESOLVED_STATUSES: readonly ConflictStatus[] = ['open', 'escalated', 'quarantined'];

export const CONFLICT_ACTIONS = [
  'accept_server',
  'retry',
  'modify',
  'escalate',
  'force',
  'acknowledge',
  'accept_risk',
] as const;
export type ConflictAction = (typeof CONFLICT_ACTIONS)[number];

/** The manager's options per kind. */
export const MANAGER_ACTIONS: Readonly<Record<ConflictKind, readonly ConflictAction[]>> = {
  insufficient_stock: ['accept_server', 'retry', 'modify', 'escalate', 'force'],
  stale_version: ['accept_server', 'retry', 'escalate'],
  stock_discrepancy: ['acknowledge', 'escalate'],
  offline_limit_exceeded: ['accept_risk', 'escalate'],
  custody_dispute: ['acknowledge', 'escalate'],
};

/**
 * A device's options per kind (its `conflict.resolve`). Accepting money or stock the hub cannot vouch for is the
 * manager's call, so a device may only hand those conflicts on.
 */
export const DEVICE_ACTIONS: Readonly<Record<ConflictKind, readonly ResolutionAction[]>> = {
  insufficient_stock: ['accept_server', 'retry', 'modify', 'escalate'],
  stale_version: ['accept_server', 'retry', 'escalate'],
  stock_discrepancy: ['escalate'],
  offline_limit_exceeded: ['escalate'],
  custody_dispute: [],
};

/** Choices that take stock below what the books hold or accept card money over the limits: the PIN is re-entered. */
export const PIN_ACTIONS: readonly ConflictAction[] = ['force', 'accept_risk'];

/**
 * What `quantity` means per action: the partial quantity to release (`modify`, required) or the units the manager
 * counted at the conflict's one product and location (`acknowledge`, optional). Other actions take none.
 */
export const QUANTITY_USE: Readonly<Partial<Record<ConflictAction, 'required' | 'optional'>>> = {
  modify: 'required',
  acknowledge: 'optional',
};

const ConflictId = Type.String({ minLength: 1, maxLength: 64 });
const Note = Type.String({ minLength: 1, maxLength: 500 });
const Units = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });

/** `conflict.resolved` (hub-made): a manager's decision, the manager named as the event's actor. */
export const ConflictResolvedPayload = Type.Object(
  {
    conflictId: ConflictId,
    action: Type.Enum(CONFLICT_ACTIONS),
    quantity: Type.Optional(Units),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type ConflictResolvedPayload = Static<typeof ConflictResolvedPayload>;

/** force: makes up for a forced release that took a location below zero; count: the manager counted the shelf. */
export const ADJUSTMENT_REASONS = ['force', 'count'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** `inventory.adjustment` (hub-made): a stock correction a resolution made, so every unit on the books is explained. */
export const InventoryAdjustmentPayload = Type.Object(
  {
    conflictId: ConflictId,
    productId: EntityId,
    locationId: EntityId,
    delta: Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000 }),
    reason: Type.Enum(ADJUSTMENT_REASONS),
  },
  { additionalProperties: false },
);
export type InventoryAdjustmentPayload = Static<typeof InventoryAdjustmentPayload>;

/** `POST /v1/admin/conflicts/:id/resolve`. */
export const ResolveConflictRequest = Type.Object(
  {
    action: Type.Enum(CONFLICT_ACTIONS),
    quantity: Type.Optional(Units),
    pin: Type.Optional(
      Type.String({ pattern: '^[0-9]{4,12}$', description: "the manager's PIN again; needed for force, accept_risk" }),
    ),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type ResolveConflictRequest = Static<typeof ResolveConflictRequest>;

export const ConflictOption = Type.Object({
  action: Type.Enum(CONFLICT_ACTIONS),
  pin: Type.Boolean({ description: 'the PIN must be entered again' }),
  quantity: Type.Enum(['required', 'optional', 'none']),
});
export type ConflictOption = Static<typeof ConflictOption>;

/** `GET /v1/admin/conflicts/:id`: the conflict row with the device's event beside the server state then and now. */
export const ConflictDetail = Type.Object({
  ...ConflictView.properties,
  event: PulledEvent,
  serverAtPosition: Type.Unknown({ description: 'what the hub held when it recorded the event (outcome)' }),
  requested: Type.Unknown({ description: 'the effect the event asked for, held or already applied' }),
  serverNow: Type.Unknown({ description: 'the same figures as they are now' }),
  options: Type.Array(ConflictOption, { description: "the manager's options now; none once resolved" }),
  history: Type.Array(PulledEvent, { description: 'resolutions tried or made, and the adjustments they recorded' }),
});
export type ConflictDetail = Static<typeof ConflictDetail>;

export const ResolveConflictReply = Type.Object({
  conflict: ConflictDetail,
  recorded: Type.Array(Type.Object({ cursor: Type.Integer(), eventId: Type.String(), type: Type.String() })),
});
export type ResolveConflictReply = Static<typeof ResolveConflictReply>;
