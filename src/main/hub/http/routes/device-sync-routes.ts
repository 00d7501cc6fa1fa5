import type { FastifyInstance } from 'fastify';
import {
  ErrorReply,
  PullQuery,
  PullReply,
  PushReply,
  PushRequest,
  StateReply,
} from '../../../../shared/protocol/device-api.js';
import { SignatureWorkers } from '../../devices/signature-workers.js';
import type { HubContext } from '../../hub-context.js';
import { openReadConnection } from '../../ledger/read-connection.js';
import { EventQueries } from '../../sync/event-queries.js';
import { EventIngest } from '../../sync/ingest.js';
import { readStateSnapshot } from '../../sync/state-snapshot.js';
import { acceptsGzip } from '../accept-encoding.js';
import { requireDevice } from '../device-auth-hook.js';

const authErrors = { 401: ErrorReply };

/** Push, pull and the state snapshot: everything a device syncs with. */
export function registerDeviceSyncRoutes(app: FastifyInstance, hub: HubContext): void {
  const signatures = new SignatureWorkers();
  app.addHook('onClose', () => signatures.close());
  const ingest = new EventIngest(hub.ledger, hub.devices, signatures, {
    maxClockSkewMs: hub.config.sync.maxClockSkewSeconds * 1000,
    foreground: hub.foreground,
  });
  // Pulls read committed records only, and never wait behind a write.
  const reader = openReadConnection(hub.ledger.db);
  app.addHook('onClose', () => reader.close());
  const queries = new EventQueries(reader.db);
  const device = requireDevice(hub.devices);

  app.post<{ Body: PushRequest }>(
    '/v1/events',
    {
      schema: {
        tags: ['device'],
        summary: 'Push signed events, ascending seq; results say accepted, conflict, refused or rejected',
        body: PushRequest,
        response: { 200: PushReply, 400: ErrorReply, ...authErrors, 413: ErrorReply },
      },
      onRequest: device,
    },
    async (request) => {
      const pushed = await ingest.ingestBatch(request.device!, request.body.events);
      const rejected = pushed.results.find((result) => result.status === 'rejected');
      if (rejected) {
        request.log.warn(
          { deviceId: request.device!.id, eventId: rejected.id, seq: rejected.seq, error: rejected.error },
          'pushed event rejected',
        );
      }
      return pushed;
    },
  );

  app.get<{ Querystring: PullQuery }>(
    '/v1/events',
    {
      schema: {
        tags: ['device'],
        summary: 'Pull recorded events after a cursor, device and hub-made alike',
        querystring: PullQuery,
        response: { 200: PullReply, 400: ErrorReply, ...authErrors },
      },
      onRequest: device,
    },
    async (request, reply) => {
      const page = queries.pullPage(request.query.after, request.query.limit);
      // Which form is served depends on Accept-Encoding, so caches between must keep them apart.
      reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      // A shared page is compressed once for every device that asks (about 6x smaller, for tills on a slow LAN);
      // the tail page changes with the next record and goes as it is.
      if (page.gzipped && acceptsGzip(request.headers['accept-encoding'])) {
        return reply.header('content-encoding', 'gzip').send(await page.gzipped());
      }
      return reply.send(page.bytes);
    },
  );

  app.get(
    '/v1/state',
    {
      schema: {
        tags: ['device'],
        summary: 'A snapshot (catalog, stock, own open conflicts, open requests, payment policy) as of its cursor',
        response: { 200: StateReply, ...authErrors },
      },
      onRequest: device,
    },
    async (request) => readStateSnapshot(hub.ledger, hub.devices, request.device!.id),
  );
}
