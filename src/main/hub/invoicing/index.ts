import type { Decider } from '../decisions/decision.js';
import { decideInvoiceRequest } from './decide-invoice-request.js';

/** The invoicing event types a device may send, each decided against the projections at its ledger position. */
export const invoicingDeciders: Record<string, Decider> = {
  'invoice.request': decideInvoiceRequest,
};
