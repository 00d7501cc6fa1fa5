import type { FastifyInstance } from 'fastify';
import type { HubContext } from '../../hub-context.js';

/** Prometheus scrape endpoint; only on the loopback UI listener. */
export function registerMetricsRoutes(app: FastifyInstance, hub: HubContext): void {
  app.get(
    '/metrics',
    { schema: { tags: ['health'], summary: 'Prometheus metrics in the text exposition format' } },
    async (_request, reply) => {
      hub.metrics.ledgerHead.set(hub.ledger.head().cursor);
      return reply.type(hub.metrics.registry.contentType).send(await hub.metrics.registry.metrics());
    },
  );
}
