import Type, { type Static } from 'typebox';
import { EntityId, Quantity } from './catalog-payloads.js';

export const REQUEST_STATES = ['pending', 'approved', 'denied', 'cancelled', 'fulfilled'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** What a request.<change> event does; `fulfill` says the goods have moved for the request. */
export type RequestChange = 'approve' | 'deny' | 'cancel' | 'fulfill';

/** 'request.approve' → 'approve'. */
export function requestChangeOf(eventType: string): RequestChange {
  return eventType.slice('request.'.length) as RequestChange;
}

const Note = Type.String({ minLength: 1, maxLength: 500 });

const requestFields = {
  requestId: EntityId,
  productId: EntityId,
  toLocationId: EntityId,
  quantity: Quantity,
  note: Type.Optional(Note),
};

/**
 * Asks for goods to be moved to `toLocationId`: from another own location (`transfer`, which therefore needs
 * `fromLocationId`) or from a supplier (`replenish`, which has none).
 */
export const RequestCreatePayload = Type.Union([
  Type.Object(
    { ...requestFields, kind: Type.Literal('transfer'), fromLocationId: EntityId },
    { additionalProperties: false },
  ),
  Type.Object({ ...requestFields, kind: Type.Literal('replenish') }, { additionalProperties: false }),
]);
export type RequestCreatePayload = Static<typeof RequestCreatePayload>;

/**
 * approve / deny / cancel / fulfill: a change to a request as the actor saw it. `expectedVersion` is the version the
 * actor's change was made against; the hub compares it with the record (DESIGN §4, conflict types 2 and 4).
 */
export const RequestChangePayload = Type.Object(
  {
    requestId: EntityId,
    expectedVersion: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    reason: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type RequestChangePayload = Static<typeof RequestChangePayload>;
