import Type, { type Static } from 'typebox';
import { CONFLICT_KINDS, CONFLICT_STATUSES } from './conflicts.js';
import { RecordedStatus } from './device-api.js';

/**
 * What the admin API shows of stock (issue 12, the Stock screen): levels per product × location with what marks
 * them, the unresolved conflicts about stock beside them, a product's movement history and a location's count sheet.
 * Quantities are integers in the product's base unit; times are UTC ISO 8601.
 */

const NullableString = Type.Union([Type.String(), Type.Null()]);
const Cursor = Type.Integer({ minimum: 1 });

/** The conflict kinds that are about stock at places: the Stock screen shows these beside the levels. */
export const STOCK_CONFLICT_KINDS = ['insufficient_stock', 'stock_discrepancy', 'custody_dispute'] as const;

export const StockPlace = Type.Object({ productId: Type.String(), locationId: Type.String() });
export type StockPlace = Static<typeof StockPlace>;

/** An unresolved conflict about stock, with the product × location places its figures name. */
export const StockConflictView = Type.Object({
  id: Type.String(),
  kind: Type.Enum(CONFLICT_KINDS),
  status: Type.Enum(CONFLICT_STATUSES),
  cursor: Cursor,
  deviceId: NullableString,
  places: Type.Array(StockPlace),
});
export type StockConflictView = Static<typeof StockConflictView>;

/** The last count at a place: what the books held just before it, and what was counted. */
export const LastCountView = Type.Object({
  cursor: Cursor,
  recordedAt: Type.String(),
  expected: Type.Integer({ description: 'what the books held just before the count' }),
  counted: Type.Integer(),
});
export type LastCountView = Static<typeof LastCountView>;

export const StockLevelView = Type.Object({
  productId: Type.String(),
  productName: Type.String(),
  unit: Type.String(),
  locationId: Type.String(),
  locationName: Type.String(),
  locationActive: Type.Boolean(),
  quantity: Type.Integer(),
  lastMovedCursor: Cursor,
  lastCount: Type.Union([LastCountView, Type.Null()]),
  negative: Type.Boolean({ description: 'the books hold fewer than none: more was sold or moved than was there' }),
  discrepant: Type.Boolean({
    description: 'an unresolved stock conflict names this place, or its last count found other than the books held',
  }),
  conflictIds: Type.Array(Type.String(), { description: 'the unresolved stock conflicts naming this place' }),
});
export type StockLevelView = Static<typeof StockLevelView>;

export const StockProductOption = Type.Object({ id: Type.String(), name: Type.String(), unit: Type.String() });
export const StockLocationOption = Type.Object({ id: Type.String(), name: Type.String(), active: Type.Boolean() });

/** `GET /v1/admin/stock`: one page of levels by product then location, the catalog to filter by, the conflicts. */
export const StockList = Type.Object({
  levels: Type.Array(StockLevelView),
  total: Type.Integer({ description: 'levels matching the filters, over all pages' }),
  offset: Type.Integer(),
  products: Type.Array(StockProductOption),
  locations: Type.Array(StockLocationOption),
  conflicts: Type.Array(StockConflictView, { description: 'every unresolved stock conflict, oldest first' }),
  cursor: Type.Integer({ description: 'the ledger head the answer was read at' }),
});
export type StockList = Static<typeof StockList>;

/** One record's effect on one product at one location. */
export const StockMovementView = Type.Object({
  cursor: Cursor,
  recordedAt: Type.String(),
  type: Type.String(),
  status: RecordedStatus,
  locationId: Type.String(),
  locationName: Type.String(),
  delta: Type.Integer(),
  quantityAfter: Type.Integer({ description: 'the level this record left at the location' }),
  count: Type.Boolean({ description: 'a count: quantityAfter is what was counted' }),
  deviceId: NullableString,
  deviceName: NullableString,
  actor: Type.Union([Type.String(), Type.Null()], { description: 'who a hub-made record names: the manager' }),
  cashierId: Type.Union([Type.String(), Type.Null()], { description: 'the cashier a sale, refund or void names' }),
  saleId: NullableString,
  refundId: NullableString,
  conflictId: NullableString,
  reason: Type.Union([Type.String(), Type.Null()], { description: "an adjustment's or a refund's stated reason" }),
});
export type StockMovementView = Static<typeof StockMovementView>;

/** `GET /v1/admin/stock/:productId/movements`: newest first, with the product's levels now. */
export const StockMovementPage = Type.Object({
  product: Type.Union([StockProductOption, Type.Null()], { description: 'null for an id the catalog never had' }),
  levels: Type.Array(Type.Object({ locationId: Type.String(), locationName: Type.String(), quantity: Type.Integer() })),
  movements: Type.Array(StockMovementView),
  nextBefore: Type.Union([Type.Integer(), Type.Null()], { description: 'pass as `before` for the next page' }),
});
export type StockMovementPage = Static<typeof StockMovementPage>;

export const CountSheetLine = Type.Object({
  productId: Type.String(),
  productName: Type.String(),
  unit: Type.String(),
  expected: Type.Integer({ description: 'what the books hold now (0 for a product never at the location)' }),
});
export type CountSheetLine = Static<typeof CountSheetLine>;

/** `GET /v1/admin/stock/count-sheet?format=json`: a location's page per location asked for, products by name. */
export const CountSheet = Type.Object({
  generatedAt: Type.String(),
  cursor: Type.Integer({ description: 'the ledger head the books were read at' }),
  locations: Type.Array(
    Type.Object({
      locationId: Type.String(),
      locationName: Type.String(),
      lines: Type.Array(CountSheetLine),
    }),
  ),
});
export type CountSheet = Static<typeof CountSheet>;
