import { UNRESOLVED_STATUSES } from '../../../shared/protocol/conflicts.js';
import type { LocationView, ProductView, StateReply, StockLevel } from '../../../shared/protocol/device-api.js';
import { listConflicts } from '../conflicts/conflict-list.js';
import type { DeviceRegistry } from '../devices/device-registry.js';
import type { Ledger } from '../ledger/ledger.js';
import { paymentPolicyState } from '../payments/index.js';
import { openRequests } from '../requests/request-reads.js';

interface ProductRow {
  id: string;
  name: string;
  unit: string;
  price: number | null;
  currency: string | null;
  tax_rate: string | null;
  merchandise_code: string | null;
  barcode: string | null;
  inactive: number;
  version: number;
}

/**
 * What a new or recovering device needs to work without replaying history (catalog, stock, its own unresolved
 * conflicts, the requests still open and the offline payment policy with the exposure it applies to), read in one
 * transaction so every part is as of the same cursor.
 */
export function readStateSnapshot(ledger: Ledger, devices: DeviceRegistry, deviceId: string): StateReply {
  const db = ledger.db;
  return db
    .transaction((): StateReply => {
      const products = db
        .prepare<[], ProductRow>(
          `SELECT p.*, m.merchandise_code, b.barcode, i.product_id IS NOT NULL AS inactive FROM products p
           LEFT JOIN product_merchandise_codes m ON m.product_id = p.id
           LEFT JOIN product_barcodes b ON b.product_id = p.id
           LEFT JOIN inactive_products i ON i.product_id = p.id ORDER BY p.id`,
        )
        .all()
        .map((p): ProductView => ({
          id: p.id,
          name: p.name,
          unit: p.unit,
          ...(p.price !== null && p.currency !== null ? { price: { amount: p.price, currency: p.currency } } : {}),
          ...(p.tax_rate !== null ? { taxRate: p.tax_rate } : {}),
          ...(p.merchandise_code !== null ? { merchandiseCode: p.merchandise_code } : {}),
          ...(p.barcode !== null ? { barcode: p.barcode } : {}),
          // Only a withdrawn product says so, as absent has meant active ever since products had no flag.
          ...(p.inactive ? { active: false as const } : {}),
          version: p.version,
        }));
      const locations = db
        .prepare<[], { id: string; name: string; active: number; version: number }>(
          'SELECT id, name, active, version FROM locations ORDER BY id',
        )
        .all()
        .map((l): LocationView => ({ ...l, active: l.active === 1 }));
      const stock = db
        .prepare<[], StockLevel>(
          `SELECT product_id AS productId, location_id AS locationId, quantity FROM stock
            ORDER BY product_id, location_id`,
        )
        .all();
      return {
        cursor: ledger.head().cursor,
        catalog: { products, locations },
        stock,
        conflicts: listConflicts(db, { statuses: UNRESOLVED_STATUSES, deviceId }),
        openRequests: openRequests(db),
        policy: paymentPolicyState(db),
        device: { id: deviceId, lastSequence: devices.lastSequence(deviceId) },
      };
    })
    .deferred();
}
