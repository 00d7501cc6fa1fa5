import type { WaitReason } from '../../../../shared/protocol/printing.js';
import type { AlertRule } from '../alert-rule.js';

interface Row {
  id: string;
  name: string;
  waiting_for: WaitReason;
  waiting_since: string;
  queued: number;
}

const WHY: Record<WaitReason, string> = {
  unreachable: 'cannot be reached (cable, power or network?)',
  offline: 'is offline',
  cover_open: 'has its cover open',
  paper_out: 'is out of paper',
  error: 'reports an error',
};

/** Receipts held this long by a printer that cannot print make it critical: customers are leaving without them. */
export const PRINTER_HELD_CRITICAL_MS = 10 * 60_000;

/** A printer that cannot print: a warning at once (before a sale needs it), critical while receipts pile up. */
export const printerTrouble: AlertRule = (db, now) =>
  db
    .prepare<[], Row>(
      `SELECT p.id, json_extract(p.settings, '$.name') AS name, p.waiting_for, p.waiting_since,
         (SELECT COUNT(*) FROM print_jobs j WHERE j.printer_id = p.id AND j.state = 'queued') AS queued
       FROM printers p WHERE p.waiting_for IS NOT NULL AND json_extract(p.settings, '$.enabled')`,
    )
    .all()
    .map((printer) => {
      const heldMs = now.getTime() - Date.parse(printer.waiting_since);
      const waiting = printer.queued === 1 ? '1 receipt waiting' : `${printer.queued} receipts waiting`;
      return {
        key: `printer-trouble:${printer.id}`,
        severity: printer.queued > 0 && heldMs > PRINTER_HELD_CRITICAL_MS ? 'critical' : 'warning',
        subject: `printer:${printer.id}`,
        message: `${printer.name} ${WHY[printer.waiting_for]}${printer.queued > 0 ? `; ${waiting}` : ''}`,
        data: {
          printerId: printer.id,
          waitingFor: printer.waiting_for,
          since: printer.waiting_since,
          queued: printer.queued,
        },
      };
    });
