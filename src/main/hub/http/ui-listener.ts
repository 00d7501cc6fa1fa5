import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { HubContext } from '../hub-context.js';
import type { Logger } from '../observability/logger.js';
import { createServer } from './create-server.js';
import { registerAdminCatalogRoutes } from './routes/admin-catalog-routes.js';
import { registerAdminOverviewRoutes } from './routes/admin-overview-routes.js';
import { registerAdminSessionRoutes } from './routes/admin-session-routes.js';
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
  registerHealthRoutes(app, hub);
  registerMetricsRoutes(app, hub);
  registerAdminSessionRoutes(app, hub);
  registerAdminOverviewRoutes(app, hub);
  registerAdminCatalogRoutes(app, hub);
  await registerStaticUi(app, staticDir);
  return app;
}
