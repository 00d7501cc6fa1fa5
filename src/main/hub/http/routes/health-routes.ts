import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { HubContext } from '../../hub-context.js';
import { TargetStatusView } from '../../../../shared/protocol/upstream-views.js';
import { errorBody } from '../http-error.js';

const Health = Type.Object({ status: Type.String(), version: Type.String(), hubId: Type.String() });
const NetworkHealth = Type.Object({
  status: Type.Enum(['online', 'degraded', 'offline', 'unknown'], { description: 'the worst of the targets' }),
  targets: Type.Array(TargetStatusView),
});
const QueueHealth = Type.Object({
  connectors: Type.Array(
    Type.Object({
      connector: Type.String(),
      depth: Type.Integer({ description: 'queued + in flight' }),
      counts: Type.Record(Type.String(), Type.Integer()),
      oldestQueuedAt: Type.Union([Type.String(), Type.Null()]),
      oldestQueuedAgeMs: Type.Union([Type.Integer(), Type.Null()]),
      openAttempts: Type.Integer(),
      maxOpenAttempts: Type.Integer(),
      paused: Type.Boolean(),
    }),
  ),
});
const WORST = ['offline', 'degraded', 'unknown', 'online'] as const;

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

  app.get('/health/network', { schema: { tags: ['health'], response: { 200: NetworkHealth } } }, async () => {
    const targets = hub.upstream.statuses();
    const status = WORST.find((state) => targets.some((t) => t.state === state)) ?? 'unknown';
    return { status, targets };
  });

  app.get('/health/queues', { schema: { tags: ['health'], response: { 200: QueueHealth } } }, async () => {
    const pools = hub.upstream.pools();
    const connectors = hub.upstream.outbox
      .stats(
        new Date(),
        pools.map((pool) => pool.name),
      )
      .map((stats) => ({ ...stats, paused: hub.upstream.poolOf(stats.connector)?.status().state === 'paused' }));
    return { connectors };
  });
}
