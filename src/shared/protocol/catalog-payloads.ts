import Type, { type Static } from 'typebox';
import { Money } from './money.js';

export const EntityId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });

/**
 * A product's department: NAXML's MerchandiseCode, which back offices sum sales by (issue 8). Products without one
 * report under the store's default department.
 */
export const MerchandiseCode = Type.String({ minLength: 1, maxLength: 16, pattern: '^[A-Za-z0-9_-]+$' });

/** Tax rates are strings ("23", "8", "zw") so exempt markers and decimals survive unchanged. */
export const TaxRate = Type.String({ minLength: 1, maxLength: 8 });

export const ProductPayload = Type.Object(
  {
    id: EntityId,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    unit: Type.String({ minLength: 1, maxLength: 16 }),
    price: Type.Optional(Money),
    taxRate: Type.Optional(TaxRate),
    merchandiseCode: Type.Optional(MerchandiseCode),
  },
  { additionalProperties: false },
);
export type ProductPayload = Static<typeof ProductPayload>;

export const LocationPayload = Type.Object(
  { id: EntityId, name: Type.String({ minLength: 1, maxLength: 200 }), active: Type.Boolean() },
  { additionalProperties: false },
);
export type LocationPayload = Static<typeof LocationPayload>;

export const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000_000 });

export const ReceivePayload = Type.Object(
  { productId: EntityId, locationId: EntityId, quantity: Quantity },
  { additionalProperties: false },
);
export type ReceivePayload = Static<typeof ReceivePayload>;
