import type { EventSigner } from '../../shared/protocol/signing.js';
import { HubApi } from '../client/hub-api.js';
import { DeviceRevokedError, HubError, NotPairedError, OutboxBlockedError } from '../core/errors.js';
import type { HubStreamMessage, PushResult } from '../../shared/protocol/device-api.js';
import {
  systemClock,
  type Clock,
  type DeviceStorage,
  type HubStream,
  type HubTransport,
  type SyncStatus,
} from '../core/ports.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { Mutex } from './mutex.js';
import { DEFAULT_SNAPSHOT_AFTER, pullHub } from './pull-hub.js';
import { pushOutbox, type PushSummary } from './push-outbox.js';

export interface SyncEngineOptions {
  storage: DeviceStorage;
  transport: HubTransport;
  signer: EventSigner;
  /** reported in heartbeats */
  appVersion: string;
  clock?: Clock;
  /** [0, 1), for backoff jitter */
  random?: () => number;
  backoff?: BackoffPolicy;
  /** how often a running engine syncs unasked; the live stream and new records usually ask sooner */
  pollIntervalMs?: number;
  heartbeatIntervalMs?: number;
  batchSize?: number;
  /**
   * How many ledger records behind the hub's head (as its push replies and the live stream tell it) a sync takes the
   * hub's snapshot instead of pulling them; default 10,000, `Infinity` never. Stock and payment policy come out the
   * same either way.
   */
  snapshotAfter?: number;
  onEvent?: (event: SyncEvent) => void;
}

export interface SyncReport extends PushSummary {
  /** ledger records pulled and applied */
  pulled: number;
  /** the hub cursor the local state now reflects */
  cursor: number;
}

export type SyncEvent =
  | { type: 'synced'; report: SyncReport }
  | { type: 'sync-failed'; error: Error; retryInMs: number }
  | { type: 'stream'; connected: boolean; error?: Error }
  | { type: 'revoked'; reason?: string }
  /** a manager decided one of this device's offline payment approvals (DESIGN §5) */
  | { type: 'approval'; approval: Extract<HubStreamMessage, { type: 'approval' }> }
  /** one of this device's print jobs was printed, became uncertain, was dropped or put back (DESIGN §7) */
  | { type: 'print_job'; job: Extract<HubStreamMessage, { type: 'print_job' }> };

export interface SyncEngineStatus {
  running: boolean;
  streamConnected: boolean;
  consecutiveFailures: number;
  lastError?: Error;
}

export interface EventSyncState {
  status: SyncStatus;
  result?: PushResult;
}

const DEFAULT_POLL_INTERVAL_MS = 30_000;
const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;

/**
 * Keeps the device and its hub in step: pushes the outbox, pulls the ledger, listens on the live stream.
 *
 * `syncNow()` runs one cycle (push, then pull) and throws what stopped it. `start()` runs cycles in the
 * background: after a success it waits for the poll interval or until asked (a new record, a hub cursor beyond
 * the local one); after a failure it backs off with full jitter, and a reconnected stream resumes it at once.
 * Cycles never overlap, whoever starts them. A revoked device stops for good.
 */
export class SyncEngine {
  private readonly api: HubApi;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly mutex = new Mutex();
  private running = false;
  private failures = 0;
  private lastError: Error | undefined;
  private cycleInFlight = false;
  private cycleRequested = false;
  private cancelCycle: (() => void) | undefined;
  private stream: HubStream | undefined;
  private streamConnected = false;
  private streamFailures = 0;
  private cancelStreamRetry: (() => void) | undefined;
  private cancelHeartbeat: (() => void) | undefined;
  /** The highest hub cursor heard of since the local state last caught up with it. */
  private hubHead: number | undefined;

  constructor(private readonly options: SyncEngineOptions) {
    this.api = new HubApi(options.transport);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /** One cycle now (after any cycle already running). */
  syncNow(): Promise<SyncReport> {
    return this.mutex.run(() => this.cycle());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connectStream();
    this.scheduleCycle(0);
  }

  /** Stops the loop and the stream; resolves once a cycle in flight has finished. */
  async stop(): Promise<void> {
    this.halt();
    await this.mutex.run(async () => undefined);
  }

  /** Asks a running engine to sync soon, e.g. after a new record. While it is backing off, the backoff stands. */
  requestSync(): void {
    if (!this.running) return;
    if (this.cycleInFlight) this.cycleRequested = true;
    else if (this.failures === 0) this.scheduleCycle(0);
  }

  /** The cause of the failures is gone (the hub is back, someone retried): sync now instead of after the backoff. */
  resume(): void {
    this.failures = 0;
    this.requestSync();
  }

  status(): SyncEngineStatus {
    return {
      running: this.running,
      streamConnected: this.streamConnected,
      consecutiveFailures: this.failures,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  async statusOf(eventId: string): Promise<EventSyncState | undefined> {
    const entry = await this.options.storage.entry(eventId);
    if (!entry) return undefined;
    return entry.result ? { status: entry.status, result: entry.result } : { status: entry.status };
  }

  counts(): Promise<Record<SyncStatus, number>> {
    return this.options.storage.counts();
  }

  private async cycle(): Promise<SyncReport> {
    const { storage, signer, batchSize } = this.options;
    const token = await this.credentials();
    try {
      let blocked: OutboxBlockedError | undefined;
      let pushed: PushSummary = { pushed: 0, accepted: 0, conflicts: 0, refused: 0, replayed: 0 };
      try {
        pushed = await pushOutbox({
          api: this.api,
          storage,
          signer,
          token,
          ...(batchSize ? { batchSize } : {}),
          onHubCursor: (cursor) => this.heardOfHubCursor(cursor),
        });
      } catch (error) {
        if (!(error instanceof OutboxBlockedError)) throw error;
        // Pulling still works and keeps stock views current while someone looks at the rejected event.
        blocked = error;
      }
      const hubHead = this.hubHead;
      const pulled = await pullHub({
        api: this.api,
        storage,
        token,
        ...(hubHead === undefined ? {} : { hubHead }),
        snapshotAfter: this.options.snapshotAfter ?? DEFAULT_SNAPSHOT_AFTER,
      });
      // Caught up with it; a cursor the stream announced meanwhile stays for the next cycle's choice.
      if (this.hubHead === hubHead) this.hubHead = undefined;
      if (blocked) throw blocked;
      await storage.setMeta('lastSyncAt', new Date(this.clock.now()).toISOString());
      return { ...pushed, pulled: pulled.pulled, cursor: pulled.cursor };
    } catch (error) {
      if (error instanceof HubError && error.code === 'DEVICE_REVOKED') throw await this.markRevoked(error.message);
      throw error;
    }
  }

  private heardOfHubCursor(cursor: number): void {
    if (Number.isSafeInteger(cursor)) this.hubHead = Math.max(this.hubHead ?? cursor, cursor);
  }

  private async credentials(): Promise<string> {
    const { storage } = this.options;
    const revoked = await storage.getMeta('revoked');
    if (revoked) throw new DeviceRevokedError(revoked.reason);
    const token = await storage.getMeta('token');
    if (!token) throw new NotPairedError();
    return token;
  }

  private scheduleCycle(ms: number): void {
    this.cancelCycle?.();
    this.cancelCycle = this.clock.schedule(() => {
      this.cancelCycle = undefined;
      void this.runScheduledCycle();
    }, ms);
  }

  private async runScheduledCycle(): Promise<void> {
    this.cycleInFlight = true;
    this.cycleRequested = false;
    let next: number;
    try {
      const report = await this.syncNow();
      this.failures = 0;
      this.lastError = undefined;
      this.emit({ type: 'synced', report });
      next = this.cycleRequested ? 0 : (this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
    } catch (error) {
      if (error instanceof DeviceRevokedError || error instanceof NotPairedError) {
        this.lastError = error;
        this.halt();
        return;
      }
      this.lastError = error as Error;
      next = backoffDelay(this.failures++, this.backoff, this.random);
      this.emit({ type: 'sync-failed', error: error as Error, retryInMs: next });
    } finally {
      this.cycleInFlight = false;
    }
    if (this.running) this.scheduleCycle(next);
  }

  private async connectStream(): Promise<void> {
    if (!this.running || this.stream) return;
    let token: string;
    try {
      token = await this.credentials();
    } catch {
      return; // the cycle reports it
    }
    if (!this.running || this.stream) return; // stopped, or another start connected meanwhile
    const stream = this.options.transport.openStream(token, {
      onOpen: () => {
        this.streamConnected = true;
        this.streamFailures = 0;
        this.emit({ type: 'stream', connected: true });
        this.resume();
        this.scheduleHeartbeat(stream, 0);
      },
      onMessage: (message) => void this.onStreamMessage(message),
      onClose: (error) => void this.onStreamClosed(error),
    });
    this.stream = stream;
  }

  private async onStreamMessage(message: HubStreamMessage): Promise<void> {
    // A message already on its way when stop() closed the stream still arrives; the app may have closed the storage.
    if (!this.running) return;
    if (message.type === 'revoked') {
      await this.markRevoked(undefined);
      this.halt();
    } else if (message.type === 'cursor') {
      this.heardOfHubCursor(message.cursor);
      const local = await this.options.storage.hubCursor();
      if (local === undefined || message.cursor > local) this.requestSync();
    } else if (message.type === 'approval') {
      this.emit({ type: 'approval', approval: message });
    } else if (message.type === 'print_job') {
      this.emit({ type: 'print_job', job: message });
    }
  }

  private async onStreamClosed(error: Error | undefined): Promise<void> {
    this.stream = undefined;
    this.streamConnected = false;
    this.cancelHeartbeat?.();
    this.cancelHeartbeat = undefined;
    this.emit({ type: 'stream', connected: false, ...(error ? { error } : {}) });
    if (error instanceof HubError && error.code === 'DEVICE_REVOKED') {
      await this.markRevoked(error.message);
      this.halt();
      return;
    }
    if (!this.running) return;
    this.cancelStreamRetry = this.clock.schedule(
      () => {
        this.cancelStreamRetry = undefined;
        void this.connectStream();
      },
      backoffDelay(this.streamFailures++, this.backoff, this.random),
    );
  }

  /** Heartbeats belong to one stream: a chain still awaiting storage when its stream closes ends there. */
  private scheduleHeartbeat(stream: HubStream, ms: number): void {
    this.cancelHeartbeat = this.clock.schedule(() => {
      void this.sendHeartbeat(stream).finally(() => {
        if (this.stream === stream && this.streamConnected) {
          this.scheduleHeartbeat(stream, this.options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS);
        }
      });
    }, ms);
  }

  private async sendHeartbeat(stream: HubStream): Promise<void> {
    const { storage, appVersion } = this.options;
    const counts = await storage.counts();
    stream.send({
      type: 'heartbeat',
      // what the hub has not recorded yet: failed events are still queued from the hub's point of view
      queued: counts.pending + counts.failed,
      lastSyncAt: (await storage.getMeta('lastSyncAt')) ?? null,
      deviceTime: new Date(this.clock.now()).toISOString(),
      appVersion,
    });
  }

  private async markRevoked(reason: string | undefined): Promise<DeviceRevokedError> {
    const { storage } = this.options;
    if (!(await storage.getMeta('revoked'))) {
      await storage.setMeta('revoked', {
        at: new Date(this.clock.now()).toISOString(),
        ...(reason ? { reason } : {}),
      });
      this.emit({ type: 'revoked', ...(reason ? { reason } : {}) });
    }
    return new DeviceRevokedError(reason);
  }

  /** Stops without waiting for the cycle in flight, which may be the caller. */
  private halt(): void {
    this.running = false;
    for (const cancel of [this.cancelCycle, this.cancelStreamRetry, this.cancelHeartbeat]) cancel?.();
    this.cancelCycle = this.cancelStreamRetry = this.cancelHeartbeat = undefined;
    this.stream?.close();
  }

  private emit(event: SyncEvent): void {
    this.options.onEvent?.(event);
  }
}
