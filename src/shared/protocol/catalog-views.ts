import Type, { type Static } from 'typebox';
import { Barcode, EntityId, MerchandiseCode, ProductPayload, TaxRate } from './catalog-payloads.js';
import { Money } from './money.js';

/**
 * What the admin API shows of the catalog and takes for the Catalog screen (issue 12): products and locations as the
 * ledger's latest catalog events made them, the edits a manager sends, and the price-book import. Each change the hub
 * records is a hub-made `catalog.product` / `catalog.location` event, which tills see on their next pull.
 */

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const AdminProduct = Type.Object({
  id: EntityId,
  name: Type.String(),
  unit: Type.String(),
  price: Type.Union([Money, Type.Null()]),
  taxRate: Type.Union([TaxRate, Type.Null()]),
  barcode: Type.Union([Barcode, Type.Null()]),
  merchandiseCode: Type.Union([MerchandiseCode, Type.Null()]),
  active: Type.Boolean({ description: 'false: withdrawn, tills stop offering it' }),
  version: Type.Integer({ description: 'how many catalog events made it; send it as expectedVersion with a change' }),
  updatedCursor: Type.Integer({ description: 'the ledger record of its latest change' }),
});
export type AdminProduct = Static<typeof AdminProduct>;

export const AdminLocation = Type.Object({
  id: EntityId,
  name: Type.String(),
  active: Type.Boolean(),
  version: Type.Integer({ description: 'send it as expectedVersion with a change' }),
  updatedCursor: Type.Integer(),
});
export type AdminLocation = Static<typeof AdminLocation>;

/** Search and paging of both lists: by name (Polish order), then id; `after` is the last id of the page before. */
export const CatalogListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'products: part of the name or id, or the start of the barcode; locations: of the name or id',
      }),
    ),
    active: Type.Optional(Type.Boolean({ description: 'only active (true) or only withdrawn (false) ones' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    after: Type.Optional(EntityId),
  },
  { additionalProperties: false },
);
export type CatalogListQuery = Static<typeof CatalogListQuery>;

const NextAfter = Type.Union([EntityId, Type.Null()], { description: 'pass it as `after` for the next page' });

export const ProductList = Type.Object({
  products: Type.Array(AdminProduct),
  total: Type.Integer({ description: 'how many match the search and filter' }),
  nextAfter: NextAfter,
});
export type ProductList = Static<typeof ProductList>;

export const LocationList = Type.Object({
  locations: Type.Array(AdminLocation),
  total: Type.Integer(),
  nextAfter: NextAfter,
});
export type LocationList = Static<typeof LocationList>;

const ExpectedVersion = Type.Integer({
  minimum: 0,
  description: '0: add a new one (refused if the id is taken); else the version the change was made against',
});

/** A product added (expectedVersion 0) or changed from the Catalog screen; absent fields are cleared. */
export const ProductEdit = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    unit: Type.String({ minLength: 1, maxLength: 16 }),
    price: Type.Optional(Money),
    taxRate: Type.Optional(TaxRate),
    barcode: Type.Optional(Barcode),
    merchandiseCode: Type.Optional(MerchandiseCode),
    active: Type.Boolean(),
    expectedVersion: ExpectedVersion,
  },
  { additionalProperties: false },
);
export type ProductEdit = Static<typeof ProductEdit>;

export const LocationEdit = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    active: Type.Boolean(),
    expectedVersion: ExpectedVersion,
  },
  { additionalProperties: false },
);
export type LocationEdit = Static<typeof LocationEdit>;

const RecordedEvent = Type.Object({ cursor: Type.Integer(), eventId: Type.String(), hash: Type.String() });

export const ProductSaved = Type.Object({
  product: AdminProduct,
  recorded: Type.Union([RecordedEvent, Type.Null()], { description: 'null: it already had these values' }),
});
export type ProductSaved = Static<typeof ProductSaved>;

export const LocationSaved = Type.Object({
  location: AdminLocation,
  recorded: Type.Union([RecordedEvent, Type.Null()], { description: 'null: it already had these values' }),
});
export type LocationSaved = Static<typeof LocationSaved>;

/** Within the admin body limit (1 MiB by default) even when JSON escaping doubles every quote. */
export const PRICE_BOOK_MAX_CHARS = 400_000;
/** Rows of one import, all recorded in one transaction: a few thousand is a whole store's price list. */
export const PRICE_BOOK_MAX_ROWS = 5_000;

export const PriceBookRequest = Type.Object(
  {
    csv: Type.String({
      minLength: 1,
      maxLength: PRICE_BOOK_MAX_CHARS,
      description:
        'The CSV file as text (UTF-8, a BOM is fine): a header row naming id, name, unit, price, vat and optionally ' +
        'barcode and merchandise_code; comma or semicolon separated; RFC 4180 quoting',
    }),
    fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'for the audit trail' })),
  },
  { additionalProperties: false },
);
export type PriceBookRequest = Static<typeof PriceBookRequest>;

export const PRICE_BOOK_OUTCOMES = ['add', 'change', 'unchanged', 'error'] as const;
export type PriceBookOutcome = (typeof PRICE_BOOK_OUTCOMES)[number];

export const PRODUCT_FIELDS = ['name', 'unit', 'price', 'taxRate', 'barcode', 'merchandiseCode'] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

export const PriceBookRow = Type.Object({
  row: Type.Integer({ description: 'as a spreadsheet numbers it: the header is row 1' }),
  productId: NullableString,
  outcome: Type.Enum(PRICE_BOOK_OUTCOMES),
  errors: Type.Array(Type.String(), { description: 'why the row is refused (outcome error)' }),
  changed: Type.Array(Type.Enum(PRODUCT_FIELDS), { description: 'what a change changes' }),
  product: Type.Union([ProductPayload, Type.Null()], { description: 'the product the row makes; null on error' }),
  current: Type.Union([ProductPayload, Type.Null()], { description: 'the product as it is now; null when new' }),
});
export type PriceBookRow = Static<typeof PriceBookRow>;

const Counts = Type.Object({
  add: Type.Integer(),
  change: Type.Integer(),
  unchanged: Type.Integer(),
  error: Type.Integer(),
});

export const PriceBookPreview = Type.Object({
  separator: Type.Enum([',', ';']),
  columns: Type.Array(Type.String(), { description: 'the columns found, in file order' }),
  rows: Type.Array(PriceBookRow),
  counts: Counts,
});
export type PriceBookPreview = Static<typeof PriceBookPreview>;

export const PriceBookImported = Type.Object({
  recorded: Type.Integer({ description: 'catalog.product events recorded: 0 when the file changes nothing' }),
  counts: Counts,
  firstCursor: Type.Union([Type.Integer(), Type.Null()]),
  lastCursor: Type.Union([Type.Integer(), Type.Null()]),
});
export type PriceBookImported = Static<typeof PriceBookImported>;
