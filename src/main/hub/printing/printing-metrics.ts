import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { PRINTER_STATES, WAIT_REASONS, type PrinterView } from '../../../shared/protocol/printing.js';

/** Printer and drawer figures for `/metrics` (DESIGN §11), read from the stores when scraped. */
export class PrintingMetrics {
  private readonly kicks: Counter<'drawer' | 'result'>;
  private readonly kickLatency: Histogram;
  private readonly jobsSettled: Counter<'printer' | 'state'>;

  constructor(registry: Registry, views: () => PrinterView[]) {
    new Gauge({
      name: 'backroom_printer_state',
      help: 'One per printer: 1 for its current state (idle, printing, waiting, unknown, disabled), 0 for the others',
      labelNames: ['printer', 'state'],
      registers: [registry],
      collect() {
        this.reset();
        for (const view of views()) {
          for (const state of PRINTER_STATES) this.set({ printer: view.id, state }, view.state === state ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'backroom_printer_waiting',
      help: 'One per printer: 1 for the reason its queue is held (paper_out, cover_open, offline, unreachable, error)',
      labelNames: ['printer', 'reason'],
      registers: [registry],
      collect() {
        this.reset();
        for (const view of views()) {
          for (const reason of WAIT_REASONS) this.set({ printer: view.id, reason }, view.waitingFor === reason ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'backroom_print_queue_jobs',
      help: 'Print jobs owed per printer: queued (incl. printing) and uncertain (waiting for a manager)',
      labelNames: ['printer', 'state'],
      registers: [registry],
      collect() {
        this.reset();
        for (const view of views()) {
          this.set({ printer: view.id, state: 'queued' }, view.queued);
          this.set({ printer: view.id, state: 'uncertain' }, view.uncertain);
        }
      },
    });
    this.jobsSettled = new Counter({
      name: 'backroom_print_jobs_total',
      help: 'Print jobs that left the printer worker, by result (printed, uncertain)',
      labelNames: ['printer', 'state'],
      registers: [registry],
    });
    this.kicks = new Counter({
      name: 'backroom_drawer_kicks_total',
      help: 'Drawer openings asked for, by result (sent, dropped)',
      labelNames: ['drawer', 'result'],
      registers: [registry],
    });
    this.kickLatency = new Histogram({
      name: 'backroom_drawer_kick_seconds',
      help: 'From the request to open a drawer to its pulse written to the printer',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 12],
      registers: [registry],
    });
  }

  kickSettled(drawer: string, result: 'sent' | 'dropped', requestedAt: string, settledAt: Date): void {
    this.kicks.inc({ drawer, result });
    if (result === 'sent') this.kickLatency.observe((settledAt.getTime() - Date.parse(requestedAt)) / 1000);
  }

  jobSettled(printer: string, state: 'printed' | 'uncertain'): void {
    this.jobsSettled.inc({ printer, state });
  }
}
