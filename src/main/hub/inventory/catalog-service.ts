import type { Ledger } from '../ledger/ledger.js';
import type { StoredRecord } from '../ledger/event-log.js';
import type { LocationPayload, ProductPayload, ReceivePayload } from '../../../shared/protocol/catalog-payloads.js';
import { hubEvent } from './hub-events.js';

export class CatalogError extends Error {
  constructor(
    readonly code: 'UNKNOWN_PRODUCT' | 'UNKNOWN_LOCATION' | 'LOCATION_INACTIVE',
    message: string,
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}

/** Central-only catalog and stock actions: each becomes a hub-made ledger event. */
export class CatalogService {
  constructor(private readonly ledger: Ledger) {}

  upsertProduct(product: ProductPayload, actor: string): StoredRecord {
    return this.ledger.append([{ status: 'accepted', event: hubEvent('catalog.product', product, actor) }])[0]!;
  }

  upsertLocation(location: LocationPayload, actor: string): StoredRecord {
    return this.ledger.append([{ status: 'accepted', event: hubEvent('catalog.location', location, actor) }])[0]!;
  }

  receive(receipt: ReceivePayload, actor: string): StoredRecord {
    const db = this.ledger.db;
    if (!db.prepare('SELECT 1 FROM products WHERE id = ?').get(receipt.productId)) {
      throw new CatalogError('UNKNOWN_PRODUCT', `no product ${receipt.productId}`);
    }
    const location = db
      .prepare<[string], { active: number }>('SELECT active FROM locations WHERE id = ?')
      .get(receipt.locationId);
    if (!location) throw new CatalogError('UNKNOWN_LOCATION', `no location ${receipt.locationId}`);
    if (!location.active) throw new CatalogError('LOCATION_INACTIVE', `location ${receipt.locationId} is inactive`);
    const stock = [{ productId: receipt.productId, locationId: receipt.locationId, delta: receipt.quantity }];
    return this.ledger.append([
      { status: 'accepted', event: hubEvent('inventory.receive', receipt, actor), outcome: { stock } },
    ])[0]!;
  }
}
