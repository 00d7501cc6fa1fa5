import type { FastifyInstance } from 'fastify';
import type { HubContext } from '../hub-context.js';
import type { Logger } from '../observability/logger.js';
import type { TlsCertificate } from '../security/tls-certificate.js';
import { createServer } from './create-server.js';
import { registerHealthRoutes } from './routes/health-routes.js';

/** The TLS listener devices on the store LAN talk to. The device protocol's routes are added here. */
export async function buildLanListener(hub: HubContext, logger: Logger, tls: TlsCertificate): Promise<FastifyInstance> {
  const app = await createServer({
    logger,
    bodyLimit: hub.config.limits.bodyBytes,
    metrics: hub.metrics,
    listener: 'lan',
    https: { key: tls.key, cert: tls.cert },
    title: 'Backroom device protocol',
    version: hub.identity.version,
  });
  registerHealthRoutes(app, hub);
  return app;
}
