import type { FastifyInstance } from 'fastify';
import type { HubContext } from '../../hub-context.js';
import { requireRole } from '../admin-auth.js';

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
}
