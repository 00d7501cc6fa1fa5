import { HOUR_MS, type AlertRule } from '../alert-rule.js';

interface Row {
  id: string;
  drawer_id: string;
  sale_id: string | null;
  reason: string;
  requested_at: string;
  note: string | null;
}

/** A drawer that did not open when a till asked: the cashier may have made change from elsewhere. Shown for an hour. */
export const droppedDrawerKicks: AlertRule = (db, now) =>
  db
    .prepare<[string], Row>(
      `SELECT id, drawer_id, sale_id, reason, requested_at, note FROM drawer_kicks
       WHERE state = 'dropped' AND requested_at >= ? ORDER BY seq DESC LIMIT 20`,
    )
    .all(new Date(now.getTime() - HOUR_MS).toISOString())
    .map((kick) => ({
      key: `drawer-kick-dropped:${kick.id}`,
      severity: 'warning',
      subject: `printer:${kick.drawer_id}`,
      message:
        `Drawer ${kick.drawer_id} did not open${kick.sale_id ? ` for sale ${kick.sale_id}` : ''} ` +
        `(${kick.reason}): ${kick.note ?? 'dropped'}`,
      data: { kickId: kick.id, drawerId: kick.drawer_id, saleId: kick.sale_id, requestedAt: kick.requested_at },
    }));
