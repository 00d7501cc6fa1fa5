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

/**
 * What the till's scanner reads for a product (issue 12): a GTIN (EAN-8, UPC-A, EAN-13 or GTIN-14, whose check digit
 * the hub verifies) or the store's own PLU of 1 to 6 digits for weighed or hand-keyed goods.
 */
export const Barcode = Type.String({
  minLength: 1,
  maxLength: 14,
  pattern: '^([0-9]{1,6}|[0-9]{8}|[0-9]{12,14})$',
  examples: ['5901234123457'],
});

export const ProductPayload = Type.Object(
  {
    id: EntityId,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    unit: Type.String({ minLength: 1, maxLength: 16 }),
    price: Type.Optional(Money),
    taxRate: Type.Optional(TaxRate),
    merchandiseCode: Type.Optional(MerchandiseCode),
    barcode: Type.Optional(Barcode),
    active: Type.Optional(
      Type.Boolean({ description: 'false: withdrawn, tills stop offering it; absent (as before issue 12) = active' }),
    ),
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
