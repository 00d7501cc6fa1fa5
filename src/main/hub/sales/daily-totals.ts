import type { Database } from 'better-sqlite3';
import type { DailyChange } from '../ledger/projections/sales-projector.js';

export interface DailyTotalsRow extends DailyChange {
  businessDate: string;
  locationId: string;
  deviceId: string;
  cashierId: string;
  currency: string;
}

export interface DailyTotalsFilter {
  from: string;
  to: string;
  locationId?: string;
  deviceId?: string;
  cashierId?: string;
}

/** Sales per business date × location × device × cashier, in minor units, from the sales projection. */
export function dailyTotals(db: Database, filter: DailyTotalsFilter): DailyTotalsRow[] {
  return db
    .prepare<Record<string, string | null>, DailyTotalsRow>(
      `SELECT business_date AS businessDate, location_id AS locationId, device_id AS deviceId,
              cashier_id AS cashierId, currency, gross, refunds, voids, net, sale_count AS saleCount,
              refund_count AS refundCount, void_count AS voidCount, cash, card
       FROM sales_daily_totals
       WHERE business_date BETWEEN @from AND @to
         AND (@locationId IS NULL OR location_id = @locationId)
         AND (@deviceId IS NULL OR device_id = @deviceId)
         AND (@cashierId IS NULL OR cashier_id = @cashierId)
       ORDER BY business_date, location_id, device_id, cashier_id, currency`,
    )
    .all({
      from: filter.from,
      to: filter.to,
      locationId: filter.locationId ?? null,
      deviceId: filter.deviceId ?? null,
      cashierId: filter.cashierId ?? null,
    });
}
