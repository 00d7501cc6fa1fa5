/**
 * What the NAXML builders are given (research/upstreams.md §A): the store's figures in its own terms, already
 * summed. Amounts are signed integer minor units; `minorDigits` (2 for PLN, EUR, USD) says where the decimal point
 * goes when they are written out. Dates are the store's local calendar (YYYY-MM-DD), times its local wall clock
 * (HH:MM:SS). Nothing here reads the ledger: the wiring maps ledger facts to these shapes.
 */

/** Every document's `TransmissionHeader`. */
export interface TransmissionHeader {
  storeLocationId: string;
  vendorName: string;
  vendorModelVersion: string;
}

/** Conexxus tender codes the hub uses (research §A.5): cash, and cards taken at the till. */
export type TenderCode = 'cash' | 'creditCards';

// ---------------------------------------------------------------------------------------------------------------
// POS journal (PJR): one document per recorded sale, refund or void.

export type JournalEventKind = 'sale' | 'refund' | 'void';

export interface JournalItemLine {
  /** The product's code as the till scans it (the product id). */
  posCode: string;
  description: string;
  merchandiseCode: string;
  /** Per unit, minor units, always positive. */
  unitPrice: number;
  /** Positive for a sale and for a void's cancelled lines; negative for a refund. */
  quantity: number;
  /** quantity × unitPrice: negative for a refund (refunds are negative end to end). */
  amount: number;
  taxLevelId: string;
  /** `cancel` on every line of a void: the line is reversed, Passport's convention (research §A.5). */
  status: 'normal' | 'cancel';
}

/** One tax level of the transaction; amounts carry the transaction's sign. */
export interface JournalTax {
  taxLevelId: string;
  /** Net of tax (prices in the store include tax). For an exempt level, the exempt sales. */
  taxableAmount: number;
  taxCollected: number;
  exempt: boolean;
}

export interface JournalTender {
  code: TenderCode;
  /** `generic` for cash, e.g. `card` for cards. */
  subCode: string;
  /** Negative when money went back to the customer. */
  amount: number;
}

export interface JournalEntry {
  header: TransmissionHeader;
  kind: JournalEventKind;
  /** The ledger cursor of the fact: unique and increasing, so a back office can spot a gap. */
  reportSequenceNumber: number;
  /** The sale id, refund id, or the voided sale's id. */
  transactionId: string;
  registerId: string;
  cashierId: string;
  businessDate: string;
  eventDate: string;
  eventTime: string;
  lines: JournalItemLine[];
  taxes: JournalTax[];
  tenders: JournalTender[];
  totals: {
    /** Goods at their prices (tax included), with the transaction's sign. */
    gross: number;
    /** gross − tax. */
    net: number;
    tax: number;
  };
  minorDigits: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Movement reports: ISM, MCM, TLM, MSM for one business date (PrimaryReportPeriod 2 = day close).

export interface ReportPeriod {
  businessDate: string;
  beginDate: string;
  beginTime: string;
  endDate: string;
  endTime: string;
}

export interface MovementReportBase {
  header: TransmissionHeader;
  /** The report's revision for its business date: 1 first, 2 the first correction, … (docs/design-notes.md). */
  reportSequenceNumber: number;
  period: ReportPeriod;
  minorDigits: number;
}

/** ISM `ISMSellPriceSummary`: one per price an item sold at that day. */
export interface ItemPriceMovement {
  unitPrice: number;
  salesQuantity: number;
  /** Gross sales at this price. */
  salesAmount: number;
  /** Money back for refunds and voids: zero or negative (Passport sums Sales + Refund as net, research §A.8). */
  refundAmount: number;
  /** Refund and void transactions that returned the item at this price. */
  refundCount: number;
  /** Sale transactions that had the item at this price. */
  transactionCount: number;
}

export interface ItemMovement {
  posCode: string;
  description: string;
  merchandiseCode: string;
  prices: ItemPriceMovement[];
}

export interface ItemSalesMovementReport extends MovementReportBase {
  items: ItemMovement[];
}

export interface MerchandiseCodeMovement {
  merchandiseCode: string;
  description: string;
  salesQuantity: number;
  salesAmount: number;
  /** Zero or negative, as in ISM. */
  refundAmount: number;
  refundCount: number;
  transactionCount: number;
}

export interface MerchandiseCodeMovementReport extends MovementReportBase {
  departments: MerchandiseCodeMovement[];
}

/** TLM: one row per tax level (research §A.8); refunded fields are positive magnitudes, as their names say. */
export interface TaxLevelMovement {
  taxLevelId: string;
  taxableSalesAmount: number;
  taxableSalesRefundedAmount: number;
  taxCollectedAmount: number;
  taxExemptSalesAmount: number;
  taxExemptSalesRefundedAmount: number;
  taxRefundedAmount: number;
}

export interface TaxLevelMovementReport extends MovementReportBase {
  taxLevels: TaxLevelMovement[];
}

/** MSM `MSMDetail`: a code triple and its amount and count; `tender` only on method-of-payment rows. */
export interface MiscellaneousSummary {
  code: string;
  subCode: string;
  modifier?: string | undefined;
  tender?: { code: TenderCode; subCode: string } | undefined;
  amount: number;
  count: number;
}

export interface MiscellaneousSummaryMovementReport extends MovementReportBase {
  summaries: MiscellaneousSummary[];
}

export type MovementReportType = 'ISM' | 'MCM' | 'TLM' | 'MSM';
export const MOVEMENT_REPORT_TYPES: readonly MovementReportType[] = ['ISM', 'MCM', 'TLM', 'MSM'];

// ---------------------------------------------------------------------------------------------------------------
// Acknowledgement: what an HTTPS back office answers (research §A.6).

export type ValidationStatus = 'Success' | 'NonFatalError' | 'FatalError';

export interface AcknowledgementMessage {
  lineNumber: number | null;
  linePosition: number | null;
  message: string;
  severity: string | null;
}

export interface Acknowledgement {
  status: ValidationStatus;
  messages: AcknowledgementMessage[];
}
