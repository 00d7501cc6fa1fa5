import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { HubContext } from '../../hub-context.js';
import { errorBody } from '../http-error.js';

const Health = Type.Object({ status: Type.String(), version: Type.String(), hubId: Type.String() });

/** Liveness and readiness for devices, the UI and service managers. Public: they reveal nothing sensitive. */
export function registerHealthRoutes(app: FastifyInstance, hub: HubContext): void {
  app.get('/health', { schema: { tags: ['health'], response: { 200: Health } } }, async () => ({
    status: 'ok',
    version: hub.identity.version,
    hubId: hub.identity.hubId,
  }));

  app.get('/health/ready', { schema: { tags: ['health'] } }, async (_request, reply) => {
    const status = hub.status();
    const head = hub.ledger.head();
    if (status.state !== 'ready') {
      return reply.code(503).send(errorBody('NOT_READY', `the hub is ${status.state}`));
    }
    return { status: 'ready', state: status.state, ledger: { cursor: head.cursor } };
  });
}
