import { describe, expect, it } from 'vitest';
import { HOUR_MS, type AlertRule } from '../../src/main/hub/alerts/alert-rule.js';
import { conflictAge } from '../../src/main/hub/alerts/rules/conflict-age.js';
import { deviceOffline } from '../../src/main/hub/alerts/rules/device-offline.js';
import { deviceQueue } from '../../src/main/hub/alerts/rules/device-queue.js';
import { offlineExposure } from '../../src/main/hub/alerts/rules/offline-exposure.js';
import { syncFailures } from '../../src/main/hub/alerts/rules/sync-failures.js';
import { updatePolicy } from '../../src/main/hub/payments/payment-policy.js';
import { defaultOfflineCardPolicy } from '../../src/shared/payments/offline-card-policy.js';
import { expectStatus, openPaymentStore, Till } from '../payments/helpers.js';
import { alertSettings, insertConflict, insertDevice, openLedger, plus, T0 } from './helpers.js';

const thresholds = alertSettings();

/** The severity each rule reports for the one condition the test set up, or 'none'. */
function severityOf(rule: AlertRule, db: Parameters<AlertRule>[0], now: Date): string {
  const found = rule(db, now, thresholds);
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.severity ?? 'none';
}

describe('device-offline', () => {
  it.each([
    [24 * HOUR_MS, 'none'],
    [24 * HOUR_MS + 1, 'warning'],
    [72 * HOUR_MS, 'warning'],
    [72 * HOUR_MS + 1, 'critical'],
  ])('last seen %d ms ago → %s (DESIGN §11: >24 h warn, >72 h critical)', (ago, expected) => {
    const { db } = openLedger();
    insertDevice(db, { id: 'd1', pairedAt: plus(T0, -100 * HOUR_MS), lastSeenAt: T0 });
    expect(severityOf(deviceOffline, db, plus(T0, ago))).toBe(expected);
  });

  it('a device that never made contact counts from its pairing; a revoked one never alerts', () => {
    const { db } = openLedger();
    insertDevice(db, { id: 'never', name: 'Till 3', pairedAt: T0, lastSeenAt: null });
    insertDevice(db, { id: 'gone', pairedAt: T0, lastSeenAt: null, revokedAt: plus(T0, HOUR_MS) });
    const [condition, ...rest] = deviceOffline(db, plus(T0, 25 * HOUR_MS), thresholds);
    expect(rest).toEqual([]);
    expect(condition).toEqual({
      key: 'device-offline:never',
      severity: 'warning',
      subject: 'device:never',
      message: `Till 3 has been out of touch for more than 24 h (last contact ${T0.toISOString()})`,
      data: { deviceId: 'never', lastSeenAt: null, lastContactAt: T0.toISOString() },
    });
  });
});

describe('device-queue', () => {
  it.each([
    [null, 'none'],
    [100, 'none'],
    [101, 'warning'],
    [500, 'warning'],
    [501, 'critical'],
  ])('%s events queued → %s (DESIGN §11: >100 warn, >500 critical)', (queued, expected) => {
    const { db } = openLedger();
    insertDevice(db, { id: 'd1', lastSeenAt: T0, queued });
    expect(severityOf(deviceQueue, db, T0)).toBe(expected);
  });

  it('a revoked device never alerts', () => {
    const { db } = openLedger();
    insertDevice(db, { id: 'd1', queued: 900, revokedAt: T0 });
    expect(deviceQueue(db, T0, thresholds)).toEqual([]);
  });
});

describe('sync-failures', () => {
  it.each([
    [0, 'none'],
    [10, 'none'],
    [11, 'critical'],
  ])('%d rejected pushes in a row → %s (DESIGN §11: >10 critical)', (failures, expected) => {
    const { db } = openLedger();
    insertDevice(db, { id: 'd1', lastSeenAt: T0, consecutiveFailures: failures });
    expect(severityOf(syncFailures, db, T0)).toBe(expected);
  });

  it('a revoked device never alerts', () => {
    const { db } = openLedger();
    insertDevice(db, { id: 'd1', consecutiveFailures: 50, revokedAt: T0 });
    expect(syncFailures(db, T0, thresholds)).toEqual([]);
  });
});

describe('conflict-age', () => {
  it.each([
    [24 * HOUR_MS, 'none'],
    [24 * HOUR_MS + 1, 'warning'],
    [7 * 24 * HOUR_MS, 'warning'],
    [7 * 24 * HOUR_MS + 1, 'critical'],
  ])('open for %d ms → %s (DESIGN §11: >24 h warn, >7 d critical)', (age, expected) => {
    const ledger = openLedger();
    insertConflict(ledger, { id: 'c1', openedAt: T0 });
    expect(severityOf(conflictAge, ledger.db, plus(T0, age))).toBe(expected);
  });

  it('escalated conflicts still count from when they opened; resolved ones do not', () => {
    const ledger = openLedger();
    insertDevice(ledger.db, { id: 'd1', name: 'Till 1', lastSeenAt: T0 });
    insertConflict(ledger, { id: 'escalated', openedAt: T0, deviceId: 'd1', status: 'escalated' });
    insertConflict(ledger, { id: 'resolved', openedAt: T0, status: 'resolved' });
    const found = conflictAge(ledger.db, plus(T0, 30 * HOUR_MS), thresholds);
    expect(found).toEqual([
      {
        key: 'conflict-age:escalated',
        severity: 'warning',
        subject: 'conflict:escalated',
        message: `Conflict (insufficient_stock) from Till 1 has been unresolved since ${T0.toISOString()}`,
        data: {
          conflictId: 'escalated',
          kind: 'insufficient_stock',
          status: 'escalated',
          deviceId: 'd1',
          openedAt: T0.toISOString(),
        },
      },
    ]);
  });
});

describe('thresholds come from settings', () => {
  it('each rule uses the configured limits, not the defaults', () => {
    const ledger = openLedger();
    insertDevice(ledger.db, { id: 'd1', lastSeenAt: T0, queued: 6, consecutiveFailures: 3 });
    insertConflict(ledger, { id: 'c1', openedAt: T0 });
    const tight = alertSettings({
      deviceOfflineWarnHours: 1,
      deviceOfflineCriticalHours: 2,
      deviceQueueWarn: 2,
      deviceQueueCritical: 5,
      conflictUnresolvedWarnHours: 1,
      conflictUnresolvedCriticalHours: 2,
      syncFailuresCritical: 2,
    });
    const now = plus(T0, 3 * HOUR_MS);
    for (const rule of [deviceOffline, deviceQueue, conflictAge, syncFailures])
      expect(rule(ledger.db, now, tight).map((c) => c.severity)).toEqual(['critical']);
  });
});

describe('offline-exposure', () => {
  it('is critical while unforwarded offline card money is above the policy cap, which moves with the policy', () => {
    const { ledger, audit } = openPaymentStore();
    const policy = { ...defaultOfflineCardPolicy(), managerThreshold: 50_000, maxOutstandingExposure: 50_000 };
    updatePolicy(ledger, audit, policy, 'Marta');
    const till = new Till('till-1');
    for (const amount of [25_000, 25_000]) expectStatus(ledger, till.cardPayment({ amount }), 'accepted');
    // Exactly at the cap is within it (DESIGN §11 thresholds are exclusive).
    expect(offlineExposure(ledger.db, T0, thresholds)).toEqual([]);

    updatePolicy(ledger, audit, { ...policy, maxOutstandingExposure: 49_999 }, 'Marta');
    expect(offlineExposure(ledger.db, T0, thresholds)).toEqual([
      {
        key: 'offline-exposure:PLN',
        severity: 'critical',
        subject: 'payments:offline-card',
        message:
          'Offline card payments waiting to be forwarded total 50000 minor units of PLN, above the limit of 49999',
        data: { currency: 'PLN', outstandingExposure: 50_000, limit: 49_999 },
      },
    ]);
  });
});
