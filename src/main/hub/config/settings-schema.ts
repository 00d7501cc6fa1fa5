import Type, { type Static } from 'typebox';

/**
 * The alert thresholds (DESIGN §11): from the config as defaults, and editable by a manager on the Settings screen
 * (`PUT /v1/admin/settings/alerts`), which checks them against these same bounds.
 */
export const AlertThresholdFields = {
  deviceOfflineWarnHours: Type.Number({ exclusiveMinimum: 0 }),
  deviceOfflineCriticalHours: Type.Number({ exclusiveMinimum: 0 }),
  deviceQueueWarn: Type.Integer({ minimum: 0, description: 'Events waiting in one device outbox' }),
  deviceQueueCritical: Type.Integer({ minimum: 0 }),
  conflictUnresolvedWarnHours: Type.Number({ exclusiveMinimum: 0 }),
  conflictUnresolvedCriticalHours: Type.Number({ exclusiveMinimum: 0 }),
  syncFailuresCritical: Type.Integer({ minimum: 0, description: 'Rejected pushes in a row from one device' }),
};

const ProbeUrl = Type.String({ pattern: '^https?://', maxLength: 2048 });

/** Forwarding (DESIGN §6): the Stripe connector's pace, the connectivity probes and the forwarding alerts. */
export const UpstreamSettings = Type.Object(
  {
    stripe: Type.Object(
      {
        apiBase: Type.String({
          pattern: '^(https?://[^/]+/?)?$',
          description: "Where the Stripe API is; empty = Stripe's own (api.stripe.com). Tests: the loopback fake",
        }),
        concurrency: Type.Integer({ minimum: 1, maximum: 32, description: 'Stripe jobs performed at once' }),
        ratePerSecond: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'Stripe requests per second' }),
        timeoutSeconds: Type.Integer({ minimum: 1, maximum: 600, description: 'One attempt longer than this fails' }),
      },
      { additionalProperties: false },
    ),
    conexxus: Type.Object(
      {
        concurrency: Type.Integer({ minimum: 1, maximum: 8, description: 'NAXML documents delivered at once' }),
        timeoutSeconds: Type.Integer({ minimum: 1, maximum: 600, description: 'One delivery longer than this fails' }),
        scheduleCheckSeconds: Type.Integer({
          minimum: 1,
          maximum: 3600,
          description: 'How often the hub looks for a closed business day to report or correct',
        }),
      },
      { additionalProperties: false },
    ),
    ksef: Type.Object(
      {
        apiBase: Type.Union([ProbeUrl, Type.Literal('')], {
          description: "KSeF API base; empty = the invoicing environment's own (tests: the loopback fake)",
        }),
        latarniaUrl: Type.Union([ProbeUrl, Type.Literal('')], {
          description: "KSeF status service (Latarnia); empty = the environment's own",
        }),
        checkSeconds: Type.Integer({ minimum: 1, maximum: 3600, description: 'How often KSeF is looked at' }),
        timeoutSeconds: Type.Integer({ minimum: 1, maximum: 120 }),
        batchThreshold: Type.Integer({
          minimum: 1,
          maximum: 10_000,
          description: 'From this many offline invoices due at once, they go as one batch session (research §10)',
        }),
        nightBatchMin: Type.Integer({
          minimum: 1,
          maximum: 1_000_000,
          description: 'A batch this big found in the day waits for the night window (20:00–06:00) if deadlines allow',
        }),
        monitorBudgetSeconds: Type.Integer({
          minimum: 1,
          maximum: 3600,
          description: 'How long one sending attempt waits for KSeF to number what it sent',
        }),
      },
      { additionalProperties: false },
    ),
    probes: Type.Object(
      {
        internet: ProbeUrl,
        stripe: Type.Union([ProbeUrl, Type.Literal('')], {
          description: 'Empty = the API root of upstream.stripe.apiBase, so probe and connector cannot disagree',
        }),
        intervalSeconds: Type.Integer({
          minimum: 1,
          maximum: 3600,
          description: 'Between probes of a target that answers',
        }),
        failureIntervalSeconds: Type.Integer({ minimum: 1, maximum: 3600, description: 'After a failed probe' }),
        timeoutSeconds: Type.Integer({ minimum: 1, maximum: 120 }),
      },
      { additionalProperties: false },
    ),
    alerts: Type.Object(
      {
        queueWarn: Type.Integer({ minimum: 0, description: 'Jobs owed to one connector' }),
        internetOfflineWarnMinutes: Type.Number({ exclusiveMinimum: 0 }),
        holdExpiryWarnHours: Type.Number({ exclusiveMinimum: 0, description: 'A card hold this close to lapsing' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type UpstreamSettings = Static<typeof UpstreamSettings>;

export const AlertThresholdsSchema = Type.Object(AlertThresholdFields, { additionalProperties: false });

/**
 * Every setting the hub knows. Precedence: defaults < config file < BACKROOM_* environment < command-line flags.
 * The environment name of a setting is BACKROOM_ + its path in upper snake case (ui.port → BACKROOM_UI_PORT).
 */
export const SettingsSchema = Type.Object(
  {
    dataDir: Type.String({ minLength: 1, description: 'Where the ledger, certificates and backups live' }),
    hubName: Type.String({ minLength: 1, maxLength: 63, description: 'Shown to devices and in mDNS' }),
    storeId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
    timeZone: Type.String({ minLength: 1, description: 'IANA zone of the store; business days follow it' }),
    logLevel: Type.Union([
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ]),
    ui: Type.Object(
      {
        host: Type.String({ minLength: 1 }),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
        /** Folder of the built React UI; empty means the copy shipped beside the hub. */
        staticDir: Type.String(),
      },
      { additionalProperties: false },
    ),
    lan: Type.Object(
      {
        host: Type.String({ minLength: 1 }),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
      },
      { additionalProperties: false },
    ),
    mdns: Type.Object(
      {
        enabled: Type.Boolean(),
        interface: Type.String({ description: 'Interface address to advertise on; empty = all' }),
      },
      { additionalProperties: false },
    ),
    backup: Type.Object(
      {
        dir: Type.String({ description: 'Empty = <dataDir>/backups' }),
        intervalMinutes: Type.Integer({ minimum: 0, maximum: 10080, description: '0 turns scheduled backups off' }),
        keep: Type.Integer({ minimum: 1, maximum: 1000 }),
      },
      { additionalProperties: false },
    ),
    limits: Type.Object(
      {
        bodyBytes: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 }),
      },
      { additionalProperties: false },
    ),
    sync: Type.Object(
      {
        maxClockSkewSeconds: Type.Integer({
          minimum: 1,
          maximum: 7 * 24 * 3600,
          description: 'An event whose deviceTime is further than this from the hub clock is flagged for review',
        }),
      },
      { additionalProperties: false },
    ),
    /** DESIGN §11. An alert fires when a value is strictly above its threshold. */
    alerts: Type.Object(
      {
        intervalSeconds: Type.Integer({ minimum: 1, maximum: 3600, description: 'How often the rules are evaluated' }),
        ...AlertThresholdFields,
      },
      { additionalProperties: false },
    ),
    upstream: UpstreamSettings,
  },
  { additionalProperties: false },
);

export type HubConfig = Static<typeof SettingsSchema>;

export function defaultSettings(): HubConfig {
  return {
    dataDir: './data',
    hubName: 'Backroom hub',
    storeId: 'store-1',
    timeZone: 'Europe/Warsaw',
    logLevel: 'info',
    ui: { host: '127.0.0.1', port: 4848, staticDir: '' },
    lan: { host: '0.0.0.0', port: 4849 },
    mdns: { enabled: true, interface: '' },
    backup: { dir: '', intervalMinutes: 60, keep: 24 },
    limits: { bodyBytes: 1024 * 1024 },
    sync: { maxClockSkewSeconds: 300 },
    alerts: {
      intervalSeconds: 60,
      deviceOfflineWarnHours: 24,
      deviceOfflineCriticalHours: 72,
      deviceQueueWarn: 100,
      deviceQueueCritical: 500,
      conflictUnresolvedWarnHours: 24,
      conflictUnresolvedCriticalHours: 7 * 24,
      syncFailuresCritical: 10,
    },
    upstream: {
      stripe: { apiBase: '', concurrency: 4, ratePerSecond: 20, timeoutSeconds: 60 },
      conexxus: { concurrency: 2, timeoutSeconds: 60, scheduleCheckSeconds: 60 },
      ksef: {
        apiBase: '',
        latarniaUrl: '',
        checkSeconds: 30,
        timeoutSeconds: 10,
        batchThreshold: 20,
        nightBatchMin: 2000,
        monitorBudgetSeconds: 300,
      },
      // A neutral, always-answering host (Cloudflare's resolver) for the internet; Stripe's probe follows its apiBase.
      probes: {
        internet: 'https://1.1.1.1/',
        stripe: '',
        intervalSeconds: 30,
        failureIntervalSeconds: 5,
        timeoutSeconds: 5,
      },
      alerts: { queueWarn: 100, internetOfflineWarnMinutes: 30, holdExpiryWarnHours: 24 },
    },
  };
}
