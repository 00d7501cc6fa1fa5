import type { ConflictView, StateReply, StockLevel } from '../../shared/protocol/device-api.js';
import type { OfflineCardPolicy } from '../../shared/protocol/payment-payloads.js';
import type { AdminClient } from './admin-client.js';
import { CLEARANCE_STOCK, CURRENCY, FLOOR, LOCATIONS, PRODUCTS, productsWithRole } from './store-catalog.js';

/** What `GET /v1/admin/approvals` lists, as far as the simulator reads it. */
export interface ApprovalSummary {
  approvalId: string;
  paymentId: string;
  deviceId: string;
  status: 'pending' | 'approved' | 'declined' | 'expired';
}

export interface StockTarget {
  productId: string;
  locationId: string;
  quantity: number;
}

/** Everything the simulation does as the store's manager, through the admin API like the UI does. */
export class StoreManager {
  constructor(
    private readonly admin: AdminClient,
    private readonly pin: string,
  ) {}

  /**
   * Puts the simulated catalog in place (only what is missing or different, so a second run adds no catalog
   * events), brings stock up to `targets` and, when given, sets the offline card policy.
   */
  async openStore(
    hub: Pick<StateReply, 'catalog' | 'stock'>,
    targets: readonly StockTarget[],
    policy?: OfflineCardPolicy,
  ): Promise<void> {
    for (const location of LOCATIONS) {
      const known = hub.catalog.locations.find((l) => l.id === location.id);
      if (!known?.active || known.name !== location.name) {
        await this.admin.post('/v1/admin/catalog/locations', { ...location, active: true });
      }
    }
    const known = new Map(hub.catalog.products.map((product) => [product.id, product]));
    for (const { id, name, price, taxRate } of PRODUCTS) {
      const product = known.get(id);
      if (product?.name === name && product.price?.amount === price && product.taxRate === taxRate) continue;
      await this.admin.post('/v1/admin/catalog/products', {
        id,
        name,
        unit: 'pcs',
        price: { amount: price, currency: CURRENCY },
        taxRate,
      });
    }
    // The display models arrive once, with the product; oversold, they stay below zero like in a real shop.
    for (const { id } of productsWithRole('clearance').filter((product) => !known.has(product.id))) {
      await this.receive({ productId: id, locationId: FLOOR, quantity: CLEARANCE_STOCK });
    }
    await this.restock(hub.stock, targets, 1);
    if (policy) await this.admin.put('/v1/admin/settings/payment-policy', policy);
  }

  /** A delivery: every level below `below` × its target is received up to the target. */
  async restock(stock: readonly StockLevel[], targets: readonly StockTarget[], below = 0.5): Promise<number> {
    let deliveries = 0;
    for (const target of targets) {
      const level = stock.find((s) => s.productId === target.productId && s.locationId === target.locationId);
      const quantity = level?.quantity ?? 0;
      if (quantity >= target.quantity * below) continue;
      await this.receive({ ...target, quantity: target.quantity - Math.max(0, quantity) });
      deliveries++;
    }
    return deliveries;
  }

  async approvals(): Promise<ApprovalSummary[]> {
    return (await this.admin.get<{ approvals: ApprovalSummary[] }>('/v1/admin/approvals?limit=1000')).approvals;
  }

  async pendingApprovals(): Promise<ApprovalSummary[]> {
    return (await this.admin.get<{ approvals: ApprovalSummary[] }>('/v1/admin/approvals?status=pending')).approvals;
  }

  /** With the PIN entered again, as the approvals screen asks for it. */
  async decide(approvalId: string, decision: 'approve' | 'decline'): Promise<void> {
    await this.admin.post(`/v1/admin/approvals/${encodeURIComponent(approvalId)}/decide`, { decision, pin: this.pin });
  }

  async conflicts(): Promise<ConflictView[]> {
    return (await this.admin.get<{ conflicts: ConflictView[] }>('/v1/admin/conflicts')).conflicts;
  }

  private async receive(receipt: StockTarget): Promise<void> {
    await this.admin.post('/v1/admin/inventory/receipts', receipt);
  }
}
