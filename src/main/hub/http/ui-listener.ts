import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { HubContext } from '../hub-context.js';
import type { Logger } from '../observability/logger.js';
import { createServer } from './create-server.js';
import { refuseUpgradesOutsideStreams } from './upgrade-guard.js';
import { registerAdminAlertRoutes } from './routes/admin-alert-routes.js';
import { registerAdminAlertSettingsRoutes } from './routes/admin-alert-settings-routes.js';
import { registerAdminApprovalRoutes } from './routes/admin-approval-routes.js';
import { registerAdminCatalogRoutes } from './routes/admin-catalog-routes.js';
import { registerAdminConexxusRoutes } from './routes/admin-conexxus-routes.js';
import { registerAdminInvoiceRoutes } from './routes/admin-invoice-routes.js';
import { registerAdminConnectorSettingsRoutes } from './routes/admin-connector-settings-routes.js';
import { registerAdminConflictRoutes } from './routes/admin-conflict-routes.js';
import { registerAdminDeviceRoutes } from './routes/admin-device-routes.js';
import { registerAdminEventRoutes } from './routes/admin-event-routes.js';
import { registerAdminHardwareRoutes } from './routes/admin-hardware-routes.js';
import { registerAdminOverviewRoutes } from './routes/admin-overview-routes.js';
import { registerAdminSalesRoutes } from './routes/admin-sales-routes.js';
import { registerAdminSessionRoutes } from './routes/admin-session-routes.js';
import { registerAdminStockRoutes } from './routes/admin-stock-routes.js';
import { registerAdminStreamRoutes } from './routes/admin-stream-routes.js';
import { registerAdminUpstreamRoutes } from './routes/admin-upstream-routes.js';
import { registerAdminUserRoutes } from './routes/admin-user-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerMetricsRoutes } from './routes/metrics-routes.js';
import { registerStaticUi } from './routes/static-ui-routes.js';

/** The loopback listener: the manager's UI, the admin API and metrics. */
export async function buildUiListener(hub: HubContext, logger: Logger, staticDir: string): Promise<FastifyInstance> {
  const app = await createServer({
    logger,
    bodyLimit: hub.config.limits.bodyBytes,
    metrics: hub.metrics,
    listener: 'ui',
    title: 'Backroom admin API',
    version: hub.identity.version,
  });
  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  refuseUpgradesOutsideStreams(app);
  registerHealthRoutes(app, hub);
  registerMetricsRoutes(app, hub);
  registerAdminSessionRoutes(app, hub);
  registerAdminOverviewRoutes(app, hub);
  registerAdminCatalogRoutes(app, hub);
  registerAdminApprovalRoutes(app, hub);
  registerAdminAlertRoutes(app, hub);
  registerAdminAlertSettingsRoutes(app, hub);
  registerAdminDeviceRoutes(app, hub);
  registerAdminEventRoutes(app, hub);
  registerAdminConflictRoutes(app, hub);
  registerAdminSalesRoutes(app, hub);
  registerAdminStockRoutes(app, hub);
  registerAdminUserRoutes(app, hub);
  registerAdminHardwareRoutes(app, hub);
  registerAdminUpstreamRoutes(app, hub);
  registerAdminConnectorSettingsRoutes(app, hub);
  registerAdminConexxusRoutes(app, hub);
  registerAdminInvoiceRoutes(app, hub);
  registerAdminStreamRoutes(app, hub);
  await registerStaticUi(app, staticDir);
  return app;
}
