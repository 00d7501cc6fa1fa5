import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per hub instance, so several hubs in one test process never collide. */
export class HubMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'listener' | 'route' | 'method' | 'status'>;
  private readonly duration: Histogram<'listener' | 'route'>;
  readonly ledgerHead: Gauge;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'backroom_' });
    this.requests = new Counter({
      name: 'backroom_http_requests_total',
      help: 'HTTP requests answered, by listener, route, method and status',
      labelNames: ['listener', 'route', 'method', 'status'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'backroom_http_request_duration_seconds',
      help: 'Time to answer an HTTP request',
      labelNames: ['listener', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
    this.ledgerHead = new Gauge({
      name: 'backroom_ledger_head_cursor',
      help: 'Cursor of the newest ledger record',
      registers: [this.registry],
    });
  }

  observeRequest(listener: string, route: string, method: string, status: number, elapsedMs: number): void {
    this.requests.inc({ listener, route, method, status: String(status) });
    this.duration.observe({ listener, route }, elapsedMs / 1000);
  }
}
