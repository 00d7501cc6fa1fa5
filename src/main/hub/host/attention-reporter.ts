import type { Statement } from 'better-sqlite3';
import { UNRESOLVED_STATUSES } from '../../../shared/protocol/conflicts.js';
import type { HubContext } from '../hub-context.js';
import { listApprovals } from '../payments/approval-views.js';
import type { AttentionSummary } from './host-messages.js';

/** The newest this many of each list go to the shell; it notifies about new ones, and more at once are summed up. */
const NEWEST = 10;
/** Notices come in bursts (a push of 500 events is 500 cursors); the summary is read once after each burst. */
const SETTLE_MS = 300;

/**
 * Tells the desktop shell what waits for a person (issue 12): pending approvals, critical and other active alerts,
 * open conflicts. Read from the hub's projections after the notices that can change them (a new cursor: an
 * approval asked for or closed, a conflict raised or settled; an alert raised, acknowledged or cleared), and posted
 * only when it changed. Plain Node: the shell's tray and notifications are the Electron side of it.
 */
export class AttentionReporter {
  private readonly conflicts: Statement<[], { n: number }>;
  private last = '';
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly hub: HubContext,
    private readonly post: (attention: AttentionSummary) => void,
  ) {
    this.conflicts = hub.ledger.db.prepare(
      `SELECT COUNT(*) AS n FROM conflicts WHERE status IN (${UNRESOLVED_STATUSES.map((s) => `'${s}'`).join(', ')})`,
    );
  }

  start(): void {
    this.unsubscribe = this.hub.notifier.subscribe((notice) => {
      if (notice.type !== 'cursor' && notice.type !== 'alert') return;
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.report();
      }, SETTLE_MS);
    });
    this.report();
  }

  stop(): void {
    this.unsubscribe?.();
    clearTimeout(this.timer);
    this.unsubscribe = this.timer = undefined;
  }

  summary(): AttentionSummary {
    const { db } = this.hub.ledger;
    const pending = listApprovals(db, 1000, 'pending');
    const active = this.hub.alerts.list('active', 1000);
    const critical = active.filter((alert) => alert.severity === 'critical');
    return {
      approvals: {
        count: pending.length,
        newest: pending.slice(0, NEWEST).map(({ approvalId, amount, deviceId }) => ({
          approvalId,
          amount,
          deviceName: this.hub.devices.get(deviceId)?.name ?? deviceId,
        })),
      },
      criticalAlerts: {
        count: critical.length,
        newest: critical.slice(0, NEWEST).map(({ id, message }) => ({ alertId: id, message })),
      },
      activeAlerts: active.length,
      openConflicts: this.conflicts.get()!.n,
    };
  }

  private report(): void {
    const summary = this.summary();
    const text = JSON.stringify(summary);
    if (text === this.last) return;
    this.last = text;
    this.post(summary);
  }
}
