import type { AlertRule } from '../../alert-rule.js';

interface Row {
  payment_id: string;
  sale_id: string;
  amount: number;
  currency: string;
  state: string;
  cashier_id: string | null;
  problem: string | null;
}

/** A card payment declined after forwarding, or whose hold lapsed: money the store handed over goods for and lost. */
export const paymentsAtRisk: AlertRule = (db) =>
  db
    .prepare<[], Row>(
      `SELECT p.payment_id, p.sale_id, p.amount, p.currency, p.state, s.cashier_id, p.problem
       FROM offline_payments p LEFT JOIN sales s ON s.sale_id = p.sale_id
       WHERE p.state IN ('declined', 'expired')`,
    )
    .all()
    .map((row) => ({
      key: `payment-at-risk:${row.payment_id}`,
      severity: 'critical',
      subject: `payment:${row.payment_id}`,
      message:
        `Card payment ${row.payment_id} (sale ${row.sale_id}, ${row.amount} minor units of ${row.currency}` +
        `${row.cashier_id ? `, cashier ${row.cashier_id}` : ''}) was ${row.state}: ${row.problem ?? 'no reason given'}`,
      data: {
        paymentId: row.payment_id,
        saleId: row.sale_id,
        cashier: row.cashier_id,
        amount: { amount: row.amount, currency: row.currency },
        state: row.state,
      },
    }));
