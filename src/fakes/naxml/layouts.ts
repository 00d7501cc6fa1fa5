/**
 * The NAXML 3.4 layouts the fake back office accepts, written from the research skeletons (research/upstreams.md
 * §A.3 ISM, §A.4 MCM/TLM/MSM, §A.5 POS journal) and on purpose not from the hub's builders, so the fake is an
 * independent judge of what the hub sends.
 *
 * Each entry lists an element's children in the order they must appear. `Name` once, `Name?` optional, `Name*` any
 * number, `Name+` at least one; `A|B` one element that may be either. An element without an entry is a leaf: text
 * (or only attributes), no child elements. Anything not listed where it appears is an unknown element.
 */
export const LAYOUTS: Readonly<Record<string, readonly string[]>> = {
  'NAXML-POSJournal': ['TransmissionHeader', 'JournalReport'],
  // One report per file, as the hub sends one document per report type.
  'NAXML-MovementReport': [
    'TransmissionHeader',
    'ItemSalesMovement|MerchandiseCodeMovement|TaxLevelMovement|MiscellaneousSummaryMovement',
  ],
  TransmissionHeader: ['StoreLocationID', 'VendorName', 'VendorModelVersion?'],

  // POS journal (§A.5). Passport writes one register event per file.
  JournalReport: ['JournalHeader', 'SaleEvent|RefundEvent|VoidEvent'],
  JournalHeader: [
    'ReportSequenceNumber',
    'PrimaryReportPeriod?',
    'SecondaryReportPeriod?',
    'BusinessDate?',
    'BeginDate?',
    'BeginTime?',
    'EndDate?',
    'EndTime?',
  ],
  SaleEvent: journalEvent(),
  RefundEvent: journalEvent(),
  VoidEvent: journalEvent(),
  TransactionDetailGroup: ['TransactionLine+'],
  TransactionLine: ['ItemLine|TransactionTax|TenderInfo'],
  ItemLine: [
    'ItemCode',
    'Description?',
    'EntryMethod?',
    'ActualSalesPrice?',
    'MerchandiseCode',
    'RegularSellPrice?',
    'SalesQuantity',
    'SalesAmount',
    'ItemTax*',
  ],
  ItemTax: ['TaxLevelID'],
  // The amounts in TLMDetail's order (§A.4); the journal skeleton shows the first three.
  TransactionTax: ['TaxLevelID', 'TaxableSalesAmount?', 'TaxCollectedAmount?', 'TaxExemptSalesAmount?'],
  TenderInfo: ['Tender', 'TenderAmount', 'ChangeFlag?'],
  TransactionSummary: ['TransactionTotalGrossAmount', 'TransactionTotalNetAmount', 'TransactionTotalTaxNetAmount'],

  // Shared by the journal and the movement reports.
  ItemCode: ['POSCodeFormat', 'POSCode', 'POSCodeModifier?', 'InventoryItemID?'],
  Tender: ['TenderCode', 'TenderSubCode?'],

  // Movement reports (§A.3, §A.4): a header, the shift header of shift reports, then the detail rows.
  ItemSalesMovement: movement('ISMDetail'),
  MerchandiseCodeMovement: movement('MCMDetail'),
  TaxLevelMovement: movement('TLMDetail'),
  MiscellaneousSummaryMovement: movement('MSMDetail'),
  MovementHeader: [
    'ReportSequenceNumber',
    'PrimaryReportPeriod',
    'SecondaryReportPeriod',
    'BusinessDate',
    'BeginDate',
    'BeginTime',
    'EndDate',
    'EndTime',
  ],
  SalesMovementHeader: ['RegisterID?', 'CashierID?', 'TillID?', 'EmployeeNumber?'],
  ISMDetail: ['ItemCode', 'ItemID?', 'Description?', 'MerchandiseCode', 'SellingUnits?', 'ISMSellPriceSummary+'],
  ISMSellPriceSummary: ['ActualSalesPrice', 'ISMSalesTotals'],
  ISMSalesTotals: [
    'SalesQuantity',
    'SalesAmount',
    'DiscountAmount?',
    'DiscountCount?',
    'PromotionAmount?',
    'PromotionCount?',
    'RefundAmount?',
    'RefundCount?',
    'TransactionCount?',
  ],
  MCMDetail: ['MerchandiseCode', 'MerchandiseCodeDescription?', 'MCMSalesTotals'],
  MCMSalesTotals: [
    'DiscountAmount?',
    'DiscountCount?',
    'PromotionAmount?',
    'PromotionCount?',
    'RefundAmount?',
    'RefundCount?',
    'SalesQuantity',
    'SalesAmount',
    'TransactionCount?',
    'OpenDepartmentSalesAmount?',
    'OpenDepartmentTransactionCount?',
  ],
  TLMDetail: [
    'TaxLevelID',
    'MerchandiseCode?',
    'TaxableSalesAmount',
    'TaxableSalesRefundedAmount?',
    'TaxCollectedAmount',
    'TaxExemptSalesAmount?',
    'TaxExemptSalesRefundedAmount?',
    'TaxForgivenSalesAmount?',
    'TaxForgivenSalesRefundedAmount?',
    'TaxRefundedAmount?',
  ],
  MSMDetail: ['MiscellaneousSummaryCodes', 'MSMSalesTotals'],
  MiscellaneousSummaryCodes: [
    'MiscellaneousSummaryCode',
    'MiscellaneousSummarySubCode?',
    'MiscellaneousSummarySubCodeModifier?',
  ],
  MSMSalesTotals: ['Tender?', 'MiscellaneousSummaryAmount', 'MiscellaneousSummaryCount'],
};

function journalEvent(): readonly string[] {
  return [
    'CashierID',
    'RegisterID',
    'TillID?',
    'TransactionID',
    'BusinessDate',
    'EventStartDate?',
    'EventStartTime?',
    'ReceiptDate?',
    'ReceiptTime?',
    'TrainingModeFlag?',
    'TransactionDetailGroup',
    'TransactionSummary',
  ];
}

function movement(detail: string): readonly string[] {
  return ['MovementHeader', 'SalesMovementHeader?', `${detail}*`];
}

export type NaxmlDocumentType = 'PJR' | 'ISM' | 'MCM' | 'TLM' | 'MSM';

/** The document type by its root and, for movement reports, the report element under it. */
export const TYPE_OF_BODY: Readonly<Record<string, NaxmlDocumentType>> = {
  JournalReport: 'PJR',
  ItemSalesMovement: 'ISM',
  MerchandiseCodeMovement: 'MCM',
  TaxLevelMovement: 'TLM',
  MiscellaneousSummaryMovement: 'MSM',
};

export const ROOTS: readonly string[] = ['NAXML-POSJournal', 'NAXML-MovementReport'];
export const NAXML_VERSION = '3.4';
