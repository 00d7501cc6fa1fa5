import type { Ledger } from '../ledger/ledger.js';
import type { StoredRecord } from '../ledger/event-log.js';
import { barcodeProblem } from '../../../shared/catalog/product-rules.js';
import { canonicalJson } from '../../../shared/canonical-json.js';
import type { LocationPayload, ProductPayload, ReceivePayload } from '../../../shared/protocol/catalog-payloads.js';
import type {
  AdminLocation,
  AdminProduct,
  LocationEdit,
  PriceBookPreview,
  ProductEdit,
} from '../../../shared/protocol/catalog-views.js';
import { CatalogError } from './catalog-errors.js';
import { activeBarcodeHolder, productPayload, readLocation, readProduct } from './catalog-reads.js';
import { hubEvent } from './hub-events.js';
import { planPriceBook } from './price-book/price-book-plan.js';
import { readPriceBook } from './price-book/price-book-rows.js';

export { CatalogError } from './catalog-errors.js';

export interface Saved<T> {
  now: T;
  /** The catalog event recorded, or null when it already had these values. */
  recorded: StoredRecord | null;
}

export interface PriceBookImport {
  preview: PriceBookPreview;
  records: StoredRecord[];
}

/** Central-only catalog and stock actions: each becomes a hub-made ledger event. */
export class CatalogService {
  constructor(private readonly ledger: Ledger) {}

  /** The admin API's upsert (DESIGN §3): whatever the product was, it is now `product`. */
  upsertProduct(product: ProductPayload, actor: string): StoredRecord {
    return this.ledger.transaction(() => {
      this.checkBarcode(product);
      return this.ledger.append([{ status: 'accepted', event: hubEvent('catalog.product', product, actor) }])[0]!;
    });
  }

  upsertLocation(location: LocationPayload, actor: string): StoredRecord {
    return this.ledger.append([{ status: 'accepted', event: hubEvent('catalog.location', location, actor) }])[0]!;
  }

  /**
   * A product added (`expectedVersion` 0) or changed against the version the manager saw: an id already taken, or a
   * product changed by someone else since, is refused rather than overwritten (DESIGN §4, stale version). The same
   * values again record nothing.
   */
  saveProduct(id: string, edit: ProductEdit, actor: string): Saved<AdminProduct> {
    const { expectedVersion, ...fields } = edit;
    return this.ledger.transaction(() => {
      const now = readProduct(this.ledger.db, id);
      checkVersion('product', id, now?.version, expectedVersion);
      const product = productPayload({ id, ...fields });
      if (now && canonicalJson(productPayload(now)) === canonicalJson(product)) return { now, recorded: null };
      this.checkBarcode(product);
      const [recorded] = this.ledger.append([
        { status: 'accepted', event: hubEvent('catalog.product', product, actor) },
      ]);
      return { now: readProduct(this.ledger.db, id)!, recorded: recorded! };
    });
  }

  saveLocation(id: string, edit: LocationEdit, actor: string): Saved<AdminLocation> {
    const { expectedVersion, name, active } = edit;
    return this.ledger.transaction(() => {
      const now = readLocation(this.ledger.db, id);
      checkVersion('location', id, now?.version, expectedVersion);
      if (now && now.name === name && now.active === active) return { now, recorded: null };
      const [recorded] = this.ledger.append([
        { status: 'accepted', event: hubEvent('catalog.location', { id, name, active }, actor) },
      ]);
      return { now: readLocation(this.ledger.db, id)!, recorded: recorded! };
    });
  }

  /** What importing `csv` would do now; nothing is recorded. */
  previewPriceBook(csv: string): PriceBookPreview {
    return planPriceBook(this.ledger.db, readPriceBook(csv)).preview;
  }

  /**
   * A price book, all or nothing: refused whole if any row is (naming the rows), else every add and change recorded in
   * one transaction with `alsoInTransaction` (the audit entry). Rows whose product already has these values record
   * nothing, so importing the same file twice records nothing the second time.
   */
  importPriceBook(
    csv: string,
    actor: string,
    alsoInTransaction: (imported: PriceBookImport) => void = () => {},
  ): PriceBookImport {
    const book = readPriceBook(csv);
    return this.ledger.transaction(() => {
      const { preview, toRecord } = planPriceBook(this.ledger.db, book);
      const refused = preview.rows.filter((row) => row.outcome === 'error');
      if (refused.length > 0) {
        const named = refused.slice(0, 5).map((row) => `row ${row.row}: ${row.errors.join('; ')}`);
        const more = refused.length > 5 ? `; and ${refused.length - 5} more` : '';
        throw new CatalogError(
          'PRICE_BOOK_HAS_ERRORS',
          `nothing was recorded: ${refused.length} row${refused.length > 1 ? 's have' : ' has'} errors (${named.join('; ')}${more})`,
        );
      }
      const records = this.ledger.append(
        toRecord.map((product) => ({ status: 'accepted', event: hubEvent('catalog.product', product, actor) })),
      );
      const imported = { preview, records };
      alsoInTransaction(imported);
      return imported;
    });
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

  /** A GTIN with its check digit, and no other active product scanning as it (a till could not tell them apart). */
  private checkBarcode(product: ProductPayload): void {
    if (product.barcode === undefined) return;
    const problem = barcodeProblem(product.barcode);
    if (problem) throw new CatalogError('BARCODE_INVALID', problem);
    if (product.active === false) return;
    const holder = activeBarcodeHolder(this.ledger.db, product.barcode, product.id);
    if (holder) {
      throw new CatalogError(
        'BARCODE_TAKEN',
        `barcode ${product.barcode} already belongs to product ${holder.id} (${holder.name}): change or withdraw that one first`,
      );
    }
  }
}

function checkVersion(what: 'product' | 'location', id: string, version: number | undefined, expected: number): void {
  if (expected === 0) {
    if (version !== undefined) {
      throw new CatalogError(
        what === 'product' ? 'PRODUCT_EXISTS' : 'LOCATION_EXISTS',
        `there is already a ${what} ${id}: choose another id, or edit that one`,
      );
    }
    return;
  }
  if (version === undefined)
    throw new CatalogError(what === 'product' ? 'UNKNOWN_PRODUCT' : 'UNKNOWN_LOCATION', `no ${what} ${id}`);
  if (version !== expected) {
    throw new CatalogError(
      'STALE_VERSION',
      `${what} ${id} was changed since (it is at version ${version}, the change was made against ${expected}): look at it again`,
    );
  }
}
