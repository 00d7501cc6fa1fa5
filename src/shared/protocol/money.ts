import Type, { type Static } from 'typebox';

/** Money is integer minor units plus an ISO-4217 code; floats never carry money. */
export const Money = Type.Object(
  {
    amount: Type.Integer({ minimum: -1_000_000_000_00, maximum: 1_000_000_000_00 }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  },
  { additionalProperties: false },
);
export type Money = Static<typeof Money>;
