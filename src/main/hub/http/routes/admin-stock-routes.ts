import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import { CountSheet, StockList, StockMovementPage } from '../../../../shared/protocol/stock-views.js';
import type { HubContext } from '../../hub-context.js';
import { countSheet, listStock, productMovements, UnknownLocationError } from '../../inventory/stock-reads.js';
import { requireRole } from '../admin-auth.js';
import { csvDocument, sendCsv } from '../csv.js';
import { HttpError } from '../http-error.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const StockQuery = Type.Object(
  {
    productId: Type.Optional(Id),
    locationId: Type.Optional(Id),
    search: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "part of a product's name or id" })),
    onlyNegative: Type.Optional(Type.Boolean({ description: 'only levels below zero' })),
    onlyDiscrepant: Type.Optional(
      Type.Boolean({ description: 'only levels an open conflict or the last count marks' }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
const ProductParams = Type.Object({ productId: Id });
const MovementsQuery = Type.Object(
  {
    locationId: Type.Optional(Id),
    before: Type.Optional(Type.Integer({ minimum: 1, description: "the previous page's nextBefore" })),
    limit: Type.Integer({ minimum: 10, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);
const CountSheetQuery = Type.Object(
  {
    locationId: Type.Optional(Type.String({ ...Id, description: 'without it, a sheet per active location' })),
    format: Type.Enum(['csv', 'json'], { default: 'csv', description: 'csv to download, json for the printable view' }),
    blind: Type.Optional(Type.Boolean({ description: 'leave out what the books hold, for a blind count (csv)' })),
  },
  { additionalProperties: false },
);
const errors = { 400: ErrorReply, 401: ErrorReply };

function toCsv(sheet: CountSheet, blind: boolean): string {
  const header = [
    'Location ID',
    'Location',
    'Product ID',
    'Product',
    'Unit',
    ...(blind ? [] : ['On the books']),
    'Counted',
  ];
  const rows = sheet.locations.flatMap((location) =>
    location.lines.map((line) => [
      location.locationId,
      location.locationName,
      line.productId,
      line.productName,
      line.unit,
      ...(blind ? [] : [line.expected]),
      null,
    ]),
  );
  return csvDocument(header, rows);
}

/** The Stock screen (issue 12): levels with their marks, a product's movement history, and count sheets. */
export function registerAdminStockRoutes(app: FastifyInstance, hub: HubContext): void {
  const anyone = requireRole(hub, 'cashier');
  const { db } = hub.ledger;

  app.get<{ Querystring: Static<typeof StockQuery> }>(
    '/v1/admin/stock',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Stock per product × location by name, marked negative or discrepant, with the unresolved stock conflicts',
        querystring: StockQuery,
        response: { 200: StockList, ...errors },
      },
      onRequest: anyone,
    },
    async (request) => listStock(db, request.query),
  );

  app.get<{ Params: Static<typeof ProductParams>; Querystring: Static<typeof MovementsQuery> }>(
    '/v1/admin/stock/:productId/movements',
    {
      schema: {
        tags: ['admin'],
        summary: "Every ledger record that changed a product's stock, newest first, with its device and person",
        params: ProductParams,
        querystring: MovementsQuery,
        response: { 200: StockMovementPage, ...errors },
      },
      onRequest: anyone,
    },
    async (request) => productMovements(db, request.params.productId, request.query),
  );

  app.get<{ Querystring: Static<typeof CountSheetQuery> }>(
    '/v1/admin/stock/count-sheet',
    {
      schema: {
        tags: ['admin'],
        summary: "A stock take's count sheet: every product at the location with what the books hold, CSV or JSON",
        querystring: CountSheetQuery,
        response: {
          200: Type.Union([CountSheet, Type.String({ description: 'text/csv' })]),
          ...errors,
          404: ErrorReply,
        },
      },
      onRequest: anyone,
    },
    async (request, reply) => {
      const { locationId, format, blind = false } = request.query;
      let sheet: CountSheet;
      try {
        sheet = countSheet(db, locationId);
      } catch (error) {
        if (error instanceof UnknownLocationError) throw new HttpError(404, 'LOCATION_NOT_FOUND', error.message);
        throw error;
      }
      if (format === 'json') return sheet;
      return sendCsv(reply, `count-sheet-${locationId ?? 'all'}.csv`, toCsv(sheet, blind));
    },
  );
}
