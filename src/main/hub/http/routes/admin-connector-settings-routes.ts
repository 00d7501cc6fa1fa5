import type { FastifyInstance } from 'fastify';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import {
  ConnectionTestResult,
  ConnectorSettingsView,
  ProbeTargetsUpdate,
  StripeKeyUpdate,
} from '../../../../shared/protocol/upstream-views.js';
import { ConexxusSettingsUpdate, ConexxusSettingsView } from '../../../../shared/protocol/conexxus-views.js';
import { KsefConnectionTest, KsefTokenUpdate } from '../../../../shared/protocol/ksef-views.js';
import type { HubContext } from '../../hub-context.js';
import type { User } from '../../security/user-store.js';
import { conexxusErrorToHttp } from '../domain-error-status.js';
import { confirmPin } from '../../security/pin-reentry.js';
import { requireRole } from '../admin-auth.js';
import { pinErrorToHttp } from '../pin-errors.js';

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };

/**
 * Settings → Connectors: the Conexxus settings, the Stripe key and the KSeF token (each set with the PIN entered again,
 * audited without it, never shown back), the probe targets and the test-connection buttons.
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
      conexxus: upstream.conexxusSettings(),
      ksef: upstream.ksef.token.view(),
      probes: upstream.probes.urls(),
    };
  };

  const reenterPin = (user: User, pin: string, connector: string) =>
    confirmPin(hub.users, audit, user, pin, { action: 'connectors.pin_rejected', detail: { connector } }).catch(
      (error: unknown) => {
        throw pinErrorToHttp(error);
      },
    );

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
      await reenterPin(user, request.body.pin, 'stripe');
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

  app.put<{ Body: ConexxusSettingsUpdate }>(
    '/v1/admin/settings/connectors/conexxus',
    {
      schema: {
        tags: ['admin'],
        summary:
          "Conexxus reporting: on or off, the store's location id, folder drop or HTTPS with its credential, the " +
          "end-of-day time (the manager's PIN entered again; the password or token is never shown back)",
        body: ConexxusSettingsUpdate,
        response: { 200: ConexxusSettingsView, ...errors, 423: ErrorReply },
      },
      onRequest: manager,
    },
    async (request) => {
      const user = request.adminUser!;
      const { pin, ...update } = request.body;
      await reenterPin(user, pin, 'conexxus');
      const before = upstream.conexxusSettings();
      const after = await upstream.saveConexxusSettings(update, user.name).catch((error: unknown) => {
        throw conexxusErrorToHttp(error);
      });
      const { secret: _secret, ...shown } = update;
      audit.record({
        actor: user.name,
        action: 'connectors.conexxus',
        detail: { before, after: shown, secretChanged: update.secret !== undefined, userId: user.id },
      });
      return after;
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

  app.put<{ Body: KsefTokenUpdate }>(
    '/v1/admin/settings/connectors/ksef',
    {
      schema: {
        tags: ['admin'],
        summary:
          "Set the seller's KSeF token (the manager's PIN entered again); KSeF is asked at once whether it takes it",
        body: KsefTokenUpdate,
        response: { 200: KsefConnectionTest, ...errors, 423: ErrorReply },
      },
      onRequest: manager,
    },
    async (request) => {
      const user = request.adminUser!;
      await reenterPin(user, request.body.pin, 'ksef');
      const test = await upstream.setKsefToken(request.body.token, user.name);
      audit.record({
        actor: user.name,
        action: 'connectors.ksef_token',
        detail: { hint: upstream.ksef.token.view().hint, accepted: test.ok, test: test.message, userId: user.id },
      });
      return test;
    },
  );

  app.post(
    '/v1/admin/settings/connectors/ksef/test',
    {
      schema: {
        tags: ['admin'],
        summary: 'Authenticate with KSeF using the stored token and the seller of Settings → Invoicing',
        response: { 200: KsefConnectionTest, ...errors },
      },
      onRequest: manager,
    },
    async () => upstream.ksef.test(),
  );
}
