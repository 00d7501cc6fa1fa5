import { Counter, Gauge, type Registry } from 'prom-client';
import { REACHABILITY_STATES } from '../../../shared/protocol/upstream-views.js';
import type { UpstreamForwarding } from './upstream-forwarding.js';

/** Forwarding figures for `/metrics` (DESIGN §11): queues read from the outbox when scraped, outcomes counted live. */
export class UpstreamMetrics {
  constructor(registry: Registry, forwarding: UpstreamForwarding) {
    const stats = () => forwarding.outbox.stats();
    new Gauge({
      name: 'backroom_upstream_queue_depth',
      help: 'Jobs owed to each connector (queued + in flight)',
      labelNames: ['connector'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of stats()) this.set({ connector: s.connector }, s.depth);
      },
    });
    new Gauge({
      name: 'backroom_upstream_oldest_queued_age_seconds',
      help: "Age of each connector's oldest queued job (0 when none)",
      labelNames: ['connector'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of stats()) this.set({ connector: s.connector }, (s.oldestQueuedAgeMs ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'backroom_upstream_connectivity',
      help: 'One per probe target: 1 for its current state (unknown, online, degraded, offline), 0 for the others',
      labelNames: ['target', 'state'],
      registers: [registry],
      collect() {
        this.reset();
        for (const status of forwarding.statuses()) {
          for (const state of REACHABILITY_STATES)
            this.set({ target: status.target, state }, status.state === state ? 1 : 0);
        }
      },
    });
    const attempts = new Counter({
      name: 'backroom_upstream_attempts_total',
      help: 'Attempts finished per connector by outcome: done, retry (failed, will try again), dead (needs a person)',
      labelNames: ['connector', 'outcome'],
      registers: [registry],
    });
    for (const pool of forwarding.pools()) {
      pool.on('done', (job) => attempts.inc({ connector: job.connector, outcome: 'done' }));
      pool.on('retry', (job) => attempts.inc({ connector: job.connector, outcome: 'retry' }));
      pool.on('dead', (job) => attempts.inc({ connector: job.connector, outcome: 'dead' }));
    }
  }
}
