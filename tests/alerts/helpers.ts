/**
 * A real ledger file with the operational rows the alert rules read, written directly (devices and conflicts are
 * operational and projection tables), and a clock the test moves by hand.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { afterEach } from 'vitest';
import { AlertEngine, type AlertChange } from '../../src/main/hub/alerts/alert-engine.js';
import type { AlertRule, AlertSettings } from '../../src/main/hub/alerts/alert-rule.js';
import { AuditTrail } from '../../src/main/hub/audit/audit-trail.js';
import { defaultSettings } from '../../src/main/hub/config/settings-schema.js';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { createLogger } from '../../src/main/hub/observability/logger.js';
import { tempDir } from '../helpers/ledger-testkit.js';

export const T0 = new Date('2026-11-20T08:00:00.000Z');

const openLedgers: Ledger[] = [];
afterEach(() => {
  for (const ledger of openLedgers.splice(0)) ledger.close();
});

export function openLedger(): Ledger {
  const ledger = Ledger.open(tempDir('backroom-alerts-'));
  openLedgers.push(ledger);
  return ledger;
}

export function alertSettings(overrides: Partial<AlertSettings> = {}): AlertSettings {
  return { ...defaultSettings().alerts, ...overrides };
}

export function clockAt(start: Date): { now: () => Date; set: (at: Date) => void; advance: (ms: number) => void } {
  let current = start.getTime();
  return { now: () => new Date(current), set: (at) => (current = at.getTime()), advance: (ms) => (current += ms) };
}

export const plus = (start: Date, ms: number) => new Date(start.getTime() + ms);

export interface DeviceSeed {
  id: string;
  name?: string;
  pairedAt?: Date;
  lastSeenAt?: Date | null;
  queued?: number | null;
  consecutiveFailures?: number;
  revokedAt?: Date | null;
}

export function insertDevice(db: Database, seed: DeviceSeed): void {
  db.prepare(
    `INSERT INTO devices (id, name, kind, public_key, token_hash, paired_at, last_seen_at, queued,
       consecutive_failures, revoked_at)
     VALUES (?, ?, 'pos', 'test-key', ?, ?, ?, ?, ?, ?)`,
  ).run(
    seed.id,
    seed.name ?? `Till ${seed.id}`,
    randomUUID(),
    (seed.pairedAt ?? T0).toISOString(),
    seed.lastSeenAt?.toISOString() ?? null,
    seed.queued ?? null,
    seed.consecutiveFailures ?? 0,
    seed.revokedAt?.toISOString() ?? null,
  );
}

export function updateDevice(db: Database, id: string, changes: Omit<DeviceSeed, 'id'>): void {
  const columns: Record<string, unknown> = {
    last_seen_at: changes.lastSeenAt?.toISOString(),
    queued: changes.queued,
    consecutive_failures: changes.consecutiveFailures,
    revoked_at: changes.revokedAt?.toISOString(),
  };
  for (const [column, value] of Object.entries(columns))
    if (value !== undefined) db.prepare(`UPDATE devices SET ${column} = ? WHERE id = ?`).run(value, id);
}

/** The ledger record a conflict points at (its recorded_at is when the conflict opened), then the projection row. */
export function insertConflict(
  ledger: Ledger,
  seed: { id: string; openedAt: Date; deviceId?: string; status?: 'open' | 'escalated' | 'resolved' },
): void {
  ledger.transaction(() => {
    const record = ledger.log.append({
      status: 'conflict',
      event: hubEvent('inventory.issue', { productId: 'p1', locationId: 'l1', quantity: 5 }, 'test'),
      recordedAt: seed.openedAt.toISOString(),
    });
    ledger.db
      .prepare(
        `INSERT INTO conflicts (id, kind, status, cursor, event_id, device_id, detail)
         VALUES (?, 'insufficient_stock', ?, ?, ?, ?, '{}')`,
      )
      .run(seed.id, seed.status ?? 'open', record.cursor, record.event.id, seed.deviceId ?? null);
  });
}

export function setConflictStatus(db: Database, id: string, status: 'open' | 'escalated' | 'resolved'): void {
  db.prepare('UPDATE conflicts SET status = ? WHERE id = ?').run(status, id);
}

export interface EngineUnderTest {
  ledger: Ledger;
  db: Database;
  engine: AlertEngine;
  audit: AuditTrail;
  clock: ReturnType<typeof clockAt>;
  /** Every change the engine announced, in order. */
  changes: AlertChange[];
}

export function engineUnderTest(
  options: { settings?: Partial<AlertSettings>; rules?: AlertRule[]; ledger?: Ledger } = {},
): EngineUnderTest {
  const ledger = options.ledger ?? openLedger();
  const audit = new AuditTrail(ledger.db);
  const clock = clockAt(T0);
  const engine = new AlertEngine({
    db: ledger.db,
    audit,
    settings: alertSettings(options.settings),
    logger: createLogger('silent'),
    now: clock.now,
    ...(options.rules ? { rules: options.rules } : {}),
  });
  const changes: AlertChange[] = [];
  engine.on('change', (change) => changes.push(change));
  return { ledger, db: ledger.db, engine, audit, clock, changes };
}

/** The audit rows the engine wrote, oldest first. */
export function alertAudit(
  audit: AuditTrail,
): Array<{ actor: string; action: string; detail: Record<string, unknown> }> {
  return audit
    .list({ limit: 1000 })
    .filter((entry) => entry.action.startsWith('alert.'))
    .reverse()
    .map(({ actor, action, detail }) => ({ actor, action, detail }));
}
