import type { FastifyInstance } from 'fastify';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import {
  ConnectionTestResult,
  ConnectorSettingsView,
  ProbeTargetsUpdate,
  StripeKeyUpdate,
} from '../../../../shared/protocol/upstream-views.js';
import type { HubContext } from '../../hub-context.js';
import { confirmPin } from '../../security/pin-reentry.js';
import { requireRole } from '../admin-auth.js';
import { pinErrorToHttp } from '../pin-errors.js';

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };

/**
 * Settings → Connectors: the Stripe key (set with the PIN entered again, audited without it, never shown back),
 * the probe targets and the test-connection button.
 */
export function registerAdminConnectorSettingsRoutes(app: FastifyInstance, hub: HubContext): void {
  const manager = requireRole(hub, 'manager');
  const { upstream, audit } = hub;

  const view = (): ConnectorSettingsView => {
    const meta = upstream.keyMeta();
    return {
      stripe: {
        keySet: meta !== undefined,
        keyHint: meta?.keyHint ?? null,
        updatedAt: meta?.updatedAt ?? null,
        updatedBy: meta?.updatedBy ?? null,
      },
      probes: upstream.probes.urls(),
    };
  };

  app.get(
    '/v1/admin/settings/connectors',
    {
      schema: { tags: ['admin'], response: { 200: ConnectorSettingsView, ...errors } },
      onRequest: manager,
    },
    async () => view(),
  );

  app.put<{ Body: StripeKeyUpdate }>(
    '/v1/admin/settings/connectors/stripe',
    {
      schema: {
        tags: ['admin'],
        summary:
          "Set the Stripe secret key (the manager's PIN entered again); Stripe is asked at once whether it takes it",
        body: StripeKeyUpdate,
        response: { 200: ConnectorSettingsView, ...errors, 423: ErrorReply },
      },
      onRequest: manager,
    },
    async (request) => {
      const user = request.adminUser!;
      await confirmPin(hub.users, audit, user, request.body.pin, {
        action: 'connectors.pin_rejected',
        detail: { connector: 'stripe' },
      }).catch((error: unknown) => {
        throw pinErrorToHttp(error);
      });
      const test = await upstream.setStripeKey(request.body.secretKey, user.name);
      const settings = view();
      audit.record({
        actor: user.name,
        action: 'connectors.stripe_key',
        detail: { keyHint: settings.stripe.keyHint, accepted: test.ok, test: test.message, userId: user.id },
      });
      return settings;
    },
  );

  app.put<{ Body: ProbeTargetsUpdate }>(
    '/v1/admin/settings/connectors/probes',
    {
      schema: {
        tags: ['admin'],
        summary: 'Replace the URLs probed for the internet and Stripe; both are probed again at once',
        body: ProbeTargetsUpdate,
        response: { 200: ConnectorSettingsView, ...errors },
      },
      onRequest: manager,
    },
    async (request) => {
      const user = request.adminUser!;
      const before = upstream.probes.urls();
      const after = upstream.saveProbes(request.body);
      audit.record({ actor: user.name, action: 'connectors.probes', detail: { before, after, userId: user.id } });
      return view();
    },
  );

  app.post(
    '/v1/admin/settings/connectors/stripe/test',
    {
      schema: {
        tags: ['admin'],
        summary: 'One real call to Stripe with the stored key',
        response: { 200: ConnectionTestResult, ...errors },
      },
      onRequest: manager,
    },
    async () => upstream.testStripe(),
  );
}
