import type { Database } from 'better-sqlite3';
import { UNRESOLVED_STATUSES, type ConflictKind, type ConflictStatus } from '../../../shared/protocol/conflicts.js';
import {
  STOCK_CONFLICT_KINDS,
  type CountSheet,
  type StockConflictView,
  type StockLevelView,
  type StockList,
  type StockMovementPage,
  type StockMovementView,
  type StockPlace,
} from '../../../shared/protocol/stock-views.js';

/**
 * What the Stock screen reads (issue 12): levels from the stock projection, a product's history and each place's last
 * count from the stock-movements projection, and the unresolved stock conflicts from the conflicts projection.
 *
 * A level is marked **discrepant** when the books cannot be taken at their word there: an unresolved conflict about
 * stock names the place (a sale that took more than the books held, a held movement that found too little, stock a
 * revoked device moved), or the last count at the place found other than the books held just before it. A count that
 * matches clears the second mark; only a decision clears the first.
 */

export interface StockFilter {
  productId?: string;
  locationId?: string;
  /** Part of a product's name or id, any case. */
  search?: string;
  onlyNegative?: boolean;
  onlyDiscrepant?: boolean;
  limit: number;
  offset: number;
}

interface LevelRow {
  productId: string;
  productName: string;
  unit: string;
  locationId: string;
  locationName: string;
  locationActive: number;
  quantity: number;
  lastMovedCursor: number;
  countCursor: number | null;
  countedAt: string | null;
  expected: number | null;
  counted: number | null;
}

const placeKey = ({ productId, locationId }: StockPlace) => `${productId}\u0000${locationId}`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function asPlace(value: unknown): StockPlace | undefined {
  if (!isRecord(value)) return undefined;
  const { productId, locationId } = value;
  return typeof productId === 'string' && typeof locationId === 'string' ? { productId, locationId } : undefined;
}

/**
 * The places a stock conflict's figures name: the place a held movement was short at (`server`), every place a
 * discrepancy or dispute lists (`server.stock`), and where the held effect would move stock (`requested.stock`).
 */
function placesOf(detail: { server?: unknown; requested?: unknown }): StockPlace[] {
  const { server, requested } = detail;
  const listed = (value: unknown, field: string) =>
    isRecord(value) && Array.isArray(value[field]) ? (value[field] as unknown[]) : [];
  const candidates = [server, ...listed(server, 'stock'), ...listed(requested, 'stock')];
  const places = new Map<string, StockPlace>();
  for (const candidate of candidates) {
    const place = asPlace(candidate);
    if (place) places.set(placeKey(place), place);
  }
  return [...places.values()];
}

/** Every unresolved conflict about stock, oldest first, with the places it names. */
export function unresolvedStockConflicts(db: Database): StockConflictView[] {
  const kinds: readonly string[] = STOCK_CONFLICT_KINDS;
  const statuses: readonly string[] = UNRESOLVED_STATUSES;
  return db
    .prepare<
      string[],
      {
        id: string;
        kind: ConflictKind;
        status: ConflictStatus;
        cursor: number;
        deviceId: string | null;
        detail: string;
      }
    >(
      `SELECT id, kind, status, cursor, device_id AS deviceId, detail FROM conflicts
       WHERE kind IN (${kinds.map(() => '?').join(', ')}) AND status IN (${statuses.map(() => '?').join(', ')})
       ORDER BY cursor`,
    )
    .all(...kinds, ...statuses)
    .map(({ detail, ...conflict }) => ({ ...conflict, places: placesOf(JSON.parse(detail) as object) }));
}

/** The last count at each place comes from the partial index of counts: one index step per level. */
const LEVELS_SQL = `
  SELECT s.product_id AS productId, COALESCE(p.name, s.product_id) AS productName, COALESCE(p.unit, '') AS unit,
         s.location_id AS locationId, COALESCE(l.name, s.location_id) AS locationName,
         COALESCE(l.active, 0) AS locationActive, s.quantity, s.updated_at AS lastMovedCursor,
         c.cursor AS countCursor, e.recorded_at AS countedAt, c.quantity_after - c.delta AS expected,
         c.quantity_after AS counted
  FROM stock s
  LEFT JOIN products p ON p.id = s.product_id
  LEFT JOIN locations l ON l.id = s.location_id
  LEFT JOIN stock_movements c ON c.product_id = s.product_id AND c.location_id = s.location_id AND c.is_count = 1
    AND c.cursor = (SELECT MAX(m.cursor) FROM stock_movements m
                    WHERE m.product_id = s.product_id AND m.location_id = s.location_id AND m.is_count = 1)
  LEFT JOIN events e ON e.cursor = c.cursor
  WHERE (@productId IS NULL OR s.product_id = @productId)
    AND (@locationId IS NULL OR s.location_id = @locationId)
    AND (@onlyNegative = 0 OR s.quantity < 0)
    AND (@search IS NULL OR instr(lower(COALESCE(p.name, '')), @search) > 0 OR instr(lower(s.product_id), @search) > 0)
  ORDER BY productName, s.product_id, locationName, s.location_id`;

function toLevel(row: LevelRow, conflictIds: string[]): StockLevelView {
  const lastCount =
    row.countCursor === null
      ? null
      : { cursor: row.countCursor, recordedAt: row.countedAt ?? '', expected: row.expected!, counted: row.counted! };
  return {
    productId: row.productId,
    productName: row.productName,
    unit: row.unit,
    locationId: row.locationId,
    locationName: row.locationName,
    locationActive: row.locationActive === 1,
    quantity: row.quantity,
    lastMovedCursor: row.lastMovedCursor,
    lastCount,
    negative: row.quantity < 0,
    discrepant: conflictIds.length > 0 || (lastCount !== null && lastCount.counted !== lastCount.expected),
    conflictIds,
  };
}

/**
 * Levels by product name then location name, marked, one page of them; with the catalog to filter by and the
 * unresolved stock conflicts. Read in one transaction so every part is at the same ledger position.
 */
export function listStock(db: Database, filter: StockFilter): StockList {
  return db.transaction(() => {
    const conflicts = unresolvedStockConflicts(db);
    const conflictsAt = new Map<string, string[]>();
    for (const conflict of conflicts) {
      for (const place of conflict.places) {
        const key = placeKey(place);
        conflictsAt.set(key, [...(conflictsAt.get(key) ?? []), conflict.id]);
      }
    }
    const rows = db.prepare<Record<string, unknown>, LevelRow>(LEVELS_SQL).all({
      productId: filter.productId ?? null,
      locationId: filter.locationId ?? null,
      onlyNegative: filter.onlyNegative ? 1 : 0,
      search: filter.search?.trim().toLowerCase() || null,
    });
    const levels = rows
      .map((row) => toLevel(row, conflictsAt.get(placeKey(row)) ?? []))
      .filter((level) => !filter.onlyDiscrepant || level.discrepant);
    return {
      levels: levels.slice(filter.offset, filter.offset + filter.limit),
      total: levels.length,
      offset: filter.offset,
      products: db
        .prepare<[], StockList['products'][number]>('SELECT id, name, unit FROM products ORDER BY name, id')
        .all(),
      locations: db
        .prepare<[], { id: string; name: string; active: number }>(
          'SELECT id, name, active FROM locations ORDER BY name, id',
        )
        .all()
        .map((location) => ({ ...location, active: location.active === 1 })),
      conflicts,
      cursor: headCursor(db),
    };
  })();
}

function headCursor(db: Database): number {
  return db.prepare<[], { cursor: number }>('SELECT COALESCE(MAX(cursor), 0) AS cursor FROM events').get()!.cursor;
}

export interface MovementFilter {
  locationId?: string;
  /** Newest first, older than this cursor. */
  before?: number;
  limit: number;
}

type MovementRow = Omit<StockMovementView, 'count'> & { count: number };

const MOVEMENTS_SQL = `
  SELECT m.cursor, e.recorded_at AS recordedAt, e.type, e.status, m.location_id AS locationId,
         COALESCE(l.name, m.location_id) AS locationName, m.delta, m.quantity_after AS quantityAfter,
         m.is_count AS count, e.device_id AS deviceId, d.name AS deviceName,
         json_extract(e.record, '$.event.actor') AS actor,
         json_extract(e.record, '$.event.payload.cashierId') AS cashierId,
         json_extract(e.record, '$.event.payload.saleId') AS saleId,
         json_extract(e.record, '$.event.payload.refundId') AS refundId,
         json_extract(e.record, '$.event.payload.conflictId') AS conflictId,
         json_extract(e.record, '$.event.payload.reason') AS reason
  FROM stock_movements m
  JOIN events e ON e.cursor = m.cursor
  LEFT JOIN locations l ON l.id = m.location_id
  LEFT JOIN devices d ON d.id = e.device_id
  WHERE m.product_id = @productId
    AND (@locationId IS NULL OR m.location_id = @locationId)
    AND m.cursor < @before
  ORDER BY m.cursor DESC, m.location_id
  LIMIT @limit`;

/**
 * Every record that changed a product's stock, newest first, with the device and the person it names and the level it
 * left. A page never splits one record's rows (a transfer moves two locations), so `before` cannot skip one.
 */
export function productMovements(db: Database, productId: string, filter: MovementFilter): StockMovementPage {
  return db.transaction(() => {
    const rows = db.prepare<Record<string, unknown>, MovementRow>(MOVEMENTS_SQL).all({
      productId,
      locationId: filter.locationId ?? null,
      // A plain bound (no `IS NULL OR`) lets the index start the scan at `before`.
      before: filter.before ?? Number.MAX_SAFE_INTEGER,
      limit: filter.limit + 1,
    });
    let page = rows;
    let nextBefore: number | null = null;
    if (rows.length > filter.limit) {
      const cut = rows[filter.limit]!.cursor;
      const whole = rows.slice(0, filter.limit).filter((row) => row.cursor !== cut);
      // One record with more rows than a page (never with the limits the route allows) is shown whole.
      page = whole.length > 0 ? whole : rows.filter((row) => row.cursor === cut);
      nextBefore = page[page.length - 1]!.cursor;
    }
    const product = db
      .prepare<[string], { id: string; name: string; unit: string }>('SELECT id, name, unit FROM products WHERE id = ?')
      .get(productId);
    const levels = db
      .prepare<[string], { locationId: string; locationName: string; quantity: number }>(
        `SELECT s.location_id AS locationId, COALESCE(l.name, s.location_id) AS locationName, s.quantity
         FROM stock s LEFT JOIN locations l ON l.id = s.location_id
         WHERE s.product_id = ? ORDER BY locationName, s.location_id`,
      )
      .all(productId);
    return {
      product: product ?? null,
      levels,
      movements: page.map((row) => ({ ...row, count: row.count === 1 })),
      nextBefore,
    };
  })();
}

/** Thrown for a count sheet of a location the catalog does not have. */
export class UnknownLocationError extends Error {
  constructor(readonly locationId: string) {
    super(`no location ${locationId}`);
    this.name = 'UnknownLocationError';
  }
}

/**
 * A stock take's sheet: every product of the catalog at the location (what the books hold, 0 where it never was), by
 * name; a withdrawn product only while the books still hold some there. Without a location, one sheet per active
 * location.
 */
export function countSheet(db: Database, locationId: string | undefined, now: Date = new Date()): CountSheet {
  return db.transaction(() => {
    const locations = db
      .prepare<Record<string, unknown>, { locationId: string; locationName: string }>(
        `SELECT id AS locationId, name AS locationName FROM locations
         WHERE (@locationId IS NULL AND active = 1) OR id = @locationId ORDER BY name, id`,
      )
      .all({ locationId: locationId ?? null });
    if (locationId !== undefined && locations.length === 0) throw new UnknownLocationError(locationId);
    const lines = db.prepare<[string], CountSheet['locations'][number]['lines'][number]>(
      `SELECT p.id AS productId, p.name AS productName, p.unit, COALESCE(s.quantity, 0) AS expected
       FROM products p LEFT JOIN stock s ON s.product_id = p.id AND s.location_id = ?
       WHERE COALESCE(s.quantity, 0) != 0 OR p.id NOT IN (SELECT product_id FROM inactive_products)
       ORDER BY p.name, p.id`,
    );
    return {
      generatedAt: now.toISOString(),
      cursor: headCursor(db),
      locations: locations.map((location) => ({ ...location, lines: lines.all(location.locationId) })),
    };
  })();
}
