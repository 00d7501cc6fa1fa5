import type { ApprovalStreamMessage } from '../../../shared/protocol/payment-payloads.js';
import type { PrintJobStreamMessage } from '../../../shared/protocol/printing.js';
import type { AlertChangeKind } from '../alerts/alert-engine.js';
import type { AlertSeverity, AlertStatus } from '../../../shared/protocol/admin-views.js';
import type { Logger } from '../observability/logger.js';

export type DeviceLiveState = 'online' | 'offline' | 'revoked';

/** What live listeners (device and admin streams) are told, always after the fact is committed. */
export type HubNotice =
  | { type: 'cursor'; cursor: number }
  | { type: 'device'; deviceId: string; state: DeviceLiveState }
  // A heartbeat that changed what the manager sees; only ever from a connected device, hence always online.
  | { type: 'device'; deviceId: string; state: 'online'; queued: number; clockSkewMs: number | null }
  // Enough to decide whether to refetch; the alert itself is read from `GET /v1/admin/alerts`.
  | { type: 'alert'; change: AlertChangeKind; alertId: string; severity: AlertSeverity; status: AlertStatus }
  // A printer's state, one of its jobs or its drawer log changed; the screen refetches `/v1/admin/printers…`.
  | { type: 'hardware'; printerId: string }
  // Forwarding changed: a job's state (subject = connector), a connector paused or resumed, or a probe target's
  // reachability (subject = target). The screen refetches `/v1/admin/upstream…`.
  | {
      type: 'upstream';
      change: 'job' | 'connector' | 'connectivity';
      subject: string;
      jobId: string | null;
      state: string;
    }
  // A manager's decision, for the stream of the device that asked (which gets it without `deviceId`).
  | (ApprovalStreamMessage & { deviceId: string })
  // One of a device's print jobs settled or was put back, for that device's stream (likewise without `deviceId`).
  | (PrintJobStreamMessage & { deviceId: string });

export type NoticeListener = (notice: HubNotice) => void;

/** In-process publish/subscribe for live notices. Publishers run after a commit, so a listener may never throw. */
export class Notifier {
  private readonly listeners = new Set<NoticeListener>();

  constructor(private readonly logger: Logger) {}

  /** Returns the function that unsubscribes. */
  subscribe(listener: NoticeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  publish(notice: HubNotice): void {
    for (const listener of this.listeners) {
      try {
        listener(notice);
      } catch (error) {
        // One broken subscriber (a socket torn down mid-send) must not keep the notice from the others.
        this.logger.warn({ err: error, notice }, 'a live listener failed');
      }
    }
  }
}
