import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { ActivityPoint } from '../../../../shared/protocol/admin-views.js';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import type { HubContext } from '../../hub-context.js';
import { KEEP_HOURS } from '../../observability/activity-history.js';
import { requireRole } from '../admin-auth.js';

const HistoryQuery = Type.Object(
  { hours: Type.Integer({ minimum: 1, maximum: KEEP_HOURS, default: 6 }) },
  { additionalProperties: false },
);

/** The first page's figures: who the hub is, where it listens, where its data is and how far the ledger goes. */
export function registerAdminOverviewRoutes(app: FastifyInstance, hub: HubContext): void {
  app.get('/v1/admin/overview', { schema: { tags: ['admin'] }, onRequest: requireRole(hub, 'cashier') }, async () => {
    const status = hub.status();
    const head = hub.ledger.head();
    return {
      hub: { ...status.identity, startedAt: status.startedAt, state: status.state },
      listeners: {
        ui: { url: status.uiUrl },
        lan: { url: status.lanUrl, addresses: status.lanAddresses, tlsFingerprint: status.tlsFingerprint },
      },
      dataDir: status.dataDir,
      ledger: { cursor: head.cursor, hash: head.hash, events: hub.ledger.eventCount() },
      backups: {
        dir: hub.config.backup.dir,
        intervalMinutes: hub.config.backup.intervalMinutes,
        keep: hub.config.backup.keep,
        last: hub.backups.lastBackup(),
      },
      mdns: status.mdns,
    };
  });

  app.get<{ Querystring: Static<typeof HistoryQuery> }>(
    '/v1/admin/activity-history',
    {
      schema: {
        tags: ['admin'],
        summary: 'The dashboard chart: events recorded and queue depths once a minute, oldest first, the last live',
        querystring: HistoryQuery,
        response: { 200: Type.Object({ points: Type.Array(ActivityPoint) }), 400: ErrorReply, 401: ErrorReply },
      },
      onRequest: requireRole(hub, 'cashier'),
    },
    async (request) => ({ points: hub.activity.series(request.query.hours) }),
  );
}
