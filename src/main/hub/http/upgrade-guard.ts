import type { FastifyInstance } from 'fastify';
import { HttpError } from './http-error.js';

/**
 * @fastify/websocket upgrades a WebSocket handshake sent to ANY route and then closes the socket from its side
 * ("no websocket handler"): the client sees 101 on a plain route, and the half-closed socket waits for a close frame
 * that a hostile client never sends, which kept the hub from shutting down. Handshakes are refused, in the error
 * format, on every route that is not a WebSocket route; the plugin then drops the socket after the answer.
 *
 * Call right after registering the plugin and before any route, so its `onRoute` sees every WebSocket route and its
 * `onRequest` runs after the plugin has marked the request (`request.ws`).
 */
export function refuseUpgradesOutsideStreams(app: FastifyInstance): void {
  const streams = new Set<string>();
  app.addHook('onRoute', (route) => {
    if (route.websocket || route.wsHandler) streams.add(route.url);
  });
  app.addHook('onRequest', async (request) => {
    if (!request.ws || streams.has(request.routeOptions.url ?? '')) return;
    throw new HttpError(
      400,
      'NOT_A_WEBSOCKET_ROUTE',
      `${request.routeOptions.url ?? request.url.split('?')[0]} does not speak WebSocket; send it without Upgrade`,
    );
  });
}
