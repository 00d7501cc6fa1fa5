import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { LocationPayload, ProductPayload, ReceivePayload } from '../../../../shared/protocol/catalog-payloads.js';
import type { HubContext } from '../../hub-context.js';
import { CatalogError, CatalogService } from '../../inventory/catalog-service.js';
import type { StoredRecord } from '../../ledger/event-log.js';
import { requireRole } from '../admin-auth.js';
import { HttpError } from '../http-error.js';

const Recorded = Type.Object({ cursor: Type.Integer(), eventId: Type.String(), hash: Type.String() });

const recorded = (record: StoredRecord) => ({ cursor: record.cursor, eventId: record.event.id, hash: record.hash });

/** Central-only actions (DESIGN §4): products, locations and supplier receipts, made by a manager. */
export function registerAdminCatalogRoutes(app: FastifyInstance, hub: HubContext): void {
  const catalog = new CatalogService(hub.ledger);
  const manager = requireRole(hub, 'manager');

  app.post<{ Body: Static<typeof ProductPayload> }>(
    '/v1/admin/catalog/products',
    { schema: { tags: ['admin'], body: ProductPayload, response: { 201: Recorded } }, onRequest: manager },
    async (request, reply) =>
      reply.code(201).send(recorded(catalog.upsertProduct(request.body, request.adminUser!.name))),
  );

  app.post<{ Body: Static<typeof LocationPayload> }>(
    '/v1/admin/catalog/locations',
    { schema: { tags: ['admin'], body: LocationPayload, response: { 201: Recorded } }, onRequest: manager },
    async (request, reply) =>
      reply.code(201).send(recorded(catalog.upsertLocation(request.body, request.adminUser!.name))),
  );

  app.post<{ Body: Static<typeof ReceivePayload> }>(
    '/v1/admin/inventory/receipts',
    { schema: { tags: ['admin'], body: ReceivePayload, response: { 201: Recorded } }, onRequest: manager },
    async (request, reply) => {
      try {
        return reply.code(201).send(recorded(catalog.receive(request.body, request.adminUser!.name)));
      } catch (error) {
        if (error instanceof CatalogError)
          throw new HttpError(error.code === 'LOCATION_INACTIVE' ? 409 : 404, error.code, error.message);
        throw error;
      }
    },
  );
}
