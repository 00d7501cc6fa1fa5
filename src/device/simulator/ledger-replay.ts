import type { ConflictResolvedPayload } from '../../shared/protocol/conflicts.js';
import type { PulledEvent } from '../../shared/protocol/device-api.js';
import type {
  ConflictResolvePayload,
  CountPayload,
  IssuePayload,
  TransferPayload,
} from '../../shared/protocol/inventory-payloads.js';
import type {
  ApprovalDecidePayload,
  ApprovalRequestPayload,
  OfflineCardPaymentPayload,
} from '../../shared/protocol/payment-payloads.js';
import type { SaleCompletePayload, SaleRefundPayload, SaleVoidPayload } from '../../shared/protocol/sales-payloads.js';

/**
 * The store's figures recomputed from the ledger alone, the way DESIGN §3–§5 define them, without any of the hub's
 * code: a second implementation to hold the hub's projections against. Each record's status is the fact it is
 * (accepted: its effect applies; conflict: held until a resolution releases it; refused: nothing).
 */

/** Money of one business date and currency, in minor units; refunds and voids are positive amounts taken off net. */
export interface DailySales {
  businessDate: string;
  currency: string;
  gross: number;
  refunds: number;
  voids: number;
  net: number;
  cash: number;
  card: number;
}

export type ConflictState = 'open' | 'escalated' | 'resolved';

export interface ReplayedConflict {
  id: string;
  kind: string;
  eventId: string;
  state: ConflictState;
}

export interface LedgerReplay {
  /** the last cursor replayed */
  cursor: number;
  /** by stockKey(productId, locationId) */
  stock: Map<string, number>;
  /** by `${businessDate} ${currency}` */
  salesByDate: Map<string, DailySales>;
  /** offline card money authorized and not yet forwarded, by currency */
  exposure: Map<string, number>;
  conflicts: Map<string, ReplayedConflict>;
  approvals: Map<string, { deviceId: string; status: 'pending' | 'approved' | 'declined' | 'expired' }>;
  /** the ledger status of every event, by event id */
  statuses: Map<string, PulledEvent['status']>;
  /** event ids recorded more than once */
  duplicates: number;
  /** records with an effect this replay has no rule for: its figures miss them */
  unreplayable: string[];
}

export function stockKey(productId: string, locationId: string): string {
  return `${productId} @ ${locationId}`;
}

export function replayLedger(records: readonly PulledEvent[], timeZone: string): LedgerReplay {
  const replay = new Replay(timeZone);
  for (const record of records) replay.apply(record);
  return replay.finish();
}

interface RecordedSale {
  locationId: string;
  lines: SaleCompletePayload['lines'];
  total: number;
  cash: number;
  card: number;
}

interface HeldEffect {
  type: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

type Payload = Record<string, unknown>;

/** Events that end an offline card payment's exposure; each payload names its `paymentId`. */
const PAYMENT_SETTLEMENTS = [
  'payment.forwarded',
  'payment.captured',
  'payment.declined',
  'payment.cancelled',
  'payment.refunded',
  'payment.expired',
] as const;

class Replay {
  private readonly result: LedgerReplay = {
    cursor: 0,
    stock: new Map(),
    salesByDate: new Map(),
    exposure: new Map(),
    conflicts: new Map(),
    approvals: new Map(),
    statuses: new Map(),
    duplicates: 0,
    unreplayable: [],
  };
  private readonly sales = new Map<string, RecordedSale>();
  private readonly payments = new Map<string, { amount: number; currency: string; authorized: boolean }>();
  private readonly held = new Map<string, HeldEffect>();
  private readonly dates: Intl.DateTimeFormat;
  private readonly effects: Readonly<Record<string, (payload: Payload, occurredAt: string) => void>> = {
    'inventory.receive': (p) => this.move(p as unknown as IssuePayload, 1),
    'inventory.return': (p) => this.move(p as unknown as IssuePayload, 1),
    'inventory.issue': (p) => this.move(p as unknown as IssuePayload, -1),
    'inventory.adjustment': (p) => this.add(String(p.productId), String(p.locationId), Number(p.delta)),
    'inventory.transfer': (p) => this.transfer(p as unknown as TransferPayload),
    'inventory.count': (p) => {
      const { productId, locationId, counted } = p as unknown as CountPayload;
      this.result.stock.set(stockKey(productId, locationId), counted);
    },
    'sale.complete': (p, at) => this.sale(p as unknown as SaleCompletePayload, at),
    'sale.refund': (p, at) => this.refund(p as unknown as SaleRefundPayload, at),
    'sale.void': (p, at) => this.voidSale(p as unknown as SaleVoidPayload, at),
    'payment.offline_card': (p) => {
      const { paymentId, amount } = p as unknown as OfflineCardPaymentPayload;
      this.payments.set(paymentId, { ...amount, authorized: true });
    },
    // Forwarded, or what the processor did with it (hub-made, `--upstreams`): no longer money at risk offline.
    ...Object.fromEntries(
      PAYMENT_SETTLEMENTS.map((type) => [type, (p: Payload) => this.settlePayment(String(p.paymentId))]),
    ),
    'approval.request': (p) => {
      const { approvalId, deviceId } = p as unknown as ApprovalRequestPayload;
      this.result.approvals.set(approvalId, { deviceId, status: 'pending' });
    },
    'approval.decide': (p) => {
      const { approvalId, decision } = p as unknown as ApprovalDecidePayload;
      const approval = this.result.approvals.get(approvalId);
      if (approval) approval.status = decision;
    },
    // Nobody decided before the till went its own way (the hub's approval expiry).
    'approval.expire': (p) => {
      const approval = this.result.approvals.get(String(p.approvalId));
      if (approval) approval.status = 'expired';
    },
    // A device's or a manager's choice on a conflict: what it releases follows from the held event.
    'conflict.resolve': (p) => this.resolve(p as unknown as ConflictResolvePayload),
    'conflict.resolved': (p) => this.resolve(p as unknown as ConflictResolvedPayload),
  };

  constructor(timeZone: string) {
    this.dates = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  apply(record: PulledEvent): void {
    const event = record.event as { id: string; type: string; occurredAt: string; payload: Payload };
    this.result.cursor = record.cursor;
    if (this.result.statuses.has(event.id)) {
      this.result.duplicates++;
      return;
    }
    this.result.statuses.set(event.id, record.status);
    if (record.status === 'refused') return;
    this.noteConflicts(record, event.id);
    if (record.status === 'conflict') {
      const conflictId = (record.outcome?.conflict as { id?: string } | undefined)?.id;
      if (conflictId) this.held.set(conflictId, event);
      return;
    }
    const effect = this.effects[event.type];
    if (effect) effect(event.payload, event.occurredAt);
    else if ((record.outcome?.stock as unknown[] | undefined)?.length) {
      this.result.unreplayable.push(`${event.type} at cursor ${record.cursor}`);
    }
  }

  /** A held conflict (`outcome.conflict`), or a sale's stock discrepancy, which is reported but not held. */
  private noteConflicts(record: PulledEvent, eventId: string): void {
    for (const found of [record.outcome?.conflict, record.outcome?.discrepancy]) {
      const { id, kind } = (found ?? {}) as { id?: string; kind?: string };
      if (id && kind) this.result.conflicts.set(id, { id, kind, eventId, state: 'open' });
    }
  }

  private resolve({ conflictId, action, quantity }: { conflictId: string; action: string; quantity?: number }) {
    const conflict = this.result.conflicts.get(conflictId);
    if (conflict) conflict.state = action === 'escalate' ? 'escalated' : 'resolved';
    const held = this.held.get(conflictId);
    if (!held || !['retry', 'force', 'modify', 'accept_risk'].includes(action)) return;
    this.held.delete(conflictId);
    const payload = action === 'modify' ? { ...held.payload, quantity } : held.payload;
    this.effects[held.type]?.(payload, held.occurredAt);
  }

  private settlePayment(paymentId: string): void {
    const payment = this.payments.get(paymentId);
    if (payment) payment.authorized = false;
  }

  private add(productId: string, locationId: string, delta: number): void {
    const key = stockKey(productId, locationId);
    this.result.stock.set(key, (this.result.stock.get(key) ?? 0) + delta);
  }

  private move({ productId, locationId, quantity }: IssuePayload, sign: 1 | -1): void {
    this.add(productId, locationId, sign * quantity);
  }

  private transfer({ productId, fromLocationId, toLocationId, quantity }: TransferPayload): void {
    this.add(productId, fromLocationId, -quantity);
    this.add(productId, toLocationId, quantity);
  }

  private sale(sale: SaleCompletePayload, occurredAt: string): void {
    for (const line of sale.lines) this.add(line.productId, sale.locationId, -line.quantity);
    const total = sale.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice.amount, 0);
    const paid = byMethod(sale.tenders);
    this.sales.set(sale.saleId, { locationId: sale.locationId, lines: sale.lines, total, ...paid });
    const day = this.day(occurredAt, sale.lines[0]!.unitPrice.currency);
    day.gross += total;
    day.net += total;
    day.cash += paid.cash;
    day.card += paid.card;
  }

  private refund(refund: SaleRefundPayload, occurredAt: string): void {
    const sale = this.recordedSale(refund.saleId);
    if (!sale) return;
    for (const line of refund.lines) this.add(line.productId, sale.locationId, line.quantity);
    const paid = byMethod(refund.tenders);
    const day = this.day(occurredAt, sale.lines[0]!.unitPrice.currency);
    day.refunds += paid.cash + paid.card;
    day.net -= paid.cash + paid.card;
    day.cash -= paid.cash;
    day.card -= paid.card;
  }

  private voidSale({ saleId }: SaleVoidPayload, occurredAt: string): void {
    const sale = this.recordedSale(saleId);
    if (!sale) return;
    for (const line of sale.lines) this.add(line.productId, sale.locationId, line.quantity);
    const day = this.day(occurredAt, sale.lines[0]!.unitPrice.currency);
    day.voids += sale.total;
    day.net -= sale.total;
    day.cash -= sale.cash;
    day.card -= sale.card;
  }

  /** An accepted refund or void of a sale the ledger does not hold is the hub's bug; the replay names it. */
  private recordedSale(saleId: string): RecordedSale | undefined {
    const sale = this.sales.get(saleId);
    if (!sale) this.result.unreplayable.push(`a refund or void of sale ${saleId}, which was never recorded`);
    return sale;
  }

  /** The store's local date of `occurredAt`: the business day its money counts towards. */
  private day(occurredAt: string, currency: string): DailySales {
    const businessDate = this.dates.format(new Date(occurredAt));
    const key = `${businessDate} ${currency}`;
    let day = this.result.salesByDate.get(key);
    if (!day) {
      day = { businessDate, currency, gross: 0, refunds: 0, voids: 0, net: 0, cash: 0, card: 0 };
      this.result.salesByDate.set(key, day);
    }
    return day;
  }

  finish(): LedgerReplay {
    for (const { amount, currency, authorized } of this.payments.values()) {
      if (authorized) this.result.exposure.set(currency, (this.result.exposure.get(currency) ?? 0) + amount);
    }
    return this.result;
  }
}

function byMethod(tenders: SaleCompletePayload['tenders']): { cash: number; card: number } {
  const paid = { cash: 0, card: 0 };
  for (const tender of tenders) paid[tender.method] += tender.amount.amount;
  return paid;
}
