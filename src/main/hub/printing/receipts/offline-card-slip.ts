import { UNFORWARDED_STATES, type OfflinePaymentState } from '../../ledger/projections/payments-projector.js';
import { storeHeading, whoLines } from './receipt-blocks.js';
import { ReceiptDocument, type PaperSpec, type StoreHeader } from './receipt-document.js';
import { formatLocalDateTime, formatMoney } from './receipt-format.js';

/** The manager's approval a payment above the policy's threshold was taken under. */
export interface ManagerApproval {
  approvalId: string;
  decidedBy: string | null;
  /** UTC instant. */
  decidedAt: string | null;
}

export interface OfflineCardSlipData {
  paymentId: string;
  saleId: string;
  locationName: string;
  deviceName: string | null;
  /** UTC instant the card was taken. */
  takenAt: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  method: string;
  state: OfflinePaymentState;
  /** null: within the policy, so the till (or the hub) approved it without a manager. */
  approval: ManagerApproval | null;
}

const METHOD_NAMES: Readonly<Record<string, string>> = { card: 'karta' };

/**
 * Until the payment reaches the processor nobody has authorised it, and the card may yet be declined: the slip says
 * so in Polish and in English (card holders are often visitors), so the signed slip is the store's evidence.
 */
function authorisationMarking(doc: ReceiptDocument, state: OfflinePaymentState): void {
  doc.bold(() => {
    doc.centered('*** OFFLINE ***');
    if (!UNFORWARDED_STATES.includes(state)) {
      doc.centered('PRZEKAZANA DO WYDAWCY KARTY');
      doc.centered('SENT TO THE CARD ISSUER');
    } else {
      doc.centered('JESZCZE NIEAUTORYZOWANA PRZEZ WYDAWCĘ KARTY');
      doc.centered('NOT YET AUTHORISED BY THE CARD ISSUER');
    }
  });
}

function approvalLines(doc: ReceiptDocument, slip: OfflineCardSlipData, timeZone: string): void {
  const { approval } = slip;
  if (approval) {
    const when = approval.decidedAt ? `, ${formatLocalDateTime(approval.decidedAt, timeZone)}` : '';
    doc.text(`Zgoda kierownika: ${approval.decidedBy ?? '?'}${when}`);
    doc.leftRight('Nr zgody', approval.approvalId);
  } else if (slip.state === 'held') {
    doc.bold(() => doc.text('WSTRZYMANA: ponad limit płatności offline, czeka na decyzję kierownika'));
  } else {
    doc.text('Zatwierdzona automatycznie w limitach płatności offline sklepu');
  }
}

/** The slip a card holder signs for a card payment taken while the payment processor was out of reach. */
export function offlineCardSlip(slip: OfflineCardSlipData, paper: PaperSpec, store: StoreHeader): Buffer {
  const doc = new ReceiptDocument(paper);
  storeHeading(doc, store, slip.locationName);
  doc.title('PŁATNOŚĆ KARTĄ OFFLINE');
  authorisationMarking(doc, slip.state);
  doc.rule();
  doc.leftRight('Płatność', slip.paymentId);
  doc.leftRight('Sprzedaż', slip.saleId);
  doc.leftRight('Data', formatLocalDateTime(slip.takenAt, store.timeZone));
  whoLines(doc, slip.deviceName, null);
  doc.leftRight('Metoda', METHOD_NAMES[slip.method] ?? slip.method);
  doc.bold(() => doc.leftRight('KWOTA', formatMoney(slip.amount, slip.currency)));
  doc.rule();
  approvalLines(doc, slip, store.timeZone);
  doc.signatureLine('Podpis posiadacza karty');
  return doc.finish();
}
