import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import {
  EntityId,
  LocationPayload,
  ProductPayload,
  ReceivePayload,
} from '../../../../shared/protocol/catalog-payloads.js';
import {
  CatalogListQuery,
  LocationEdit,
  LocationList,
  LocationSaved,
  PriceBookImported,
  PriceBookPreview,
  PriceBookRequest,
  ProductEdit,
  ProductList,
  ProductSaved,
} from '../../../../shared/protocol/catalog-views.js';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import type { HubContext } from '../../hub-context.js';
import { CatalogError, type CatalogErrorCode } from '../../inventory/catalog-errors.js';
import { listLocations, listProducts } from '../../inventory/catalog-reads.js';
import { CatalogService } from '../../inventory/catalog-service.js';
import type { StoredRecord } from '../../ledger/event-log.js';
import { requireRole } from '../admin-auth.js';
import { domainErrorToHttp } from '../http-error.js';

const Recorded = Type.Object({ cursor: Type.Integer(), eventId: Type.String(), hash: Type.String() });

const recorded = (record: StoredRecord) => ({ cursor: record.cursor, eventId: record.event.id, hash: record.hash });

const IdParams = Type.Object({ id: EntityId });

const CATALOG_STATUS: Record<CatalogErrorCode, number> = {
  UNKNOWN_PRODUCT: 404,
  UNKNOWN_LOCATION: 404,
  LOCATION_INACTIVE: 409,
  PRODUCT_EXISTS: 409,
  LOCATION_EXISTS: 409,
  STALE_VERSION: 409,
  BARCODE_INVALID: 400,
  BARCODE_TAKEN: 409,
  PRICE_BOOK_INVALID: 400,
  PRICE_BOOK_HAS_ERRORS: 400,
};

const errors = { 400: ErrorReply, 404: ErrorReply, 409: ErrorReply };

/** A catalog refusal as its HTTP answer; anything else is a bug (500). */
function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw domainErrorToHttp(error, CatalogError, CATALOG_STATUS);
  }
}

/**
 * Central-only actions (DESIGN §4): products, locations and supplier receipts, made by a manager; and the Catalog
 * screen's lists, edits and price-book import (issue 12). Every change is a hub-made catalog event.
 */
export function registerAdminCatalogRoutes(app: FastifyInstance, hub: HubContext): void {
  const catalog = new CatalogService(hub.ledger);
  const anyone = requireRole(hub, 'cashier');
  const manager = requireRole(hub, 'manager');
  const db = hub.ledger.db;

  app.post<{ Body: Static<typeof ProductPayload> }>(
    '/v1/admin/catalog/products',
    {
      schema: {
        tags: ['admin'],
        summary: 'A product made or replaced whole, whatever it was (the Catalog screen uses PUT …/products/:id)',
        body: ProductPayload,
        response: { 201: Recorded, ...errors },
      },
      onRequest: manager,
    },
    async (request, reply) =>
      reply.code(201).send(recorded(guarded(() => catalog.upsertProduct(request.body, request.adminUser!.name)))),
  );

  app.post<{ Body: Static<typeof LocationPayload> }>(
    '/v1/admin/catalog/locations',
    { schema: { tags: ['admin'], body: LocationPayload, response: { 201: Recorded } }, onRequest: manager },
    async (request, reply) =>
      reply.code(201).send(recorded(catalog.upsertLocation(request.body, request.adminUser!.name))),
  );

  app.get<{ Querystring: Static<typeof CatalogListQuery> }>(
    '/v1/admin/catalog/products',
    {
      schema: {
        tags: ['admin'],
        summary: 'Products by name, searched by name, id or barcode, active or withdrawn',
        querystring: CatalogListQuery,
        response: { 200: ProductList, 404: ErrorReply },
      },
      onRequest: anyone,
    },
    async (request) => guarded(() => listProducts(db, request.query)),
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof ProductEdit> }>(
    '/v1/admin/catalog/products/:id',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Add a product (expectedVersion 0) or change, withdraw (active false) or bring one back against the version ' +
          'seen; the same values again record nothing',
        params: IdParams,
        body: ProductEdit,
        response: { 200: ProductSaved, ...errors },
      },
      onRequest: manager,
    },
    async (request) => {
      const saved = guarded(() => catalog.saveProduct(request.params.id, request.body, request.adminUser!.name));
      return { product: saved.now, recorded: saved.recorded && recorded(saved.recorded) };
    },
  );

  app.get<{ Querystring: Static<typeof CatalogListQuery> }>(
    '/v1/admin/catalog/locations',
    {
      schema: {
        tags: ['admin'],
        summary: 'Locations by name, searched by name or id, active or not',
        querystring: CatalogListQuery,
        response: { 200: LocationList, 404: ErrorReply },
      },
      onRequest: anyone,
    },
    async (request) => guarded(() => listLocations(db, request.query)),
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof LocationEdit> }>(
    '/v1/admin/catalog/locations/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a location (expectedVersion 0) or rename, deactivate or activate one against the version seen',
        params: IdParams,
        body: LocationEdit,
        response: { 200: LocationSaved, ...errors },
      },
      onRequest: manager,
    },
    async (request) => {
      const saved = guarded(() => catalog.saveLocation(request.params.id, request.body, request.adminUser!.name));
      return { location: saved.now, recorded: saved.recorded && recorded(saved.recorded) };
    },
  );

  app.post<{ Body: Static<typeof PriceBookRequest> }>(
    '/v1/admin/catalog/price-book/preview',
    {
      schema: {
        tags: ['admin'],
        summary:
          'What importing a price book (CSV) would do, row by row: add, change, unchanged or refused with the ' +
          'reasons; nothing is recorded. A file that is no price book at all is 400 PRICE_BOOK_INVALID',
        body: PriceBookRequest,
        response: { 200: PriceBookPreview, 400: ErrorReply },
      },
      onRequest: manager,
    },
    async (request) => guarded(() => catalog.previewPriceBook(request.body.csv)),
  );

  app.post<{ Body: Static<typeof PriceBookRequest> }>(
    '/v1/admin/catalog/price-book',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Import a price book (CSV), all or nothing in one transaction: any refused row refuses the file ' +
          '(400 PRICE_BOOK_HAS_ERRORS naming the rows); rows that change nothing record nothing (audited)',
        body: PriceBookRequest,
        response: { 200: PriceBookImported, 400: ErrorReply },
      },
      onRequest: manager,
    },
    async (request) => {
      const user = request.adminUser!;
      const { csv, fileName } = request.body;
      const { preview, records } = guarded(() =>
        catalog.importPriceBook(csv, user.name, ({ preview: done, records: made }) =>
          hub.audit.record({
            actor: user.name,
            action: 'catalog.price_book_import',
            detail: {
              fileName: fileName ?? null,
              sha256: createHash('sha256').update(csv).digest('hex'),
              counts: done.counts,
              firstCursor: made[0]?.cursor ?? null,
              lastCursor: made.at(-1)?.cursor ?? null,
              userId: user.id,
            },
          }),
        ),
      );
      return {
        recorded: records.length,
        counts: preview.counts,
        firstCursor: records[0]?.cursor ?? null,
        lastCursor: records.at(-1)?.cursor ?? null,
      };
    },
  );

  app.post<{ Body: Static<typeof ReceivePayload> }>(
    '/v1/admin/inventory/receipts',
    { schema: { tags: ['admin'], body: ReceivePayload, response: { 201: Recorded, ...errors } }, onRequest: manager },
    async (request, reply) =>
      reply.code(201).send(recorded(guarded(() => catalog.receive(request.body, request.adminUser!.name)))),
  );
}
