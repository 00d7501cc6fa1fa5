import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { AdminDevice, type DeviceView } from '../../../../shared/protocol/admin-views.js';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import { PairingCodes } from '../../devices/pairing-codes.js';
import type { HubContext } from '../../hub-context.js';
import { requireRole } from '../admin-auth.js';
import { deviceErrorToHttp } from '../domain-error-status.js';
import { HttpError } from '../http-error.js';

const DeviceParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const RevokeBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
const PairingCodeReply = Type.Object({ code: Type.String(), expiresAt: Type.String() });

/** Pairing codes, the device list with live state, and revocation (DESIGN §3b, §10 Devices). */
export function registerAdminDeviceRoutes(app: FastifyInstance, hub: HubContext): void {
  const codes = new PairingCodes(hub.ledger.db);
  const manager = requireRole(hub, 'manager');
  const anyone = requireRole(hub, 'cashier');
  const withState = (device: DeviceView) => ({ ...device, state: hub.presence.stateOf(device) });

  app.post(
    '/v1/admin/pairing-codes',
    { schema: { tags: ['admin'], response: { 201: PairingCodeReply } }, onRequest: manager },
    async (request, reply) => {
      const created = codes.create(request.adminUser!.name);
      hub.audit.record({
        actor: request.adminUser!.name,
        action: 'device.pairing_code_created',
        detail: { expiresAt: created.expiresAt },
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/v1/admin/devices',
    {
      schema: { tags: ['admin'], response: { 200: Type.Object({ devices: Type.Array(AdminDevice) }) } },
      onRequest: anyone,
    },
    async () => ({ devices: hub.devices.list().map(withState) }),
  );

  app.get<{ Params: Static<typeof DeviceParams> }>(
    '/v1/admin/devices/:id',
    {
      schema: { tags: ['admin'], params: DeviceParams, response: { 200: AdminDevice, 404: ErrorReply } },
      onRequest: anyone,
    },
    async (request) => {
      const device = hub.devices.get(request.params.id);
      if (!device) throw new HttpError(404, 'DEVICE_NOT_FOUND', `no device ${request.params.id}`);
      return withState(device);
    },
  );

  app.post<{ Params: Static<typeof DeviceParams>; Body: Static<typeof RevokeBody> }>(
    '/v1/admin/devices/:id/revoke',
    {
      schema: {
        tags: ['admin'],
        summary: 'Revoke a device: its token stops working and its live stream is told and closed',
        params: DeviceParams,
        body: RevokeBody,
        response: { 200: AdminDevice, 404: ErrorReply, 409: ErrorReply },
      },
      onRequest: manager,
    },
    async (request) => {
      try {
        return withState(hub.devices.revoke(request.params.id, request.body.reason, request.adminUser!.name));
      } catch (error) {
        throw deviceErrorToHttp(error);
      }
    },
  );
}
