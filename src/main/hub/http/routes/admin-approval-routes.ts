import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { ApprovalView } from '../../../../shared/protocol/admin-views.js';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import { OfflineCardPolicy } from '../../../../shared/protocol/payment-payloads.js';
import type { HubContext } from '../../hub-context.js';
import { ApprovalDesk } from '../../payments/approval-desk.js';
import { listApprovals } from '../../payments/approval-views.js';
import { updatePolicy } from '../../payments/payment-policy.js';
import { currentPolicy } from '../../payments/payment-reads.js';
import { requireRole } from '../admin-auth.js';
import { paymentErrorToHttp } from '../domain-error-status.js';
import { pinErrorToHttp } from '../pin-errors.js';

const ApprovalsQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['pending', 'decided'])),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  },
  { additionalProperties: false },
);
const ApprovalParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const DecideBody = Type.Object(
  {
    decision: Type.Enum(['approve', 'decline']),
    pin: Type.String({ pattern: '^[0-9]{4,12}$', description: "the deciding manager's PIN, entered again" }),
  },
  { additionalProperties: false },
);
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };

/** The offline payment policy setting and the manager's approvals (DESIGN §3b, §5, §10 Approvals). */
export function registerAdminApprovalRoutes(app: FastifyInstance, hub: HubContext): void {
  const manager = requireRole(hub, 'manager');
  const desk = new ApprovalDesk(hub.ledger, hub.audit, hub.users, (notice) => hub.notifier.publish(notice));

  app.get(
    '/v1/admin/settings/payment-policy',
    { schema: { tags: ['admin'], response: { 200: OfflineCardPolicy, ...errors } }, onRequest: manager },
    async () => currentPolicy(hub.ledger.db),
  );

  app.put<{ Body: Static<typeof OfflineCardPolicy> }>(
    '/v1/admin/settings/payment-policy',
    {
      schema: {
        tags: ['admin'],
        summary: 'Replace the offline card policy (a policy.update ledger event); amounts in minor units',
        body: OfflineCardPolicy,
        response: { 200: OfflineCardPolicy, ...errors },
      },
      onRequest: manager,
    },
    async (request) => {
      updatePolicy(hub.ledger, hub.audit, request.body, request.adminUser!.name);
      return currentPolicy(hub.ledger.db);
    },
  );

  app.get<{ Querystring: Static<typeof ApprovalsQuery> }>(
    '/v1/admin/approvals',
    {
      schema: {
        tags: ['admin'],
        summary: 'Approvals newest first, with the figures and policy as they were when asked for',
        querystring: ApprovalsQuery,
        response: { 200: Type.Object({ approvals: Type.Array(ApprovalView) }), ...errors },
      },
      onRequest: manager,
    },
    async (request) => ({ approvals: listApprovals(hub.ledger.db, request.query.limit, request.query.status) }),
  );

  app.post<{ Params: Static<typeof ApprovalParams>; Body: Static<typeof DecideBody> }>(
    '/v1/admin/approvals/:id/decide',
    {
      schema: {
        tags: ['admin'],
        summary: "Approve or decline with the manager's PIN entered again; the till is told over its stream",
        params: ApprovalParams,
        body: DecideBody,
        response: {
          200: Type.Object({ approval: ApprovalView }),
          ...errors,
          404: ErrorReply,
          409: ErrorReply,
          423: ErrorReply,
        },
      },
      onRequest: manager,
    },
    async (request) => {
      const { decision, pin } = request.body;
      const approval = await desk.decide(request.params.id, decision, request.adminUser!, pin).catch((error) => {
        throw paymentErrorToHttp(pinErrorToHttp(error));
      });
      return { approval };
    },
  );
}
