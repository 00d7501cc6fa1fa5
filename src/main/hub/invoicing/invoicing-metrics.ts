import type { Database } from 'better-sqlite3';
import { Gauge, type Registry } from 'prom-client';
import { owedInvoices } from './invoice-reads.js';

/** Invoicing figures for `/metrics` (issue 9), read from the projection when scraped. */
export function registerInvoicingMetrics(registry: Registry, db: Database): void {
  new Gauge({
    name: 'backroom_invoices',
    help: 'Invoices by status and KSeF mode',
    labelNames: ['status', 'mode'],
    registers: [registry],
    collect() {
      this.reset();
      const rows = db
        .prepare<[], { status: string; mode: string; n: number }>(
          'SELECT status, mode, COUNT(*) AS n FROM invoices GROUP BY status, mode',
        )
        .all();
      for (const { status, mode, n } of rows) this.set({ status, mode }, n);
    },
  });
  new Gauge({
    name: 'backroom_invoice_nearest_deadline_seconds',
    help: 'Seconds until the nearest legal sending deadline of an invoice owed to KSeF (negative: missed; absent: none)',
    registers: [registry],
    collect() {
      this.reset();
      // A fold, not Math.min(...due): a spread of some 120k owed invoices overflows the call stack.
      const nearest = owedInvoices(db).reduce(
        (earliest, invoice) =>
          invoice.deadline.kind === 'due' ? Math.min(earliest, Date.parse(invoice.deadline.dueAt)) : earliest,
        Infinity,
      );
      if (nearest !== Infinity) this.set((nearest - Date.now()) / 1000);
    },
  });
}
