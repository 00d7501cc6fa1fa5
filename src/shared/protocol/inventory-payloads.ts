import Type, { type Static } from 'typebox';
import { EntityId, Quantity } from './catalog-payloads.js';

export const IssuePayload = Type.Object(
  { productId: EntityId, locationId: EntityId, quantity: Quantity },
  { additionalProperties: false },
);
export type IssuePayload = Static<typeof IssuePayload>;

/** inventory.return has the shape of an issue; the stock moves the other way. */
export const ReturnPayload = IssuePayload;
export type ReturnPayload = IssuePayload;

export const TransferPayload = Type.Object(
  { productId: EntityId, fromLocationId: EntityId, toLocationId: EntityId, quantity: Quantity },
  { additionalProperties: false },
);
export type TransferPayload = Static<typeof TransferPayload>;

export const CountPayload = Type.Object(
  { productId: EntityId, locationId: EntityId, counted: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }) },
  { additionalProperties: false },
);
export type CountPayload = Static<typeof CountPayload>;

export const RESOLUTION_ACTIONS = ['accept_server', 'retry', 'modify', 'escalate'] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];

export const ConflictResolvePayload = Type.Object(
  {
    conflictId: Type.String({ minLength: 1, maxLength: 64 }),
    action: Type.Union(RESOLUTION_ACTIONS.map((action) => Type.Literal(action))),
    quantity: Type.Optional(Quantity),
  },
  { additionalProperties: false },
);
export type ConflictResolvePayload = { conflictId: string; action: ResolutionAction; quantity?: number };
