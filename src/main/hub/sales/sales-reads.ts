import type { Database } from 'better-sqlite3';
import type { RefundView, SalesFigures, SalesSummary, VoidView } from '../../../shared/protocol/sales-views.js';
import { dailyTotals, type DailyTotalsFilter, type DailyTotalsRow } from './daily-totals.js';

/**
 * What the Sales screen reads (issue 12). Every figure is a sum of the daily-totals rows the daily-totals API answers
 * for the same filter, so the screen and that API agree to the minor unit by construction; the refund and void lists
 * are the records behind the refund and void figures, filtered the way the totals bucket them.
 */

/** Refunds and voids listed per answer; the counts in the figures cover them all. */
export const LIST_LIMIT = 200;

const FIGURES = [
  'gross',
  'refunds',
  'voids',
  'net',
  'saleCount',
  'refundCount',
  'voidCount',
  'cash',
  'card',
] as const satisfies ReadonlyArray<keyof SalesFigures>;

/** Daily-totals rows summed per key (and currency), in first-seen order. */
function sumBy<K extends object>(rows: readonly DailyTotalsRow[], keyOf: (row: DailyTotalsRow) => K) {
  const sums = new Map<string, K & SalesFigures>();
  for (const row of rows) {
    const key = keyOf(row);
    const id = JSON.stringify([key, row.currency]);
    let sum = sums.get(id);
    if (!sum) {
      const zero = Object.fromEntries(FIGURES.map((figure) => [figure, 0])) as Omit<SalesFigures, 'currency'>;
      sum = { ...key, currency: row.currency, ...zero };
      sums.set(id, sum);
    }
    for (const figure of FIGURES) sum[figure] += row[figure];
  }
  return [...sums.values()];
}

const byNet = (a: SalesFigures, b: SalesFigures) => a.currency.localeCompare(b.currency) || b.net - a.net;

function named(db: Database, table: 'locations' | 'devices'): Array<{ id: string; name: string }> {
  return db.prepare<[], { id: string; name: string }>(`SELECT id, name FROM ${table} ORDER BY name, id`).all();
}

/** The cashiers who sold, refunded or voided in the range, whatever else is filtered. */
function cashiersIn(db: Database, { from, to }: DailyTotalsFilter): string[] {
  return db
    .prepare<[string, string], { cashierId: string }>(
      `SELECT DISTINCT cashier_id AS cashierId FROM sales_daily_totals
       WHERE business_date BETWEEN ? AND ? AND cashier_id != '' ORDER BY cashier_id`,
    )
    .all(from, to)
    .map((row) => row.cashierId);
}

type Unnamed<T> = Omit<T, 'locationName' | 'deviceName'>;

function refundsIn(db: Database, filter: DailyTotalsFilter): Array<Unnamed<RefundView>> {
  return db
    .prepare<Record<string, unknown>, Unnamed<RefundView>>(
      `SELECT r.refund_id AS refundId, r.sale_id AS saleId, r.cursor, e.recorded_at AS recordedAt,
              r.business_date AS businessDate, s.location_id AS locationId, r.device_id AS deviceId,
              r.cashier_id AS cashierId, r.currency, r.total,
              json_extract(e.record, '$.outcome.refund.cash') AS cash,
              json_extract(e.record, '$.outcome.refund.card') AS card, r.reason
       FROM sale_refunds r JOIN sales s ON s.sale_id = r.sale_id JOIN events e ON e.cursor = r.cursor
       WHERE r.business_date BETWEEN @from AND @to
         AND (@locationId IS NULL OR s.location_id = @locationId)
         AND (@deviceId IS NULL OR r.device_id = @deviceId)
         AND (@cashierId IS NULL OR r.cashier_id = @cashierId)
       ORDER BY r.cursor DESC LIMIT @limit`,
    )
    .all(listParams(filter));
}

/** A void is dated, and bucketed by device and cashier, by its own record, as the totals count it. */
function voidsIn(db: Database, filter: DailyTotalsFilter): Array<Unnamed<VoidView>> {
  return db
    .prepare<Record<string, unknown>, Unnamed<VoidView>>(
      `SELECT saleId, cursor, recordedAt, businessDate, locationId, deviceId, cashierId, currency, total, cash, card,
              reason
       FROM (
         SELECT s.sale_id AS saleId, e.cursor, e.recorded_at AS recordedAt,
                json_extract(e.record, '$.outcome.void.businessDate') AS businessDate, s.location_id AS locationId,
                COALESCE(e.device_id, '') AS deviceId,
                COALESCE(json_extract(e.record, '$.event.payload.cashierId'), '') AS cashierId,
                json_extract(e.record, '$.outcome.void.currency') AS currency,
                json_extract(e.record, '$.outcome.void.total') AS total,
                json_extract(e.record, '$.outcome.void.cash') AS cash,
                json_extract(e.record, '$.outcome.void.card') AS card, s.void_reason AS reason
         FROM sales s JOIN events e ON e.cursor = s.voided_cursor
         WHERE s.voided_cursor IS NOT NULL
       )
       WHERE businessDate BETWEEN @from AND @to
         AND (@locationId IS NULL OR locationId = @locationId)
         AND (@deviceId IS NULL OR deviceId = @deviceId)
         AND (@cashierId IS NULL OR cashierId = @cashierId)
       ORDER BY cursor DESC LIMIT @limit`,
    )
    .all(listParams(filter));
}

function listParams(filter: DailyTotalsFilter) {
  return {
    from: filter.from,
    to: filter.to,
    locationId: filter.locationId ?? null,
    deviceId: filter.deviceId ?? null,
    cashierId: filter.cashierId ?? null,
    limit: LIST_LIMIT,
  };
}

/**
 * The range summed whole, per day, per location, per device and per cashier (each per currency), with the refunds and
 * voids in it. Read in one transaction, so the lists and the figures are at the same ledger position.
 */
export function salesSummary(
  db: Database,
  filter: DailyTotalsFilter,
  calendar: { today: string; timeZone: string },
): SalesSummary {
  return db.transaction(() => {
    const rows = dailyTotals(db, filter);
    const locationList = named(db, 'locations');
    const deviceList = named(db, 'devices');
    const locations = new Map(locationList.map((row) => [row.id, row.name]));
    const devices = new Map(deviceList.map((row) => [row.id, row.name]));
    const deviceName = (deviceId: string) => devices.get(deviceId) ?? null;
    const withNames = <T extends { locationId: string; deviceId: string }>(row: T) => ({
      ...row,
      locationName: locations.get(row.locationId) ?? row.locationId,
      deviceName: deviceName(row.deviceId),
    });
    return {
      from: filter.from,
      to: filter.to,
      ...calendar,
      totals: sumBy(rows, () => ({})).sort(byNet),
      days: sumBy(rows, (row) => ({ businessDate: row.businessDate })).sort(
        (a, b) => a.businessDate.localeCompare(b.businessDate) || a.currency.localeCompare(b.currency),
      ),
      locations: sumBy(rows, (row) => ({
        locationId: row.locationId,
        locationName: locations.get(row.locationId) ?? row.locationId,
      })).sort(byNet),
      devices: sumBy(rows, (row) => ({ deviceId: row.deviceId, deviceName: deviceName(row.deviceId) })).sort(byNet),
      cashiers: sumBy(rows, (row) => ({ cashierId: row.cashierId })).sort(byNet),
      refunds: refundsIn(db, filter).map(withNames),
      voids: voidsIn(db, filter).map(withNames),
      listLimit: LIST_LIMIT,
      choices: { locations: locationList, devices: deviceList, cashiers: cashiersIn(db, filter) },
    };
  })();
}
