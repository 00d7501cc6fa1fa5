import { EventEmitter } from 'node:events';
import type { Database } from 'better-sqlite3';
import type { Registry } from 'prom-client';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { Logger } from '../observability/logger.js';
import { registerActiveAlertsGauge } from './alert-metrics.js';
import type { AlertCondition, AlertRule, AlertSettings, AlertThresholds } from './alert-rule.js';
import { AlertStore, type Alert, type AlertFilter } from './alert-store.js';
import { alertRules } from './rules/index.js';

export type AlertChangeKind = 'raised' | 'updated' | 'cleared' | 'acknowledged';

/** One committed change to one alert, for live listeners (the admin stream). */
export interface AlertChange {
  kind: AlertChangeKind;
  alert: Alert;
}

export type AlertErrorCode = 'ALERT_NOT_FOUND' | 'ALERT_CLEARED';

export class AlertError extends Error {
  constructor(
    readonly code: AlertErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AlertError';
  }
}

export interface AlertEngineOptions {
  db: Database;
  audit: AuditTrail;
  settings: AlertSettings;
  logger: Logger;
  /** Where `backroom_alerts_active` is registered; none in tests that do not scrape. */
  registry?: Registry;
  rules?: readonly AlertRule[];
  now?: () => Date;
}

/** Raises, changes and clears are the hub's own doing; acknowledgements name the user. */
const SYSTEM_ACTOR = 'system';

/**
 * Evaluates the alert rules on a timer and reconciles what they find with the alerts table: a new condition raises
 * an alert, a changed one updates it, a vanished one clears it. Every raise, severity change, clear and
 * acknowledgement is audited in the same transaction, and announced as a `change` after the commit.
 */
export class AlertEngine extends EventEmitter<{ change: [AlertChange] }> {
  private readonly store: AlertStore;
  private readonly rules: readonly AlertRule[];
  private readonly now: () => Date;
  private settings: AlertSettings;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AlertEngineOptions) {
    super();
    this.store = new AlertStore(options.db);
    this.rules = options.rules ?? alertRules;
    this.now = options.now ?? (() => new Date());
    this.settings = options.settings;
    if (options.registry) registerActiveAlertsGauge(options.registry, this.store);
  }

  /** Evaluates at once, so a restarted hub shows its alerts without waiting a full interval, then on the timer. */
  start(): void {
    this.evaluateLogged();
    this.timer = setInterval(() => this.evaluateLogged(), this.options.settings.intervalSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * All rules are evaluated before anything is written: if one throws, nothing changes, rather than its alerts
   * being cleared as if their conditions had gone away.
   */
  evaluate(): AlertChange[] {
    const { db } = this.options;
    const settings = this.settings;
    const changes = db
      .transaction(() => {
        const now = this.now();
        const found = new Map(this.rules.flatMap((rule) => rule(db, now, settings)).map((c) => [c.key, c]));
        const changed: AlertChange[] = [];
        for (const alert of this.store.uncleared()) {
          const condition = found.get(alert.key);
          found.delete(alert.key);
          if (!condition) changed.push(this.clear(alert, now));
          else if (differs(alert, condition)) changed.push(this.update(alert, condition, now));
        }
        for (const condition of found.values()) changed.push(this.raise(condition, now));
        return changed;
      })
      .immediate();
    this.announce(changes);
    return changes;
  }

  /** The thresholds in force now. */
  thresholds(): AlertThresholds {
    const { intervalSeconds: _interval, ...thresholds } = this.settings;
    return thresholds;
  }

  /**
   * New thresholds (a manager saved them) apply at once: the rules are evaluated again now, so an alert that the
   * new values raise or clear does so without waiting for the timer. The interval stays as it was.
   */
  setThresholds(thresholds: AlertThresholds): void {
    this.settings = { ...thresholds, intervalSeconds: this.settings.intervalSeconds };
    this.evaluateLogged();
  }

  list(filter: AlertFilter, limit: number): Alert[] {
    return this.store.list(filter, limit);
  }

  get(id: string): Alert | undefined {
    return this.store.get(id);
  }

  /** Acknowledging twice is harmless: the first acknowledgement (who, when) stands. */
  acknowledge(id: string, actor: string): Alert {
    const { alert, change } = this.options.db
      .transaction(() => {
        const current = this.store.get(id);
        if (!current) throw new AlertError('ALERT_NOT_FOUND', `no alert ${id}`);
        if (current.status === 'cleared')
          throw new AlertError('ALERT_CLEARED', `alert ${id} cleared on ${current.clearedAt}; nothing to acknowledge`);
        if (current.status === 'acknowledged') return { alert: current, change: undefined };
        const acknowledged = this.store.acknowledge(id, actor, this.now());
        this.audited(actor, 'alert.acknowledged', acknowledged);
        return { alert: acknowledged, change: { kind: 'acknowledged', alert: acknowledged } satisfies AlertChange };
      })
      .immediate();
    if (change) this.announce([change]);
    return alert;
  }

  private raise(condition: AlertCondition, now: Date): AlertChange {
    const alert = this.store.raise(condition, now);
    this.audited(SYSTEM_ACTOR, 'alert.raised', alert);
    return { kind: 'raised', alert };
  }

  /** Message and data follow the condition quietly (a queue length moves every minute); severity is audited. */
  private update(previous: Alert, condition: AlertCondition, now: Date): AlertChange {
    const alert = this.store.update(previous.id, condition, now);
    if (alert.severity !== previous.severity)
      this.audited(SYSTEM_ACTOR, 'alert.severity_changed', alert, { from: previous.severity });
    return { kind: 'updated', alert };
  }

  private clear(previous: Alert, now: Date): AlertChange {
    const alert = this.store.clear(previous.id, now);
    this.audited(SYSTEM_ACTOR, 'alert.cleared', alert);
    return { kind: 'cleared', alert };
  }

  private audited(actor: string, action: string, alert: Alert, extra: object = {}): void {
    this.options.audit.record({
      actor,
      action,
      detail: { alertId: alert.id, key: alert.key, severity: alert.severity, ...extra },
    });
  }

  /** Listeners hear only committed changes, and a failing one must not keep the change from the others. */
  private announce(changes: AlertChange[]): void {
    for (const change of changes) {
      // rawListeners, so a once() listener still removes itself.
      for (const listener of this.rawListeners('change') as Array<(change: AlertChange) => void>) {
        try {
          listener(change);
        } catch (error) {
          this.options.logger.warn({ err: error, alertId: change.alert.id }, 'an alert listener failed');
        }
      }
    }
  }

  /** The timer has no caller to throw to: a failed evaluation is logged and the next tick tries again. */
  private evaluateLogged(): void {
    try {
      this.evaluate();
    } catch (error) {
      this.options.logger.error({ err: error }, 'alert evaluation failed');
    }
  }
}

function differs(alert: Alert, condition: AlertCondition): boolean {
  return (
    alert.severity !== condition.severity ||
    alert.subject !== condition.subject ||
    alert.message !== condition.message ||
    JSON.stringify(alert.data) !== JSON.stringify(condition.data)
  );
}
