import type { FastifyInstance } from 'fastify';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import {
  OfflineAuthorizationReply,
  OfflineAuthorizationRequest,
} from '../../../../shared/protocol/payment-payloads.js';
import type { HubContext } from '../../hub-context.js';
import { OfflineAuthorizations } from '../../payments/offline-authorizations.js';
import { requireDevice } from '../device-auth-hook.js';
import { paymentErrorToHttp } from '../domain-error-status.js';

/** Offline payment authorization for tills (DESIGN §3, §5): needs the LAN, not the internet. */
export function registerPaymentRoutes(app: FastifyInstance, hub: HubContext): void {
  const authorizations = new OfflineAuthorizations(hub.ledger, hub.audit);

  app.post<{ Body: OfflineAuthorizationRequest }>(
    '/v1/payments/offline-authorizations',
    {
      schema: {
        tags: ['device'],
        summary: 'May this payment be taken while the processor is out of reach? approved, pending_manager, declined',
        description:
          'Idempotent on paymentId. pending_manager comes with an approvalId; the decision arrives on /v1/stream as ' +
          '{"type":"approval","approvalId","paymentId","decision","decidedBy"}, and asking again also returns it.',
        body: OfflineAuthorizationRequest,
        response: {
          200: OfflineAuthorizationReply,
          400: ErrorReply,
          401: ErrorReply,
          404: ErrorReply,
          409: ErrorReply,
        },
      },
      onRequest: requireDevice(hub.devices),
    },
    async (request) => {
      try {
        return authorizations.authorize(request.device!.id, request.body);
      } catch (error) {
        throw paymentErrorToHttp(error);
      }
    },
  );
}
