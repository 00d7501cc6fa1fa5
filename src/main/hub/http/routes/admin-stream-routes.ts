import type { FastifyInstance } from 'fastify';
import type { HubContext } from '../../hub-context.js';
import { requireRole } from '../admin-auth.js';
import { sendJson, upgradeRequired, type LiveSocket } from '../live-socket.js';

/** `GET /v1/admin/stream`: live notices for the manager's screens (new cursor, device state and heartbeats, alerts). */
export function registerAdminStreamRoutes(app: FastifyInstance, hub: HubContext): void {
  app.route({
    method: 'GET',
    url: '/v1/admin/stream',
    schema: {
      tags: ['admin'],
      summary: 'WebSocket: {"type":"cursor","cursor"}, {"type":"device","deviceId","state"} and {"type":"alert",…}',
      description:
        'Device state is online, offline or revoked; a heartbeat that changed the queue size or clock skew adds ' +
        '"queued" and "clockSkewMs". Alert notices carry "change" (raised, updated, cleared, acknowledged), ' +
        '"alertId", "severity" and "status". Forwarding notices are {"type":"upstream","change":"job"|"connector"|' +
        '"connectivity","subject","jobId","state"}. The hub sends; messages from the UI are ignored.',
    },
    preHandler: requireRole(hub, 'cashier'),
    handler: upgradeRequired,
    wsHandler: (socket: LiveSocket) => {
      const unsubscribe = hub.notifier.subscribe((notice) => sendJson(socket, notice));
      sendJson(socket, { type: 'cursor', cursor: hub.ledger.head().cursor });
      socket.on('close', unsubscribe);
    },
  });
}
