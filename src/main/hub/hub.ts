import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AlertEngine } from './alerts/alert-engine.js';
import { configThresholds, thresholdSettings } from './alerts/alert-thresholds.js';
import { AuditTrail } from './audit/audit-trail.js';
import { ensureWritableDataDir } from './config/load-config.js';
import type { HubConfig } from './config/settings-schema.js';
import { DevicePresence } from './devices/device-presence.js';
import { DeviceRegistry } from './devices/device-registry.js';
import { localHostName } from './discovery/local-host-name.js';
import { UpstreamForwarding } from './forwarding/upstream-forwarding.js';
import { InvoicingService } from './invoicing/invoicing-service.js';
import { registerInvoicingMetrics } from './invoicing/invoicing-metrics.js';
import { KsefStatusWatcher } from './forwarding/ksef/ksef-status-watcher.js';
import { systemClock } from './upstream/clock/clock.js';
import { invoicingAlertRules } from './alerts/rules/invoice-deadlines.js';
import { alertRules } from './alerts/rules/index.js';
import { upstreamAlertRules } from './alerts/rules/upstream/index.js';
import type { MdnsAdvertiser } from './discovery/mdns-advertiser.js';
import type { HubContext, HubIdentity, HubState, HubStatus } from './hub-context.js';
import { packageRoot } from '../../shared/node/package-root.js';
import { loadOrCreateHubId, packageVersion } from './hub-identity.js';
import { lanAddresses, listenerAddresses } from './http/lan-addresses.js';
import { buildLanListener } from './http/lan-listener.js';
import { buildUiListener } from './http/ui-listener.js';
import { BackupScheduler } from './ledger/backup-scheduler.js';
import { acquireDataDirLock } from './ledger/data-dir-lock.js';
import { Ledger } from './ledger/ledger.js';
import { CursorNotices } from './notifications/cursor-notices.js';
import { Notifier } from './notifications/notifier.js';
import { ActivityHistory } from './observability/activity-history.js';
import { createLogger, type Logger } from './observability/logger.js';
import { HubMetrics } from './observability/metrics.js';
import { ApprovalExpiry } from './payments/approval-expiry.js';
import { PrintService } from './printing/print-service.js';
import { recordStoreTimeZone } from './sales/store-time-zone.js';
import { AdminSessions } from './security/admin-sessions.js';
import type { SecretStore } from './security/secret-store.js';
import { ForegroundHolds } from './scheduling/foreground-holds.js';
import { SetupCode } from './security/setup-code.js';
import { loadOrCreateTlsCertificate } from './security/tls-certificate.js';
import { UserStore } from './security/user-store.js';

export const PROTOCOL_VERSION = '1';

export interface StartHubOptions {
  config: HubConfig;
  secrets: SecretStore;
  logger?: Logger;
}

export interface Hub {
  readonly context: HubContext;
  status(): HubStatus;
  stop(): Promise<void>;
}

/**
 * The composition root: opens the ledger, builds the services, starts both listeners and mDNS. Stopping reverses
 * it: stop advertising, stop accepting, let open requests (and their transactions) finish, close the database.
 */
export async function startHub(options: StartHubOptions): Promise<Hub> {
  const { config, secrets } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  ensureWritableDataDir(config.dataDir);
  const releaseLock = acquireDataDirLock(config.dataDir);
  const cleanups: Array<() => Promise<void> | void> = [releaseLock];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };

  let state: HubState = 'starting';
  try {
    const ledger = Ledger.open(config.dataDir);
    cleanups.push(() => ledger.close());
    recordStoreTimeZone(ledger.db, config.timeZone);
    const identity: HubIdentity = {
      hubId: loadOrCreateHubId(ledger.db),
      storeId: config.storeId,
      name: config.hubName,
      version: packageVersion(),
    };
    const hostName = localHostName();
    const tls = await loadOrCreateTlsCertificate({
      secrets,
      dataDir: config.dataDir,
      hostName,
      addresses: listenerAddresses(config.lan.host),
    });
    const backupDir = config.backup.dir || path.join(config.dataDir, 'backups');
    const resolvedConfig: HubConfig = { ...config, backup: { ...config.backup, dir: backupDir } };
    const backups = new BackupScheduler(ledger.db, resolvedConfig.backup, logger);
    const users = new UserStore(ledger.db);
    const setupCode = new SetupCode();
    const startedAt = new Date().toISOString();
    // Filled in as they start; status() reports whatever is up so far.
    const listening: { ui?: FastifyInstance; lan?: FastifyInstance } = {};
    let mdns: MdnsAdvertiser | undefined;

    const status = (): HubStatus => ({
      state,
      identity,
      startedAt,
      dataDir: config.dataDir,
      uiUrl: listening.ui ? listenerUrl('http', listening.ui, config.ui.host) : '',
      lanUrl: listening.lan ? listenerUrl('https', listening.lan, config.lan.host) : '',
      // Read on every call: addresses come and go with DHCP and Wi-Fi while the hub runs.
      lanAddresses: listening.lan ? lanAddresses(config.lan.host, listenerPort(listening.lan)) : [],
      tlsFingerprint: tls.fingerprint,
      mdns: { advertising: mdns !== undefined, instanceName: mdns?.instanceName ?? null },
    });
    const audit = new AuditTrail(ledger.db);
    const notifier = new Notifier(logger.child({ component: 'notifier' }));
    const cursorNotices = new CursorNotices((cursor) => notifier.publish({ type: 'cursor', cursor }));
    ledger.onCommit((cursor) => cursorNotices.committed(cursor));
    cleanups.push(() => cursorNotices.stop());
    const metrics = new HubMetrics();
    const upstream = new UpstreamForwarding({
      ledger,
      secrets,
      settings: config.upstream,
      storeId: config.storeId,
      notifier,
      logger: logger.child({ component: 'upstream' }),
      registry: metrics.registry,
    });
    // Before any listener: a till's invoice must find its KOD II signer registered on the ledger.
    const invoicing = new InvoicingService(ledger, secrets);
    await invoicing.load();
    registerInvoicingMetrics(metrics.registry, ledger.db);
    const alerts = new AlertEngine({
      rules: [...alertRules, ...upstreamAlertRules(upstream, config.upstream.alerts), ...invoicingAlertRules],
      db: ledger.db,
      audit,
      // A manager's saved thresholds override the config's from the first evaluation on.
      settings: {
        ...config.alerts,
        ...thresholdSettings(ledger.db, configThresholds(config.alerts)).thresholds,
      },
      registry: metrics.registry,
      logger: logger.child({ component: 'alerts' }),
    });
    alerts.on('change', ({ kind, alert }) =>
      notifier.publish({
        type: 'alert',
        change: kind,
        alertId: alert.id,
        severity: alert.severity,
        status: alert.status,
      }),
    );
    const foreground = new ForegroundHolds();
    const printing = new PrintService({
      ledger,
      audit,
      notifier,
      foreground,
      registry: metrics.registry,
      logger: logger.child({ component: 'printing' }),
      store: { storeName: config.hubName, storeId: config.storeId, timeZone: config.timeZone },
    });
    const devices = new DeviceRegistry(ledger, audit, notifier);
    const activity = new ActivityHistory(ledger.db, () => ({
      cursor: ledger.head().cursor,
      deviceQueued: devices.list().reduce((sum, device) => sum + (device.revokedAt ? 0 : (device.queued ?? 0)), 0),
      upstreamQueued: upstream.outbox.stats().reduce((sum, connector) => sum + connector.depth, 0),
    }));
    const context: HubContext = {
      config: resolvedConfig,
      identity,
      ledger,
      users,
      sessions: new AdminSessions(ledger.db),
      setupCode,
      audit,
      metrics,
      activity,
      backups,
      foreground,
      devices,
      presence: new DevicePresence(notifier),
      notifier,
      alerts,
      printing,
      upstream,
      invoicing,
      status,
    };

    const ui = await buildUiListener(
      context,
      logger,
      config.ui.staticDir || path.join(packageRoot(), 'out', 'renderer'),
    );
    cleanups.push(() => ui.close());
    await ui.listen({ host: config.ui.host, port: config.ui.port });
    listening.ui = ui;
    const lan = await buildLanListener(context, logger, tls);
    cleanups.push(() => lan.close());
    await lan.listen({ host: config.lan.host, port: config.lan.port });
    listening.lan = lan;

    if (config.mdns.enabled) {
      // The address actually bound, not the configured host, which may be a name Node resolved.
      const bound = lan.server.address() as AddressInfo;
      const { startMdnsAdvertiser } = await import('./discovery/mdns-advertiser.js');
      mdns = startMdnsAdvertiser({
        name: config.hubName,
        port: bound.port,
        host: hostName,
        addresses: () => listenerAddresses(bound.address),
        txt: { hubId: identity.hubId, storeId: identity.storeId, v: PROTOCOL_VERSION, fp: tls.fingerprint },
        ...(config.mdns.interface ? { interface: config.mdns.interface } : {}),
        logger: logger.child({ component: 'mdns' }),
      });
      cleanups.push(async () => {
        await mdns!.stop();
        mdns = undefined;
      });
    }
    printing.start();
    cleanups.push(() => printing.stop());
    await upstream.start();
    cleanups.push(() => upstream.stop());
    const ksefWatcher = new KsefStatusWatcher({
      invoicing,
      settings: config.upstream.ksef,
      timeZone: () => config.timeZone,
      clock: systemClock,
      logger: logger.child({ component: 'ksef' }),
    });
    ksefWatcher.start();
    cleanups.push(() => ksefWatcher.stop());
    backups.start();
    cleanups.push(() => backups.stop());
    activity.start();
    cleanups.push(() => activity.stop());
    const approvalExpiry = new ApprovalExpiry(ledger, audit);
    approvalExpiry.start();
    cleanups.push(() => approvalExpiry.stop());
    alerts.start();
    cleanups.push(() => alerts.stop());

    if (users.count() === 0) {
      logger.warn(
        { setupCode: setupCode.issue() },
        'no users yet: open the UI and create the owner with this one-time setup code',
      );
    }
    state = 'ready';
    logger.info({ ...status(), state }, 'hub ready');

    let stopping: Promise<void> | undefined;
    return {
      context,
      status,
      stop() {
        stopping ??= (async () => {
          state = 'stopping';
          await stopAll();
          state = 'stopped';
          logger.info('hub stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    state = 'failed';
    await stopAll();
    throw error;
  }
}

function listenerPort(app: FastifyInstance): number {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

function listenerUrl(scheme: string, app: FastifyInstance, host: string): string {
  const port = listenerPort(app);
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `${scheme}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
