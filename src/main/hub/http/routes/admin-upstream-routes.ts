import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import {
  AtRiskPaymentList,
  CancelJobRequest,
  HOLD_STATES,
  HoldList,
  SyncNowReply,
  UPSTREAM_JOB_STATES,
  UpstreamJobPage,
  UpstreamJobView,
  UpstreamOverview,
} from '../../../../shared/protocol/upstream-views.js';
import { KsefOverview } from '../../../../shared/protocol/ksef-views.js';
import { jobView, listAtRisk, listHolds } from '../../forwarding/upstream-reads.js';
import type { HubContext } from '../../hub-context.js';
import { requireRole } from '../admin-auth.js';
import { outboxErrorToHttp } from '../domain-error-status.js';
import { HttpError } from '../http-error.js';

const Name = Type.String({ minLength: 1, maxLength: 64 });
const JobsQuery = Type.Object(
  {
    connector: Type.Optional(Name),
    state: Type.Optional(Type.Enum(UPSTREAM_JOB_STATES)),
    kind: Type.Optional(Name),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    before: Type.Optional(Type.Integer({ minimum: 1, description: "the previous page's nextBefore" })),
  },
  { additionalProperties: false },
);
const JobParams = Type.Object({ id: Name });
const ConnectorParams = Type.Object({ connector: Name });
const HoldsQuery = Type.Object({ state: Type.Optional(Type.Enum(HOLD_STATES)) }, { additionalProperties: false });
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };
const actionErrors = { ...errors, 404: ErrorReply, 409: ErrorReply };

/** The Upstream screen (DESIGN §6, §10): connectors and their queues, jobs, Stripe holds and payments at risk. */
export function registerAdminUpstreamRoutes(app: FastifyInstance, hub: HubContext): void {
  const anyone = requireRole(hub, 'cashier');
  const manager = requireRole(hub, 'manager');
  const { upstream, ledger, audit } = hub;

  app.get(
    '/v1/admin/upstream',
    {
      schema: {
        tags: ['admin'],
        summary: 'Internet reachability and each connector: state, problem, queue depth, oldest job, throughput',
        response: { 200: UpstreamOverview, ...errors },
      },
      onRequest: anyone,
    },
    async () => upstream.overview(),
  );

  app.get<{ Querystring: Static<typeof JobsQuery> }>(
    '/v1/admin/upstream/jobs',
    {
      schema: {
        tags: ['admin'],
        summary: 'Outbox jobs newest first, with attempts, last error and idempotency key',
        querystring: JobsQuery,
        response: { 200: UpstreamJobPage, ...errors },
      },
      onRequest: anyone,
    },
    async (request) => {
      const jobs = upstream.outbox.list(request.query).map(jobView);
      return { jobs, nextBefore: jobs.length === request.query.limit ? jobs.at(-1)!.seq : null };
    },
  );

  app.post<{ Params: Static<typeof JobParams> }>(
    '/v1/admin/upstream/jobs/:id/retry',
    {
      schema: {
        tags: ['admin'],
        summary: 'Try a dead or waiting job now, with the same idempotency key (audited)',
        params: JobParams,
        response: { 200: UpstreamJobView, ...actionErrors },
      },
      onRequest: manager,
    },
    async (request) => {
      const user = request.adminUser!;
      return guarded(() =>
        ledger.transaction(() => {
          const job = upstream.outbox.retryNow(request.params.id);
          audit.record({ actor: user.name, action: 'upstream.retry', detail: { jobId: job.id, userId: user.id } });
          return jobView(job);
        }),
      );
    },
  );

  app.post<{ Params: Static<typeof JobParams>; Body: CancelJobRequest }>(
    '/v1/admin/upstream/jobs/:id/cancel',
    {
      schema: {
        tags: ['admin'],
        summary: 'Give up on a queued or dead job (never one in flight); audited with the reason',
        params: JobParams,
        body: CancelJobRequest,
        response: { 200: UpstreamJobView, ...actionErrors },
      },
      onRequest: manager,
    },
    async (request) => {
      const user = request.adminUser!;
      const { reason } = request.body;
      return guarded(() =>
        ledger.transaction(() => {
          const job = upstream.outbox.cancel(request.params.id, user.name);
          audit.record({
            actor: user.name,
            action: 'upstream.cancel',
            detail: { jobId: job.id, reason, userId: user.id },
          });
          return jobView(job);
        }),
      );
    },
  );

  app.post<{ Params: Static<typeof ConnectorParams> }>(
    '/v1/admin/upstream/:connector/sync-now',
    {
      schema: {
        tags: ['admin'],
        summary: 'Make every queued job of the connector due now and probe its target again (audited)',
        params: ConnectorParams,
        response: { 200: SyncNowReply, ...actionErrors },
      },
      onRequest: manager,
    },
    async (request) => {
      const { connector } = request.params;
      const pool = upstream.poolOf(connector);
      if (!pool) throw new HttpError(404, 'CONNECTOR_NOT_FOUND', `no connector ${connector}`);
      const user = request.adminUser!;
      const expedited = ledger.transaction(() => {
        const count = pool.syncNow();
        audit.record({
          actor: user.name,
          action: 'upstream.sync_now',
          detail: { connector, expedited: count, userId: user.id },
        });
        return count;
      });
      // A paused pool stays paused until its target answers again: ask now rather than at the next 30 s probe.
      await upstream.probeNow(connector);
      return { expedited };
    },
  );

  app.get<{ Querystring: Static<typeof HoldsQuery> }>(
    '/v1/admin/upstream/stripe/holds',
    {
      schema: {
        tags: ['admin'],
        summary: 'Offline card payments with their capture deadline and where the capture stands',
        querystring: HoldsQuery,
        response: { 200: HoldList, ...errors },
      },
      onRequest: anyone,
    },
    async (request) => ({ holds: listHolds(ledger.db, request.query.state) }),
  );

  app.get(
    '/v1/admin/upstream/ksef',
    {
      schema: {
        tags: ['admin'],
        summary:
          'The KSeF connector: token, what KSeF announced, the backlog and its nearest deadline, the rate invoices ' +
          'are numbered at, and the latest sessions',
        response: { 200: KsefOverview, ...errors },
      },
      onRequest: anyone,
    },
    async () => hub.upstream.ksef.overview(),
  );

  app.get(
    '/v1/admin/upstream/stripe/at-risk',
    {
      schema: {
        tags: ['admin'],
        summary: 'Card payments declined after forwarding or whose hold lapsed: the sale, cashier and amount',
        response: { 200: AtRiskPaymentList, ...errors },
      },
      onRequest: anyone,
    },
    async () => ({ payments: listAtRisk(ledger.db) }),
  );
}

async function guarded<T>(work: () => T): Promise<T> {
  try {
    return work();
  } catch (error) {
    throw outboxErrorToHttp(error);
  }
}
