import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import {
  ALERT_THRESHOLD_KEYS,
  configThresholds,
  saveThresholds,
  thresholdSettings,
} from '../../alerts/alert-thresholds.js';
import { AlertThresholdsSchema } from '../../config/settings-schema.js';
import type { HubContext } from '../../hub-context.js';
import { requireRole } from '../admin-auth.js';

const ThresholdSource = Type.Enum(['config', 'saved'], {
  description: "`config`: the hub's config value applies; `saved`: a manager's saved value overrides it",
});

const AlertThresholdSettings = Type.Object({
  thresholds: AlertThresholdsSchema,
  defaults: AlertThresholdsSchema,
  source: Type.Object(Object.fromEntries(ALERT_THRESHOLD_KEYS.map((key) => [key, ThresholdSource]))),
});

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };

/**
 * DESIGN §11 alert thresholds: the config's values are the defaults, a manager's saved ones override them. Anyone
 * logged in reads them; a manager replaces them, and the alert rules use the new ones at once.
 */
export function registerAdminAlertSettingsRoutes(app: FastifyInstance, hub: HubContext): void {
  const anyone = requireRole(hub, 'cashier');
  const manager = requireRole(hub, 'manager');
  const defaults = configThresholds(hub.config.alerts);

  app.get(
    '/v1/admin/settings/alerts',
    {
      schema: {
        tags: ['admin'],
        summary: 'The alert thresholds in force, the config defaults, and where each comes from',
        response: { 200: AlertThresholdSettings, 401: ErrorReply },
      },
      onRequest: anyone,
    },
    async () => thresholdSettings(hub.ledger.db, defaults),
  );

  app.put<{ Body: Static<typeof AlertThresholdsSchema> }>(
    '/v1/admin/settings/alerts',
    {
      schema: {
        tags: ['admin'],
        summary:
          "Replace the alert thresholds (all of them; a value equal to the config's follows the config again); " +
          'alerts are evaluated again at once',
        body: AlertThresholdsSchema,
        response: { 200: AlertThresholdSettings, ...errors },
      },
      onRequest: manager,
    },
    async (request) => {
      const saved = saveThresholds(hub.ledger.db, hub.audit, defaults, request.body, request.adminUser!.name);
      hub.alerts.setThresholds(saved.thresholds);
      return saved;
    },
  );
}
