import type { AuditTrail } from '../audit/audit-trail.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Notifier } from '../notifications/notifier.js';
import type { Logger } from '../observability/logger.js';
import type { ForegroundHolds } from '../scheduling/foreground-holds.js';
import type { PrinterWorker } from './printer-worker.js';
import type { DrawerKickStore } from './store/drawer-kick-store.js';
import type { PrintJobStore } from './store/print-job-store.js';
import type { PrinterStore } from './store/printer-store.js';

/** An admin user acting from the back office. */
export interface ActingUser {
  id: string;
  name: string;
}

/** What the print queue, the drawer desk and the printer admin share: the stores, the workers, the hub's services. */
export interface PrintingContext {
  ledger: Ledger;
  audit: AuditTrail;
  notifier: Notifier;
  logger: Logger;
  /** A drawer kick holds bulk sync back until it is sent or dropped (a bounded while). */
  foreground: ForegroundHolds;
  printers: PrinterStore;
  jobs: PrintJobStore;
  kicks: DrawerKickStore;
  /** The running worker of a printer, if it has one (a disabled or removed printer has none). */
  worker(printerId: string): PrinterWorker | undefined;
}

/** Tells the back-office screens that a printer, one of its jobs or its drawer log changed. */
export function announce(context: PrintingContext, printerId: string): void {
  context.notifier.publish({ type: 'hardware', printerId });
}

export function stamp(): string {
  return new Date().toISOString();
}
