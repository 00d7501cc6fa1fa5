import type { DrawerKickView, DrawerOpenRequest, Requester } from '../../../shared/protocol/printing.js';
import { PrintError } from './print-errors.js';
import { announce, stamp, type PrintingContext } from './printing-context.js';
import type { PrintingMetrics } from './printing-metrics.js';
import type { KickListFilter } from './store/drawer-kick-store.js';

/**
 * Cash drawers (DESIGN §7): a request to open one is queued for its printer's worker and audited at once; its
 * sending or dropping (stale after 12 s, printer disabled or removed) is audited when it happens. Until then (for a
 * bounded while) bulk sync waits, so the cashier is not kept waiting behind a till's catch-up (issue 11).
 */
export class DrawerDesk {
  private readonly holds = new Map<string, () => void>();

  constructor(
    private readonly context: PrintingContext,
    private readonly metrics: PrintingMetrics,
  ) {}

  open(drawerId: string, request: DrawerOpenRequest, requester: Requester): DrawerKickView {
    const { printers, kicks, ledger, audit } = this.context;
    const printer = printers.find(drawerId);
    if (!printer) throw new PrintError('UNKNOWN_DRAWER', `no drawer ${drawerId}`);
    if (!printer.drawer) throw new PrintError('DRAWER_NOT_WIRED', `printer ${drawerId} has no drawer wired to it`);
    if (!printer.enabled) throw new PrintError('PRINTER_DISABLED', `printer ${drawerId} is disabled`);
    const kick = ledger.transaction(() => {
      const kick = kicks.insert({ drawerId, requester, ...request }, stamp());
      audit.record({
        actor: `${requester.type}:${requester.id}`,
        action: 'drawer.open_requested',
        detail: { kickId: kick.id, drawerId, reason: kick.reason, saleId: kick.saleId, cashierId: kick.cashierId },
      });
      return kick;
    });
    const worker = this.context.worker(drawerId);
    if (worker) {
      this.holds.set(kick.id, this.context.foreground.hold());
      worker.wake();
    }
    announce(this.context, drawerId);
    return kick;
  }

  list(filter: KickListFilter): DrawerKickView[] {
    return this.context.kicks.list(filter);
  }

  /** Every kick leaves the queue audited, sent or dropped, with who asked, why and the sale. */
  settled(kick: DrawerKickView, outcome: 'sent' | 'dropped', note: string | null): void {
    this.holds.get(kick.id)?.();
    this.holds.delete(kick.id);
    this.metrics.kickSettled(kick.drawerId, outcome, kick.requestedAt, new Date());
    this.context.audit.record({
      actor: 'system',
      action: outcome === 'sent' ? 'drawer.opened' : 'drawer.kick_dropped',
      detail: {
        kickId: kick.id,
        drawerId: kick.drawerId,
        reason: kick.reason,
        saleId: kick.saleId,
        cashierId: kick.cashierId,
        requestedBy: kick.requestedBy,
        requestedAt: kick.requestedAt,
        ...(note ? { note } : {}),
      },
    });
    announce(this.context, kick.drawerId);
  }

  /** A printer that stops (disabled, removed) has no worker left to send or expire its kicks: they drop now. */
  dropQueued(drawerId: string, note: string): void {
    for (const kick of this.context.kicks.queued(drawerId)) {
      if (this.context.kicks.settle(kick.id, 'dropped', stamp(), note)) this.settled(kick, 'dropped', note);
    }
  }
}
