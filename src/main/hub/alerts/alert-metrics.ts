import { Gauge, type Registry } from 'prom-client';
import { ALERT_SEVERITIES } from '../../../shared/protocol/admin-views.js';
import type { AlertStore } from './alert-store.js';

/** Read from the table at scrape time, so acknowledgements show without waiting for the next evaluation. */
export function registerActiveAlertsGauge(registry: Registry, store: AlertStore): void {
  new Gauge({
    name: 'backroom_alerts_active',
    help: 'Alerts raised and neither acknowledged nor cleared, by severity',
    labelNames: ['severity'],
    registers: [registry],
    collect() {
      const counts = store.activeCountsBySeverity();
      for (const severity of ALERT_SEVERITIES) this.set({ severity }, counts[severity]);
    },
  });
}
