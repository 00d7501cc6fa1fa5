import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertEngine, AlertError } from '../../src/main/hub/alerts/alert-engine.js';
import { HOUR_MS } from '../../src/main/hub/alerts/alert-rule.js';
import { deviceOffline } from '../../src/main/hub/alerts/rules/device-offline.js';
import { AuditTrail } from '../../src/main/hub/audit/audit-trail.js';
import { createLogger } from '../../src/main/hub/observability/logger.js';
import {
  alertAudit,
  alertSettings,
  engineUnderTest,
  insertConflict,
  insertDevice,
  openLedger,
  plus,
  setConflictStatus,
  T0,
  updateDevice,
} from './helpers.js';

function alertError(run: () => unknown): AlertError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AlertError);
    return error as AlertError;
  }
  throw new Error('expected an AlertError, but nothing was thrown');
}

describe('AlertEngine reconciliation', () => {
  it('raises a new condition once, with raised_at from the clock, and audits it as the system', () => {
    const { db, engine, audit, clock, changes } = engineUnderTest();
    insertDevice(db, { id: 'd1', lastSeenAt: T0, queued: 150 });
    clock.advance(HOUR_MS);

    const [raised, ...rest] = engine.evaluate();
    expect(rest).toEqual([]);
    expect(raised!.kind).toBe('raised');
    expect(raised!.alert).toMatchObject({
      key: 'device-queue:d1',
      severity: 'warning',
      status: 'active',
      subject: 'device:d1',
      data: { deviceId: 'd1', queued: 150 },
      raisedAt: plus(T0, HOUR_MS).toISOString(),
      acknowledgedAt: null,
      clearedAt: null,
    });
    // Still true a minute later: the same alert, nothing to announce or audit.
    clock.advance(60_000);
    expect(engine.evaluate()).toEqual([]);
    expect(engine.list('all', 10)).toEqual([raised!.alert]);
    expect(changes).toEqual([raised]);
    expect(alertAudit(audit)).toEqual([
      {
        actor: 'system',
        action: 'alert.raised',
        detail: { alertId: raised!.alert.id, key: 'device-queue:d1', severity: 'warning' },
      },
    ]);
  });

  it('a severity change updates the same alert and is audited; a changed figure alone is updated quietly', () => {
    const { db, engine, audit, clock } = engineUnderTest();
    insertDevice(db, { id: 'd1', lastSeenAt: T0, queued: 150 });
    const raised = engine.evaluate()[0]!.alert;

    updateDevice(db, 'd1', { queued: 200 });
    clock.advance(60_000);
    const [quiet] = engine.evaluate();
    expect(quiet).toMatchObject({
      kind: 'updated',
      alert: { id: raised.id, severity: 'warning', data: { queued: 200 } },
    });

    updateDevice(db, 'd1', { queued: 800 });
    clock.advance(60_000);
    const [escalated] = engine.evaluate();
    expect(escalated).toMatchObject({
      kind: 'updated',
      alert: { id: raised.id, severity: 'critical', status: 'active', updatedAt: plus(T0, 120_000).toISOString() },
    });
    expect(alertAudit(audit).map((entry) => [entry.action, entry.detail])).toEqual([
      ['alert.raised', { alertId: raised.id, key: 'device-queue:d1', severity: 'warning' }],
      ['alert.severity_changed', { alertId: raised.id, key: 'device-queue:d1', severity: 'critical', from: 'warning' }],
    ]);
  });

  it('clears an alert automatically when its condition goes away', () => {
    const { ledger, engine, audit, clock, changes } = engineUnderTest();
    insertConflict(ledger, { id: 'c1', openedAt: T0 });
    clock.set(plus(T0, 25 * HOUR_MS));
    engine.evaluate();

    setConflictStatus(ledger.db, 'c1', 'resolved');
    clock.advance(HOUR_MS);
    const [cleared] = engine.evaluate();
    expect(cleared).toMatchObject({
      kind: 'cleared',
      alert: { key: 'conflict-age:c1', status: 'cleared', clearedAt: plus(T0, 26 * HOUR_MS).toISOString() },
    });
    expect(engine.list('active', 10)).toEqual([]);
    expect(engine.list('cleared', 10)).toEqual([cleared!.alert]);
    expect(changes.map((change) => change.kind)).toEqual(['raised', 'cleared']);
    expect(alertAudit(audit).map((entry) => [entry.actor, entry.action])).toEqual([
      ['system', 'alert.raised'],
      ['system', 'alert.cleared'],
    ]);
  });

  it('a condition that returns after clearing is a new alert, not the old one reopened', () => {
    const { db, engine } = engineUnderTest();
    insertDevice(db, { id: 'd1', lastSeenAt: T0, consecutiveFailures: 11 });
    const first = engine.evaluate()[0]!.alert;
    engine.acknowledge(first.id, 'Mia');
    updateDevice(db, 'd1', { consecutiveFailures: 0 });
    engine.evaluate();
    updateDevice(db, 'd1', { consecutiveFailures: 12 });

    const [again] = engine.evaluate();
    expect(again!.kind).toBe('raised');
    expect(again!.alert.id).not.toBe(first.id);
    expect(again!.alert).toMatchObject({ key: 'sync-failures:d1', status: 'active', acknowledgedAt: null });
    expect(engine.get(first.id)).toMatchObject({ status: 'cleared', acknowledgedBy: 'Mia' });
  });

  it('evaluates every rule before writing: a rule that throws changes nothing, so no alert is falsely cleared', () => {
    const ledger = openLedger();
    insertDevice(ledger.db, { id: 'd1', lastSeenAt: T0 });
    const healthy = engineUnderTest({ ledger });
    healthy.clock.set(plus(T0, 30 * HOUR_MS));
    healthy.engine.evaluate();

    const broken = engineUnderTest({
      ledger,
      rules: [
        deviceOffline,
        () => {
          throw new Error('rule bug');
        },
      ],
    });
    updateDevice(ledger.db, 'd1', { lastSeenAt: plus(T0, 30 * HOUR_MS) });
    broken.clock.set(plus(T0, 30 * HOUR_MS));
    expect(() => broken.engine.evaluate()).toThrow('rule bug');
    expect(broken.engine.list('active', 10)).toHaveLength(1);
    expect(broken.changes).toEqual([]);
  });
});

describe('acknowledging', () => {
  it('marks the alert acknowledged by the user, audits it, and it stays so through later evaluations', () => {
    const { db, engine, audit, clock, changes } = engineUnderTest();
    insertDevice(db, { id: 'd1', lastSeenAt: T0 });
    clock.set(plus(T0, 25 * HOUR_MS));
    const raised = engine.evaluate()[0]!.alert;

    clock.advance(60_000);
    const acknowledged = engine.acknowledge(raised.id, 'Mia');
    expect(acknowledged).toMatchObject({
      id: raised.id,
      status: 'acknowledged',
      acknowledgedBy: 'Mia',
      acknowledgedAt: plus(T0, 25 * HOUR_MS + 60_000).toISOString(),
    });
    expect(changes.at(-1)).toEqual({ kind: 'acknowledged', alert: acknowledged });

    // Worse now (critical), but still the acknowledged alert until the condition clears.
    clock.set(plus(T0, 73 * HOUR_MS));
    engine.evaluate();
    expect(engine.get(raised.id)).toMatchObject({
      severity: 'critical',
      status: 'acknowledged',
      acknowledgedBy: 'Mia',
    });
    expect(engine.list('active', 10)).toEqual([]);
    expect(engine.list('acknowledged', 10).map((alert) => alert.id)).toEqual([raised.id]);

    // A second acknowledgement changes nothing: the first one (who, when) stands.
    expect(engine.acknowledge(raised.id, 'Olga')).toMatchObject({ acknowledgedBy: 'Mia' });
    expect(alertAudit(audit).map((entry) => [entry.actor, entry.action])).toEqual([
      ['system', 'alert.raised'],
      ['Mia', 'alert.acknowledged'],
      ['system', 'alert.severity_changed'],
    ]);
  });

  it('refuses unknown and cleared alerts', () => {
    const { db, engine, clock } = engineUnderTest();
    expect(alertError(() => engine.acknowledge('no-such-alert', 'Mia')).code).toBe('ALERT_NOT_FOUND');

    insertDevice(db, { id: 'd1', lastSeenAt: T0, queued: 101 });
    const raised = engine.evaluate()[0]!.alert;
    updateDevice(db, 'd1', { queued: 0 });
    clock.advance(60_000);
    engine.evaluate();
    expect(alertError(() => engine.acknowledge(raised.id, 'Mia')).code).toBe('ALERT_CLEARED');
  });
});

describe('change listeners', () => {
  it('a listener that throws does not keep the change from the others', () => {
    const { db, engine, changes } = engineUnderTest();
    engine.on('change', () => {
      throw new Error('socket gone');
    });
    const late: string[] = [];
    engine.on('change', (change) => late.push(change.kind));
    insertDevice(db, { id: 'd1', lastSeenAt: T0, queued: 600 });

    expect(engine.evaluate()).toHaveLength(1);
    expect(changes.map((change) => change.kind)).toEqual(['raised']);
    expect(late).toEqual(['raised']);
  });
});

describe('timer and metrics', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('start() evaluates at once and then every intervalSeconds; stop() ends it', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { db, engine, changes } = engineUnderTest({ settings: { intervalSeconds: 30 } });
    insertDevice(db, { id: 'd1', lastSeenAt: T0, queued: 600 });

    engine.start();
    expect(changes.map((change) => change.kind)).toEqual(['raised']);
    updateDevice(db, 'd1', { queued: 0 });
    vi.advanceTimersByTime(29_999);
    expect(changes).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(changes.map((change) => change.kind)).toEqual(['raised', 'cleared']);

    engine.stop();
    updateDevice(db, 'd1', { queued: 600 });
    vi.advanceTimersByTime(300_000);
    expect(changes).toHaveLength(2);
  });

  it('backroom_alerts_active counts alerts neither acknowledged nor cleared, per severity', async () => {
    const ledger = openLedger();
    const registry = new Registry();
    const engine = new AlertEngine({
      db: ledger.db,
      audit: new AuditTrail(ledger.db),
      settings: alertSettings(),
      logger: createLogger('silent'),
      registry,
      now: () => T0,
    });
    insertDevice(ledger.db, { id: 'd1', lastSeenAt: T0, queued: 150 });
    insertDevice(ledger.db, { id: 'd2', lastSeenAt: T0, queued: 900, consecutiveFailures: 20 });
    engine.evaluate();
    const gauge = async () => {
      const text = await registry.metrics();
      return text.split('\n').filter((line) => line.startsWith('backroom_alerts_active{'));
    };
    expect(await gauge()).toEqual([
      'backroom_alerts_active{severity="warning"} 1',
      'backroom_alerts_active{severity="critical"} 2',
    ]);

    engine.acknowledge(engine.list('active', 10).find((alert) => alert.severity === 'warning')!.id, 'Mia');
    expect(await gauge()).toEqual([
      'backroom_alerts_active{severity="warning"} 0',
      'backroom_alerts_active{severity="critical"} 2',
    ]);
  });
});
