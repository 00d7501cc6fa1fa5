import Value from 'typebox/value';
import { v7 as uuidv7 } from 'uuid';
import type { EventEnvelope } from '../shared/protocol/envelope.js';
import { eventTypeSpec } from '../shared/protocol/event-types.js';
import type {
  ApprovalStreamMessage,
  OfflineAuthorizationRequest,
  PaymentPolicyState,
} from '../shared/protocol/payment-payloads.js';
import type { DrawerKickView, DrawerOpenRequest, PrintJobRequest, PrintJobView } from '../shared/protocol/printing.js';
import { signEnvelope } from '../shared/protocol/signing.js';
import { HubApi } from './client/hub-api.js';
import { DeviceRevokedError, NotPairedError } from './core/errors.js';
import { systemClock, type Clock, type DeviceStorage, type SyncStatus } from './core/ports.js';
import { ApprovalWaiter } from './payments/approval-waiter.js';
import { OfflineAuthorizer, outboxCardPayments, type OfflineAuthorization } from './payments/offline-authorizer.js';
import { waitForPrintJob, type PrintJobWaitOptions } from './printing/print-job-waiter.js';
import { WebCryptoSigner } from './signer/webcrypto-signer.js';
import {
  SyncEngine,
  type EventSyncState,
  type SyncEngineOptions,
  type SyncEngineStatus,
  type SyncReport,
} from './sync/sync-engine.js';

export type DeviceOptions = Omit<SyncEngineOptions, 'signer' | 'appVersion'> & { appVersion?: string };

export interface RecordOptions {
  /** when it happened, if not now (e.g. a count taken earlier) */
  occurredAt?: Date;
}

/** An event the device may not record: it would be rejected by the hub and block everything after it. */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/**
 * A paired device: records what happens as signed events in its outbox and keeps them in step with the hub.
 * Recording never needs the hub; `sync()` or `start()` deliver.
 */
export class Device {
  private readonly authorizer: OfflineAuthorizer;

  private constructor(
    readonly deviceId: string,
    private readonly storage: DeviceStorage,
    private readonly signer: WebCryptoSigner,
    private readonly clock: Clock,
    private readonly engine: SyncEngine,
    private readonly api: HubApi,
    private readonly approvals: ApprovalWaiter,
  ) {
    this.authorizer = new OfflineAuthorizer({
      askHub: async (request) => api.authorizeOfflinePayment(await this.token(), request),
      lastPolicyState: () => this.lastPolicyState(),
      unsyncedCardPayments: () => outboxCardPayments(storage),
    });
  }

  /** Opens a device from paired storage (see client/pairing.ts). */
  static async open(options: DeviceOptions): Promise<Device> {
    const { storage } = options;
    const deviceId = await storage.getMeta('deviceId');
    if (!deviceId) throw new NotPairedError();
    const keys = await storage.getMeta('keys');
    if (!keys) throw new Error(`device ${deviceId} has no key in its storage; it must be paired again`);
    const signer = await WebCryptoSigner.fromStored(keys);
    const clock = options.clock ?? systemClock;
    const approvals = new ApprovalWaiter(clock);
    const engine = new SyncEngine({
      ...options,
      signer,
      appVersion: options.appVersion ?? 'unknown',
      onEvent: (event) => {
        if (event.type === 'approval') approvals.deliver(event.approval);
        options.onEvent?.(event);
      },
    });
    return new Device(deviceId, storage, signer, clock, engine, new HubApi(options.transport), approvals);
  }

  /**
   * Records an event: validated against the protocol's payload schema, given the next seq, signed and stored
   * durably before this resolves. `basis` is the hub cursor the local state reflects.
   */
  async record(type: string, payload: Record<string, unknown>, options: RecordOptions = {}): Promise<EventEnvelope> {
    const v = this.validate(type, payload);
    await this.throwIfRevoked();
    const now = new Date(this.clock.now());
    const unsigned = await this.storage.enqueue({
      id: uuidv7(),
      deviceId: this.deviceId,
      type,
      v,
      occurredAt: (options.occurredAt ?? now).toISOString(),
      deviceTime: now.toISOString(),
      basis: (await this.storage.hubCursor()) ?? 0,
      payload,
    });
    const envelope = await signEnvelope(unsigned, this.signer);
    await this.storage.attachSignature(envelope.seq, envelope.sig);
    this.engine.requestSync();
    return envelope;
  }

  /** One sync cycle now: push the outbox, pull the hub. */
  sync(): Promise<SyncReport> {
    return this.engine.syncNow();
  }

  /** Syncs in the background until stop(): on new records, hub notifications, reconnects and a poll interval. */
  start(): void {
    this.engine.start();
  }

  stop(): Promise<void> {
    return this.engine.stop();
  }

  /** The hub's stock as of the last applied snapshot and pulls; undefined if the hub has never reported it. */
  stock(productId: string, locationId: string): Promise<number | undefined> {
    return this.storage.stockLevel(productId, locationId);
  }

  statusOf(eventId: string): Promise<EventSyncState | undefined> {
    return this.engine.statusOf(eventId);
  }

  counts(): Promise<Record<SyncStatus, number>> {
    return this.engine.counts();
  }

  syncStatus(): SyncEngineStatus {
    return this.engine.status();
  }

  /** The offline payment policy and exposure as of the last snapshot the hub sent; undefined before the first. */
  lastPolicyState(): Promise<PaymentPolicyState | undefined> {
    return this.storage.getMeta('policy');
  }

  /**
   * May this payment be taken while the payment processor is out of reach (DESIGN §5)? The hub decides when it can
   * be reached; otherwise the device applies the policy it last saw to its own unsynced card payments
   * (`decidedBy: 'device'`). A `pending_manager` answer from the hub carries the `approvalId` to await.
   */
  async authorizeOfflinePayment(request: OfflineAuthorizationRequest): Promise<OfflineAuthorization> {
    await this.throwIfRevoked();
    return this.authorizer.authorize(request);
  }

  /**
   * The manager's decision on an approval this device asked for, as the live stream delivers it; undefined when
   * none came within `timeoutMs`. A device whose stream was down meanwhile learns it by authorizing again with
   * the same request (the hub answers with the decision).
   */
  awaitApproval(approvalId: string, timeoutMs: number): Promise<ApprovalStreamMessage | undefined> {
    return this.approvals.wait(approvalId, timeoutMs);
  }

  /**
   * Asks the hub to print a receipt (DESIGN §7); it renders it from its own ledger, so a sale or refund must have
   * synced first (`HubError` 404 `UNKNOWN_SALE` otherwise: `sync()` and ask again with the same `clientKey`).
   * Idempotent on `clientKey`: asking again returns the same job, never a second receipt. Needs the hub: a device
   * that cannot reach it gets a `TransportError`. A sale can instead carry `printReceipt: true`, and the hub queues
   * its receipt when the sale arrives.
   */
  async createPrintJob(request: PrintJobRequest): Promise<PrintJobView> {
    await this.throwIfRevoked();
    return this.api.createPrintJob(await this.token(), request);
  }

  /** One of this device's print jobs as the hub has it now (`waitingFor` says why a queued one is held). */
  async printJob(jobId: string): Promise<PrintJobView> {
    return this.api.printJob(await this.token(), jobId);
  }

  /**
   * This device's print jobs, newest first; by `saleId` to find the receipt the hub queued for a sale recorded with
   * `printReceipt: true` (empty until the sale has synced).
   */
  async printJobs(query: { saleId?: string; limit?: number } = {}): Promise<PrintJobView[]> {
    return this.api.printJobs(await this.token(), query);
  }

  /**
   * Reads the job until it is printed, uncertain (a manager decides: it is never reprinted by itself) or dropped,
   * or until the timeout; returns it as last read, so a job still `queued` after the timeout says what it waits for.
   */
  waitForPrintJob(jobId: string, options?: PrintJobWaitOptions): Promise<PrintJobView> {
    return waitForPrintJob(() => this.printJob(jobId), this.clock, options);
  }

  /**
   * Opens a cash drawer through the hub (a drawer's id is its printer's id), with the reason and sale for the
   * drawer log. The kick is queued (202) and goes out before any receipt; one the printer cannot take within 12 s
   * is dropped, never sent late. Needs the hub: an offline till cannot open a drawer this way.
   */
  async openDrawer(drawerId: string, request: DrawerOpenRequest): Promise<DrawerKickView> {
    await this.throwIfRevoked();
    return this.api.openDrawer(await this.token(), drawerId, request);
  }

  /** After the cause of a rejection was fixed (an app update, a hub fix): push the failed events again. */
  async retryFailed(): Promise<number> {
    const count = await this.storage.retryFailed();
    this.engine.resume();
    return count;
  }

  private async throwIfRevoked(): Promise<void> {
    const revoked = await this.storage.getMeta('revoked');
    if (revoked) throw new DeviceRevokedError(revoked.reason);
  }

  private async token(): Promise<string> {
    const token = await this.storage.getMeta('token');
    if (!token) throw new NotPairedError();
    return token;
  }

  private validate(type: string, payload: Record<string, unknown>): number {
    const spec = eventTypeSpec(type);
    if (!spec) throw new InvalidEventError(`unknown event type ${type}`);
    if (!spec.deviceMay) throw new InvalidEventError(`${type} is central-only: the hub would refuse it from a device`);
    const v = Math.max(...Object.keys(spec.versions).map(Number));
    const schema = spec.versions[v]!;
    if (!Value.Check(schema, payload)) {
      const problems = [...Value.Errors(schema, payload)].map((e) => `${e.instancePath || '/'} ${e.message}`);
      throw new InvalidEventError(`invalid ${type} payload: ${problems.join('; ')}`);
    }
    return v;
  }
}
