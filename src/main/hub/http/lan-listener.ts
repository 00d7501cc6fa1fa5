import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { HubContext } from '../hub-context.js';
import type { Logger } from '../observability/logger.js';
import type { TlsCertificate } from '../security/tls-certificate.js';
import { createServer } from './create-server.js';
import { refuseUpgradesOutsideStreams } from './upgrade-guard.js';
import { bearerProtocol } from './device-auth-hook.js';
import { registerDevicePairingRoutes } from './routes/device-pairing-routes.js';
import { registerDevicePrintRoutes } from './routes/device-print-routes.js';
import { registerDeviceStreamRoutes } from './routes/device-stream-routes.js';
import { registerDeviceSyncRoutes } from './routes/device-sync-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerPaymentRoutes } from './routes/payment-routes.js';

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
  // Stream messages are small heartbeats; the subprotocol chosen is the offered bearer one, as clients expect.
  await app.register(websocket, {
    options: { maxPayload: 16 * 1024, handleProtocols: (offered: Set<string>) => bearerProtocol(offered) ?? false },
  });
  refuseUpgradesOutsideStreams(app);
  registerHealthRoutes(app, hub);
  registerDevicePairingRoutes(app, hub);
  registerDeviceSyncRoutes(app, hub);
  registerDeviceStreamRoutes(app, hub);
  registerPaymentRoutes(app, hub);
  registerDevicePrintRoutes(app, hub);
  return app;
}
