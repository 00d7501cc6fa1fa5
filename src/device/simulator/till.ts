import { v7 as uuidv7 } from 'uuid';
import { lineTotal, type SaleLine, type Tender } from '../../shared/protocol/sales-payloads.js';
import { TransportError } from '../core/errors.js';
import { takeCardPayment } from './card-checkout.js';
import type { SimulatedDevice } from './simulated-device.js';
import { formatMoney, type StaffContext, type StaffMember } from './staff.js';
import { INVOICE_BUYERS } from './store-ksef.js';
import { PRINT_TALLY } from './store-printer.js';
import {
  BACKROOM,
  CURRENCY,
  FLOOR,
  MAX_UNITS_PER_LINE,
  productsWithRole,
  type SimulatedProduct,
} from './store-catalog.js';

interface RungUpSale {
  saleId: string;
  lines: SaleLine[];
  paidBy: Tender['method'];
  /** the card payment, when paid by card */
  paymentId?: string;
  refunded: boolean;
  voided: boolean;
  /** A sale with a VAT invoice is no longer voided or refunded here: that takes a correcting invoice. */
  invoiced: boolean;
}

const MAX_BASKET_LINES = 4;
/** Of those who could, how many pay by card: most people, with the store's internet down or not. */
const CARD_SHARE = 0.6;
const BIG_TICKET_SHARE = 0.12;
/** Customers who ask for a VAT invoice (businesses buying supplies). */
const INVOICE_SHARE = 0.15;

/** A cashier at a till on the sales floor: sells, refunds, voids and asks the back room for goods. */
export class Till implements StaffMember {
  private readonly sales: RungUpSale[] = [];

  constructor(
    readonly sim: SimulatedDevice,
    private readonly staff: StaffContext,
    private readonly cashierId: string,
  ) {}

  /** One thing at the till, mostly a customer buying something. */
  async act(): Promise<void> {
    const roll = this.staff.random.next();
    if (roll < 0.08 && (await this.refund())) return;
    if (roll < 0.12 && (await this.voidLastSale())) return;
    if (roll < 0.2 && !this.sim.offline && (await this.askForGoods())) return;
    if (roll < 0.23 && (await this.withdrawRequest())) return;
    await this.sell();
  }

  /**
   * A display TV sold although the books say there are none left (a customer insisted, the till is behind): the
   * hub accepts the sale, because it happened, and shows the manager a stock discrepancy.
   */
  async deliberateConflict(): Promise<void> {
    const tv = productsWithRole('clearance')[0]!;
    const quantity = Math.max(1, (await this.sim.stock(tv.id, FLOOR)) + 1);
    const saleId = `sale-${uuidv7()}`;
    const lines = [line(tv, quantity)];
    const amount = lineTotal(lines[0]!);
    const receipt = this.receipt();
    await this.sim.record(
      'sale.complete',
      {
        saleId,
        locationId: FLOOR,
        lines,
        tenders: [{ method: 'cash', amount: { amount, currency: CURRENCY } }],
        cashierId: this.cashierId,
        ...receipt.fields,
      },
      'stock_discrepancy',
    );
    receipt.recorded();
    this.staff.tally.add('sales');
    this.staff.say(`sold ${quantity} × ${tv.name} the books do not have (${formatMoney(amount, CURRENCY)} cash)`);
    await this.openDrawer('cash sale', saleId);
  }

  private async sell(): Promise<void> {
    const lines = await this.basket();
    if (lines.length === 0) {
      this.staff.say('the shelves are empty: nothing to sell');
      return;
    }
    const saleId = `sale-${uuidv7()}`;
    const total = lines.reduce((sum, saleLine) => sum + lineTotal(saleLine), 0);
    const card = this.staff.random.chance(CARD_SHARE)
      ? await takeCardPayment(this.sim, { saleId, locationId: FLOOR, amount: total, currency: CURRENCY }, this.staff)
      : undefined;
    const tenders: Tender[] = card ? [card] : [{ method: 'cash', amount: { amount: total, currency: CURRENCY } }];
    const receipt = this.receipt();
    await this.sim.record('sale.complete', {
      saleId,
      locationId: FLOOR,
      lines,
      tenders,
      cashierId: this.cashierId,
      ...receipt.fields,
    });
    receipt.recorded();
    this.sales.push({
      saleId,
      lines,
      paidBy: card ? 'card' : 'cash',
      ...(card?.paymentId ? { paymentId: card.paymentId } : {}),
      refunded: false,
      voided: false,
      invoiced: false,
    });
    this.staff.tally.add('sales');
    const items = lines.reduce((sum, saleLine) => sum + saleLine.quantity, 0);
    this.staff.say(`sale: ${items} items, ${formatMoney(total, CURRENCY)} ${card ? 'card' : 'cash'}`);
    if (!card) await this.openDrawer('cash sale', saleId);
    if (this.staff.invoicing && this.staff.random.chance(INVOICE_SHARE)) await this.askForInvoice(this.sales.at(-1)!);
  }

  /** The customer wants a VAT invoice: the hub numbers and issues it, offline when KSeF cannot be reached. */
  private async askForInvoice(sale: RungUpSale): Promise<void> {
    const buyer = this.staff.random.pick(INVOICE_BUYERS);
    // With a printer in the store the customer gets it on paper, both QR codes on it; not from a till cut off.
    const { printing } = this.staff;
    const onPaper = printing && !this.sim.offline;
    await this.sim.record('invoice.request', {
      saleId: sale.saleId,
      buyer,
      ...(onPaper ? { printInvoice: true, ...(printing.receiptDefault ? {} : { printerId: printing.printerId }) } : {}),
    });
    if (onPaper) this.staff.tally.add(PRINT_TALLY.invoicesAsked);
    sale.invoiced = true;
    this.staff.tally.add('invoices requested');
    this.staff.say(`invoice asked for by ${buyer.name}`);
  }

  /** Up to four everyday products, and now and then something above the manager threshold, all on the shelf. */
  private async basket(): Promise<SaleLine[]> {
    const { random, stockMargin } = this.staff;
    const wanted = new Set<SimulatedProduct>();
    const lineCount = random.int(1, MAX_BASKET_LINES);
    for (let n = 0; n < lineCount; n++) wanted.add(random.pick(productsWithRole('everyday')));
    if (random.chance(BIG_TICKET_SHARE)) wanted.add(random.pick(productsWithRole('big_ticket')));
    const lines: SaleLine[] = [];
    for (const product of wanted) {
      const quantity = product.role === 'big_ticket' ? 1 : random.int(1, MAX_UNITS_PER_LINE);
      if ((await this.sim.stock(product.id, FLOOR)) - stockMargin >= quantity) lines.push(line(product, quantity));
    }
    return lines;
  }

  /** One unit of an earlier sale's first line comes back; the money goes back to the card it came from, or in cash. */
  private async refund(): Promise<boolean> {
    const sale = this.sales.find((s) => !s.refunded && !s.voided && !s.invoiced);
    if (!sale) return false;
    const first = sale.lines[0]!;
    const toCard = this.cardToReverse(sale);
    const receipt = this.receipt();
    await this.sim.record('sale.refund', {
      saleId: sale.saleId,
      refundId: `refund-${uuidv7()}`,
      lines: [{ productId: first.productId, quantity: 1 }],
      tenders: [
        toCard
          ? { method: 'card', amount: first.unitPrice, paymentId: toCard }
          : { method: 'cash', amount: first.unitPrice },
      ],
      reason: 'the customer changed their mind',
      cashierId: this.cashierId,
      ...receipt.fields,
    });
    receipt.recorded();
    sale.refunded = true;
    this.staff.tally.add('refunds');
    const money = formatMoney(first.unitPrice.amount, CURRENCY);
    if (toCard) {
      this.staff.readers?.reversed(toCard, 'refund');
      this.staff.say(`refund: 1 × ${first.productId}, ${money} back to the card`);
      return true;
    }
    this.staff.say(`refund: 1 × ${first.productId}, ${money} cash back`);
    await this.openDrawer('cash refund', sale.saleId);
    return true;
  }

  /**
   * The last sale was rung up wrong: cancelled whole, if nothing of it came back yet and it was cash, or a card
   * payment whose reversal the simulated readers follow to the processor.
   */
  private async voidLastSale(): Promise<boolean> {
    const sale = this.sales.at(-1);
    if (!sale || sale.refunded || sale.voided || sale.invoiced) return false;
    const toCard = this.cardToReverse(sale);
    if (sale.paidBy !== 'cash' && !toCard) return false;
    await this.sim.record('sale.void', { saleId: sale.saleId, reason: 'rung up wrong', cashierId: this.cashierId });
    sale.voided = true;
    if (toCard) this.staff.readers?.reversed(toCard, 'void');
    this.staff.tally.add('voids');
    this.staff.say(`voided the last sale${toCard ? ' (its card payment too)' : ''}`);
    return true;
  }

  /**
   * The card payment a reversal goes back to: only with the readers simulated (the processor must see it), and not
   * one its issuer declined, since that money never came in.
   */
  private cardToReverse(sale: RungUpSale): string | undefined {
    const { readers } = this.staff;
    return sale.paymentId !== undefined && readers?.approved(sale.paymentId) ? sale.paymentId : undefined;
  }

  /**
   * With a printer in the store, a sale or refund asks the hub for its receipt, which the hub queues when the event
   * arrives. A till cut off from the hub does not ask: the receipt would come out long after the customer left.
   */
  private receipt(): { fields: { printReceipt?: true; receiptPrinterId?: string }; recorded: () => void } {
    const { printing, tally } = this.staff;
    if (!printing) return { fields: {}, recorded: () => undefined };
    if (this.sim.offline) return { fields: {}, recorded: () => tally.add(PRINT_TALLY.receiptsSkipped) };
    const named = printing.receiptDefault ? {} : { receiptPrinterId: printing.printerId };
    return { fields: { printReceipt: true, ...named }, recorded: () => tally.add(PRINT_TALLY.receiptsAsked) };
  }

  /**
   * Cash in or out: the drawer opens through the hub, which logs who, why and for which sale. Cut off from the hub
   * the till cannot open it (the cashier uses the key, and nothing is logged), so it is only counted.
   */
  private async openDrawer(reason: string, saleId: string): Promise<void> {
    const { printing, tally } = this.staff;
    if (!printing) return;
    if (!this.sim.offline) {
      try {
        await this.sim.device.openDrawer(printing.printerId, { reason, saleId, cashierId: this.cashierId });
        tally.add(PRINT_TALLY.drawerAsked);
        return;
      } catch (error) {
        // Cut off between the sale and the drawer: the same as cut off before it.
        if (!(error instanceof TransportError)) throw error;
      }
    }
    tally.add(PRINT_TALLY.drawerSkipped);
    this.staff.say('the drawer stays shut: no hub to open it (opened with the key)');
  }

  /** The floor runs low on something: a transfer request to the back room, posted once the hub has it. */
  private async askForGoods(): Promise<boolean> {
    const { random } = this.staff;
    const product = random.pick(productsWithRole('everyday'));
    const request = {
      requestId: `req-${uuidv7()}`,
      kind: 'transfer',
      productId: product.id,
      fromLocationId: BACKROOM,
      toLocationId: FLOOR,
      quantity: random.int(2 * MAX_UNITS_PER_LINE, 4 * MAX_UNITS_PER_LINE),
      note: 'the shelf is running low',
    };
    const envelope = await this.sim.record('request.create', request);
    try {
      await this.sim.device.sync();
    } catch {
      return true; // the hub has not got it yet, so no handheld can act on it; it syncs later
    }
    if ((await this.sim.device.statusOf(envelope.id))?.status === 'synced') this.staff.board.post(request);
    this.staff.tally.add('requests created');
    this.staff.say(`asked the back room for ${request.quantity} × ${product.name}`);
    return true;
  }

  /** Another cashier found the goods after all: a request nobody took yet is cancelled. */
  private async withdrawRequest(): Promise<boolean> {
    const request = this.staff.board.withdraw();
    if (!request) return false;
    await this.sim.record('request.cancel', { requestId: request.requestId, expectedVersion: 1 });
    this.staff.tally.add('requests cancelled');
    this.staff.say(`cancelled the request for ${request.quantity} × ${request.productId}`);
    return true;
  }
}

function line(product: SimulatedProduct, quantity: number): SaleLine {
  return {
    productId: product.id,
    quantity,
    unitPrice: { amount: product.price, currency: CURRENCY },
    taxRate: product.taxRate,
  };
}
