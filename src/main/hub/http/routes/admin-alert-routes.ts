import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { ALERT_STATUSES, AlertView } from '../../../../shared/protocol/admin-views.js';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import { AlertError, type AlertErrorCode } from '../../alerts/alert-engine.js';
import type { HubContext } from '../../hub-context.js';
import { requireRole } from '../admin-auth.js';
import { HttpError } from '../http-error.js';

const AlertsQuery = Type.Object(
  {
    status: Type.Enum([...ALERT_STATUSES, 'all'], { default: 'active' }),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
);
const AlertParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const HTTP_STATUS: Record<AlertErrorCode, number> = { ALERT_NOT_FOUND: 404, ALERT_CLEARED: 409 };

/** DESIGN §3b, §11: the alerts list for anyone logged in; acknowledging one takes a manager. */
export function registerAdminAlertRoutes(app: FastifyInstance, hub: HubContext): void {
  const anyone = requireRole(hub, 'cashier');
  const manager = requireRole(hub, 'manager');

  app.get<{ Querystring: Static<typeof AlertsQuery> }>(
    '/v1/admin/alerts',
    {
      schema: {
        tags: ['admin'],
        summary: 'Alerts, newest first; by default only active ones (raised, not acknowledged, not cleared)',
        querystring: AlertsQuery,
        response: { 200: Type.Object({ alerts: Type.Array(AlertView) }) },
      },
      onRequest: anyone,
    },
    async (request) => ({ alerts: hub.alerts.list(request.query.status, request.query.limit) }),
  );

  app.post<{ Params: Static<typeof AlertParams> }>(
    '/v1/admin/alerts/:id/ack',
    {
      schema: {
        tags: ['admin'],
        summary: 'Acknowledge an alert: it stays listed as acknowledged until its condition clears',
        params: AlertParams,
        response: { 200: AlertView, 404: ErrorReply, 409: ErrorReply },
      },
      onRequest: manager,
    },
    async (request) => {
      try {
        return hub.alerts.acknowledge(request.params.id, request.adminUser!.name);
      } catch (error) {
        if (error instanceof AlertError) throw new HttpError(HTTP_STATUS[error.code], error.code, error.message);
        throw error;
      }
    },
  );
}
