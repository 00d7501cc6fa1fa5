import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { decimalAmount, integerText, decimalPrice } from '../../../src/main/hub/xml/decimal-text.js';
import { journalFileName, movementFileName } from '../../../src/main/hub/upstream/naxml/file-names.js';
import {
  buildItemSalesMovement,
  buildMerchandiseCodeMovement,
  buildMiscellaneousSummaryMovement,
  buildTaxLevelMovement,
} from '../../../src/main/hub/upstream/naxml/movement-reports.js';
import type {
  ItemSalesMovementReport,
  JournalEntry,
  MerchandiseCodeMovementReport,
  MiscellaneousSummaryMovementReport,
  MovementReportBase,
  TaxLevelMovementReport,
} from '../../../src/main/hub/upstream/naxml/naxml-documents.js';
import { MOVEMENT_REPORT_TYPES } from '../../../src/main/hub/upstream/naxml/naxml-documents.js';
import { posCodeFormatOf } from '../../../src/main/hub/upstream/naxml/pos-code-format.js';
import { buildPosJournal } from '../../../src/main/hub/upstream/naxml/pos-journal.js';
import { buildDocument } from '../../../src/main/hub/xml/xml-document.js';

// ---------------------------------------------------------------------------------------------------------------
// Reading the output back: element order is compared as an outline, where a leaf is its name and an element with
// children is `{ name: [children…] }`.

type Outline = string | { [name: string]: Outline[] };
type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  ignoreDeclaration: true,
  parseTagValue: false,
});

const parse = (xml: string): OrderedNode[] => parser.parse(xml) as OrderedNode[];

function nameOf(node: OrderedNode): string {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (name === undefined) throw new Error('node without a name');
  return name;
}

const isElement = (node: OrderedNode): boolean => nameOf(node) !== '#text';
const childrenOf = (node: OrderedNode): OrderedNode[] => node[nameOf(node)] as OrderedNode[];

function outlineOf(nodes: OrderedNode[]): Outline[] {
  return nodes.filter(isElement).map((node) => {
    const children = outlineOf(childrenOf(node));
    return children.length === 0 ? nameOf(node) : { [nameOf(node)]: children };
  });
}

const outline = (xml: string): Outline[] => outlineOf(parse(xml));

/** Every element named `name`, in document order. */
function elementsNamed(xml: string, name: string): OrderedNode[] {
  const found: OrderedNode[] = [];
  const walk = (nodes: OrderedNode[]): void => {
    for (const node of nodes.filter(isElement)) {
      if (nameOf(node) === name) found.push(node);
      walk(childrenOf(node));
    }
  };
  walk(parse(xml));
  return found;
}

const textOf = (node: OrderedNode): string =>
  childrenOf(node)
    .map((child) => child['#text'])
    .join('');

const texts = (xml: string, name: string): string[] => elementsNamed(xml, name).map(textOf);

const attributes = (xml: string, name: string, attribute: string): unknown[] =>
  elementsNamed(xml, name).map((node) => (node[':@'] as Record<string, unknown>)[`@_${attribute}`]);

// ---------------------------------------------------------------------------------------------------------------
// The layouts (research/upstreams.md §A.3–A.5, A.8).

const TRANSMISSION_HEADER: Outline = { TransmissionHeader: ['StoreLocationID', 'VendorName', 'VendorModelVersion'] };
const ITEM_CODE: Outline = { ItemCode: ['POSCodeFormat', 'POSCode', 'POSCodeModifier'] };
const ITEM_LINE: Outline = {
  TransactionLine: [
    {
      ItemLine: [
        ITEM_CODE,
        'Description',
        'ActualSalesPrice',
        'MerchandiseCode',
        'RegularSellPrice',
        'SalesQuantity',
        'SalesAmount',
        { ItemTax: ['TaxLevelID'] },
      ],
    },
  ],
};
const TAXABLE_LINE: Outline = {
  TransactionLine: [{ TransactionTax: ['TaxLevelID', 'TaxableSalesAmount', 'TaxCollectedAmount'] }],
};
const EXEMPT_LINE: Outline = {
  TransactionLine: [{ TransactionTax: ['TaxLevelID', 'TaxCollectedAmount', 'TaxExemptSalesAmount'] }],
};
const TENDER_LINE: Outline = {
  TransactionLine: [{ TenderInfo: [{ Tender: ['TenderCode', 'TenderSubCode'] }, 'TenderAmount', 'ChangeFlag'] }],
};

function journalLayout(event: string, lines: Outline[]): Outline[] {
  return [
    {
      'NAXML-POSJournal': [
        TRANSMISSION_HEADER,
        {
          JournalReport: [
            { JournalHeader: ['ReportSequenceNumber', 'PrimaryReportPeriod', 'BeginDate'] },
            {
              [event]: [
                'CashierID',
                'RegisterID',
                'TransactionID',
                'BusinessDate',
                'EventStartDate',
                'EventStartTime',
                'ReceiptDate',
                'ReceiptTime',
                'TrainingModeFlag',
                { TransactionDetailGroup: lines },
                {
                  TransactionSummary: [
                    'TransactionTotalGrossAmount',
                    'TransactionTotalNetAmount',
                    'TransactionTotalTaxNetAmount',
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ];
}

const MOVEMENT_HEADER: Outline = {
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
};

function movementLayout(movement: string, details: Outline[]): Outline[] {
  return [{ 'NAXML-MovementReport': [TRANSMISSION_HEADER, { [movement]: [MOVEMENT_HEADER, ...details] }] }];
}

const ISM_PRICE: Outline = {
  ISMSellPriceSummary: [
    'ActualSalesPrice',
    {
      ISMSalesTotals: [
        'SalesQuantity',
        'SalesAmount',
        'DiscountAmount',
        'DiscountCount',
        'PromotionAmount',
        'PromotionCount',
        'RefundAmount',
        'RefundCount',
        'TransactionCount',
      ],
    },
  ],
};

function ismDetailLayout(prices: number): Outline {
  return {
    ISMDetail: [
      ITEM_CODE,
      'ItemID',
      'Description',
      'MerchandiseCode',
      'SellingUnits',
      ...Array.from({ length: prices }, () => ISM_PRICE),
    ],
  };
}

const MCM_DETAIL: Outline = {
  MCMDetail: [
    'MerchandiseCode',
    'MerchandiseCodeDescription',
    {
      MCMSalesTotals: [
        'DiscountAmount',
        'DiscountCount',
        'PromotionAmount',
        'PromotionCount',
        'RefundAmount',
        'RefundCount',
        'SalesQuantity',
        'SalesAmount',
        'TransactionCount',
        'OpenDepartmentSalesAmount',
        'OpenDepartmentTransactionCount',
      ],
    },
  ],
};

const TLM_DETAIL: Outline = {
  TLMDetail: [
    'TaxLevelID',
    'TaxableSalesAmount',
    'TaxableSalesRefundedAmount',
    'TaxCollectedAmount',
    'TaxExemptSalesAmount',
    'TaxExemptSalesRefundedAmount',
    'TaxForgivenSalesAmount',
    'TaxForgivenSalesRefundedAmount',
    'TaxRefundedAmount',
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: a day at store 1022 with a taxable cola (UPC-A) and tax-exempt rolls (store PLU).

const header = { storeLocationId: '1022', vendorName: 'Backroom', vendorModelVersion: '0.1.0' };

const cola = {
  posCode: '012345678905',
  description: 'COLA 0,5L',
  merchandiseCode: '400',
  unitPrice: 229,
  taxLevelId: 'A',
};
const rolls = {
  posCode: '2001',
  description: 'Bułka kajzerka',
  merchandiseCode: '100',
  unitPrice: 80,
  taxLevelId: 'E',
};

function sale(): JournalEntry {
  return {
    header,
    kind: 'sale',
    reportSequenceNumber: 4711,
    transactionId: 'sale-01',
    registerId: '2',
    cashierId: '91',
    businessDate: '2026-12-06',
    eventDate: '2026-12-06',
    eventTime: '10:15:00',
    lines: [
      { ...cola, quantity: 2, amount: 458, status: 'normal' },
      { ...rolls, quantity: 3, amount: 240, status: 'normal' },
    ],
    taxes: [
      { taxLevelId: 'A', taxableAmount: 372, taxCollected: 86, exempt: false },
      { taxLevelId: 'E', taxableAmount: 240, taxCollected: 0, exempt: true },
    ],
    tenders: [
      { code: 'cash', subCode: 'generic', amount: 500 },
      { code: 'creditCards', subCode: 'card', amount: 198 },
    ],
    totals: { gross: 698, net: 612, tax: 86 },
    minorDigits: 2,
  };
}

function refund(): JournalEntry {
  return {
    ...sale(),
    kind: 'refund',
    reportSequenceNumber: 4712,
    transactionId: 'refund-01',
    lines: [{ ...cola, quantity: -1, amount: -229, status: 'normal' }],
    taxes: [{ taxLevelId: 'A', taxableAmount: -186, taxCollected: -43, exempt: false }],
    tenders: [{ code: 'cash', subCode: 'generic', amount: -229 }],
    totals: { gross: -229, net: -186, tax: -43 },
  };
}

function voided(): JournalEntry {
  const original = sale();
  return {
    ...original,
    kind: 'void',
    reportSequenceNumber: 4713,
    lines: original.lines.map((line) => ({ ...line, status: 'cancel' })),
  };
}

const reportBase: MovementReportBase = {
  header,
  reportSequenceNumber: 1,
  period: {
    businessDate: '2026-12-06',
    beginDate: '2026-12-06',
    beginTime: '06:00:00',
    endDate: '2026-12-06',
    endTime: '22:00:00',
  },
  minorDigits: 2,
};

const ism: ItemSalesMovementReport = {
  ...reportBase,
  items: [
    {
      posCode: cola.posCode,
      description: cola.description,
      merchandiseCode: '400',
      prices: [
        {
          unitPrice: 229,
          salesQuantity: 2,
          salesAmount: 458,
          refundAmount: -229,
          refundCount: 1,
          transactionCount: 1,
        },
        { unitPrice: 199, salesQuantity: 1, salesAmount: 199, refundAmount: 0, refundCount: 0, transactionCount: 1 },
      ],
    },
    {
      posCode: rolls.posCode,
      description: rolls.description,
      merchandiseCode: '100',
      prices: [
        { unitPrice: 80, salesQuantity: 3, salesAmount: 240, refundAmount: 0, refundCount: 0, transactionCount: 1 },
      ],
    },
  ],
};

const mcm: MerchandiseCodeMovementReport = {
  ...reportBase,
  departments: [
    {
      merchandiseCode: '100',
      description: 'PIECZYWO',
      salesQuantity: 3,
      salesAmount: 240,
      refundAmount: 0,
      refundCount: 0,
      transactionCount: 1,
    },
    {
      merchandiseCode: '400',
      description: 'NAPOJE',
      salesQuantity: 3,
      salesAmount: 657,
      refundAmount: -229,
      refundCount: 1,
      transactionCount: 2,
    },
  ],
};

const tlm: TaxLevelMovementReport = {
  ...reportBase,
  taxLevels: [
    {
      taxLevelId: 'A',
      taxableSalesAmount: 534,
      taxableSalesRefundedAmount: 186,
      taxCollectedAmount: 123,
      taxExemptSalesAmount: 0,
      taxExemptSalesRefundedAmount: 0,
      taxRefundedAmount: 43,
    },
    {
      taxLevelId: 'E',
      taxableSalesAmount: 0,
      taxableSalesRefundedAmount: 0,
      taxCollectedAmount: 0,
      taxExemptSalesAmount: 240,
      taxExemptSalesRefundedAmount: 0,
      taxRefundedAmount: 0,
    },
  ],
};

const msm: MiscellaneousSummaryMovementReport = {
  ...reportBase,
  summaries: [
    {
      code: 'sales',
      subCode: 'MOP',
      modifier: '0',
      tender: { code: 'cash', subCode: 'generic' },
      amount: 271,
      count: 2,
    },
    { code: 'totalizer', subCode: 'tax', modifier: 'taxColl', amount: 80, count: 0 },
    { code: 'statistics', subCode: 'transactions', amount: 0, count: 3 },
  ],
};

// ---------------------------------------------------------------------------------------------------------------

describe('decimalAmount', () => {
  it('places the decimal point by string arithmetic', () => {
    expect(decimalAmount(1234, 2)).toBe('12.34');
    expect(decimalAmount(-5, 2)).toBe('-0.05');
    expect(decimalAmount(0, 2)).toBe('0.00');
    expect(decimalAmount(-0, 2)).toBe('0.00');
    expect(decimalAmount(1200, 0)).toBe('1200');
    expect(decimalAmount(-1200, 0)).toBe('-1200');
    expect(decimalAmount(7, 3)).toBe('0.007');
    expect(decimalAmount(100, 2)).toBe('1.00');
    expect(decimalAmount(-123456, 2)).toBe('-1234.56');
    // Past 2^53 / 100 a float division would already have lost the last digit.
    expect(decimalAmount(Number.MAX_SAFE_INTEGER, 2)).toBe('90071992547409.91');
    expect(decimalAmount(Number.MIN_SAFE_INTEGER, 2)).toBe('-90071992547409.91');
  });

  it('rejects what is not a safe integer', () => {
    for (const minor of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => decimalAmount(minor, 2)).toThrow(RangeError);
    }
    expect(() => decimalAmount(1, -1)).toThrow(RangeError);
    expect(() => decimalAmount(1, 1.5)).toThrow(RangeError);
  });

  it('writes quantities as plain integers and refuses negative prices', () => {
    expect(integerText(-3)).toBe('-3');
    expect(integerText(-0)).toBe('0');
    expect(integerText(1e15)).toBe('1000000000000000');
    expect(() => integerText(0.5)).toThrow(RangeError);
    expect(decimalPrice(0, 2)).toBe('0.00');
    expect(() => decimalPrice(-1, 2)).toThrow(RangeError);
  });
});

describe('posCodeFormatOf', () => {
  it('tells barcodes by their digit count and calls anything else a PLU', () => {
    expect(posCodeFormatOf('012345678905')).toBe('upcA');
    expect(posCodeFormatOf('5901234123457')).toBe('ean13');
    expect(posCodeFormatOf('96385074')).toBe('ean8');
    expect(posCodeFormatOf('00012345678905')).toBe('gtin');
    for (const code of ['2001', '', '1234567', '123456789', 'ABCDEFGHIJKL', '01234567890a', '590123412345 ']) {
      expect(posCodeFormatOf(code)).toBe('plu');
    }
  });
});

describe('POS journal', () => {
  it('writes a sale in the Passport element order, an exempt level without taxable fields', () => {
    const xml = buildPosJournal(sale());
    expect(outline(xml)).toEqual(
      journalLayout('SaleEvent', [ITEM_LINE, ITEM_LINE, TAXABLE_LINE, EXEMPT_LINE, TENDER_LINE, TENDER_LINE]),
    );
    expect(attributes(xml, 'NAXML-POSJournal', 'version')).toEqual(['3.4']);
    expect(attributes(xml, 'POSCodeFormat', 'format')).toEqual(['upcA', 'plu']);
    expect(attributes(xml, 'TransactionLine', 'status')).toEqual(Array(6).fill('normal'));
    expect(attributes(xml, 'TrainingModeFlag', 'value')).toEqual(['no']);
    expect(attributes(xml, 'ChangeFlag', 'value')).toEqual(['no', 'no']);
    expect(texts(xml, 'ReportSequenceNumber')).toEqual(['4711']);
    expect(texts(xml, 'PrimaryReportPeriod')).toEqual(['2']);
    expect(texts(xml, 'BeginDate')).toEqual(['2026-12-06']);
    expect(texts(xml, 'EventStartTime')).toEqual(['10:15:00']);
    expect(texts(xml, 'ReceiptTime')).toEqual(['10:15:00']);
    expect(texts(xml, 'POSCodeModifier')).toEqual(['0', '0']);
    expect(texts(xml, 'ActualSalesPrice')).toEqual(['2.29', '0.80']);
    expect(texts(xml, 'RegularSellPrice')).toEqual(['2.29', '0.80']);
    expect(texts(xml, 'SalesQuantity')).toEqual(['2', '3']);
    expect(texts(xml, 'SalesAmount')).toEqual(['4.58', '2.40']);
    expect(texts(xml, 'TaxLevelID')).toEqual(['A', 'E', 'A', 'E']);
    expect(texts(xml, 'TaxableSalesAmount')).toEqual(['3.72']);
    expect(texts(xml, 'TaxExemptSalesAmount')).toEqual(['2.40']);
    expect(texts(xml, 'TaxCollectedAmount')).toEqual(['0.86', '0.00']);
    expect(texts(xml, 'TenderCode')).toEqual(['cash', 'creditCards']);
    expect(texts(xml, 'TenderSubCode')).toEqual(['generic', 'card']);
    expect(texts(xml, 'TenderAmount')).toEqual(['5.00', '1.98']);
    expect(texts(xml, 'TransactionTotalGrossAmount')).toEqual(['6.98']);
    expect(texts(xml, 'TransactionTotalNetAmount')).toEqual(['6.12']);
    expect(texts(xml, 'TransactionTotalTaxNetAmount')).toEqual(['0.86']);
  });

  it('writes a refund negative end to end, with positive prices', () => {
    const xml = buildPosJournal(refund());
    expect(outline(xml)).toEqual(journalLayout('RefundEvent', [ITEM_LINE, TAXABLE_LINE, TENDER_LINE]));
    expect(texts(xml, 'ActualSalesPrice')).toEqual(['2.29']);
    expect(texts(xml, 'RegularSellPrice')).toEqual(['2.29']);
    expect(texts(xml, 'SalesQuantity')).toEqual(['-1']);
    expect(texts(xml, 'SalesAmount')).toEqual(['-2.29']);
    expect(texts(xml, 'TaxableSalesAmount')).toEqual(['-1.86']);
    expect(texts(xml, 'TaxCollectedAmount')).toEqual(['-0.43']);
    expect(texts(xml, 'TenderAmount')).toEqual(['-2.29']);
    expect(texts(xml, 'TransactionTotalGrossAmount')).toEqual(['-2.29']);
    expect(texts(xml, 'TransactionTotalNetAmount')).toEqual(['-1.86']);
    expect(texts(xml, 'TransactionTotalTaxNetAmount')).toEqual(['-0.43']);
  });

  it('writes a void with every item line cancelled', () => {
    const xml = buildPosJournal(voided());
    expect(outline(xml)).toEqual(
      journalLayout('VoidEvent', [ITEM_LINE, ITEM_LINE, TAXABLE_LINE, EXEMPT_LINE, TENDER_LINE, TENDER_LINE]),
    );
    const statuses = elementsNamed(xml, 'TransactionLine').map((line) => [
      nameOf(childrenOf(line).filter(isElement)[0] ?? {}),
      (line[':@'] as Record<string, unknown>)['@_status'],
    ]);
    expect(statuses).toEqual([
      ['ItemLine', 'cancel'],
      ['ItemLine', 'cancel'],
      ['TransactionTax', 'normal'],
      ['TransactionTax', 'normal'],
      ['TenderInfo', 'normal'],
      ['TenderInfo', 'normal'],
    ]);
  });

  it('refuses a negative unit price rather than writing it', () => {
    const entry = sale();
    entry.lines[0] = { ...cola, unitPrice: -229, quantity: 2, amount: 458, status: 'normal' };
    expect(() => buildPosJournal(entry)).toThrow(RangeError);
  });

  it('writes a tiny sale exactly like this', () => {
    const entry: JournalEntry = {
      header: { storeLocationId: '7', vendorName: 'Backroom', vendorModelVersion: '1.0' },
      kind: 'sale',
      reportSequenceNumber: 1,
      transactionId: 'T1',
      registerId: '1',
      cashierId: '5',
      businessDate: '2026-01-02',
      eventDate: '2026-01-02',
      eventTime: '08:00:00',
      lines: [
        {
          posCode: '1',
          description: 'Woda',
          merchandiseCode: '9',
          unitPrice: 150,
          quantity: 1,
          amount: 150,
          taxLevelId: 'B',
          status: 'normal',
        },
      ],
      taxes: [{ taxLevelId: 'B', taxableAmount: 139, taxCollected: 11, exempt: false }],
      tenders: [{ code: 'cash', subCode: 'generic', amount: 150 }],
      totals: { gross: 150, net: 139, tax: 11 },
      minorDigits: 2,
    };
    expect(buildPosJournal(entry)).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<NAXML-POSJournal version="3.4">
  <TransmissionHeader>
    <StoreLocationID>7</StoreLocationID>
    <VendorName>Backroom</VendorName>
    <VendorModelVersion>1.0</VendorModelVersion>
  </TransmissionHeader>
  <JournalReport>
    <JournalHeader>
      <ReportSequenceNumber>1</ReportSequenceNumber>
      <PrimaryReportPeriod>2</PrimaryReportPeriod>
      <BeginDate>2026-01-02</BeginDate>
    </JournalHeader>
    <SaleEvent>
      <CashierID>5</CashierID>
      <RegisterID>1</RegisterID>
      <TransactionID>T1</TransactionID>
      <BusinessDate>2026-01-02</BusinessDate>
      <EventStartDate>2026-01-02</EventStartDate>
      <EventStartTime>08:00:00</EventStartTime>
      <ReceiptDate>2026-01-02</ReceiptDate>
      <ReceiptTime>08:00:00</ReceiptTime>
      <TrainingModeFlag value="no"/>
      <TransactionDetailGroup>
        <TransactionLine status="normal">
          <ItemLine>
            <ItemCode>
              <POSCodeFormat format="plu"/>
              <POSCode>1</POSCode>
              <POSCodeModifier>0</POSCodeModifier>
            </ItemCode>
            <Description>Woda</Description>
            <ActualSalesPrice>1.50</ActualSalesPrice>
            <MerchandiseCode>9</MerchandiseCode>
            <RegularSellPrice>1.50</RegularSellPrice>
            <SalesQuantity>1</SalesQuantity>
            <SalesAmount>1.50</SalesAmount>
            <ItemTax>
              <TaxLevelID>B</TaxLevelID>
            </ItemTax>
          </ItemLine>
        </TransactionLine>
        <TransactionLine status="normal">
          <TransactionTax>
            <TaxLevelID>B</TaxLevelID>
            <TaxableSalesAmount>1.39</TaxableSalesAmount>
            <TaxCollectedAmount>0.11</TaxCollectedAmount>
          </TransactionTax>
        </TransactionLine>
        <TransactionLine status="normal">
          <TenderInfo>
            <Tender>
              <TenderCode>cash</TenderCode>
              <TenderSubCode>generic</TenderSubCode>
            </Tender>
            <TenderAmount>1.50</TenderAmount>
            <ChangeFlag value="no"/>
          </TenderInfo>
        </TransactionLine>
      </TransactionDetailGroup>
      <TransactionSummary>
        <TransactionTotalGrossAmount>1.50</TransactionTotalGrossAmount>
        <TransactionTotalNetAmount>1.39</TransactionTotalNetAmount>
        <TransactionTotalTaxNetAmount>0.11</TransactionTotalTaxNetAmount>
      </TransactionSummary>
    </SaleEvent>
  </JournalReport>
</NAXML-POSJournal>
`);
  });
});

describe('movement reports', () => {
  it('ISM: one detail per item, one sell-price summary per price', () => {
    const xml = buildItemSalesMovement(ism);
    expect(outline(xml)).toEqual(movementLayout('ItemSalesMovement', [ismDetailLayout(2), ismDetailLayout(1)]));
    expect(attributes(xml, 'NAXML-MovementReport', 'version')).toEqual(['3.4']);
    expect(texts(xml, 'PrimaryReportPeriod')).toEqual(['2']);
    expect(texts(xml, 'SecondaryReportPeriod')).toEqual(['0']);
    expect(texts(xml, 'BeginTime')).toEqual(['06:00:00']);
    expect(texts(xml, 'EndTime')).toEqual(['22:00:00']);
    expect(attributes(xml, 'POSCodeFormat', 'format')).toEqual(['upcA', 'plu']);
    expect(texts(xml, 'ItemID')).toEqual(['012345678905', '2001']);
    expect(texts(xml, 'Description')).toEqual(['COLA 0,5L', 'Bułka kajzerka']);
    expect(texts(xml, 'SellingUnits')).toEqual(['1', '1']);
    expect(texts(xml, 'ActualSalesPrice')).toEqual(['2.29', '1.99', '0.80']);
    expect(texts(xml, 'SalesAmount')).toEqual(['4.58', '1.99', '2.40']);
    expect(texts(xml, 'DiscountAmount')).toEqual(['0.00', '0.00', '0.00']);
    expect(texts(xml, 'PromotionCount')).toEqual(['0', '0', '0']);
    expect(texts(xml, 'RefundAmount')).toEqual(['-2.29', '0.00', '0.00']);
    expect(texts(xml, 'RefundCount')).toEqual(['1', '0', '0']);
    expect(texts(xml, 'TransactionCount')).toEqual(['1', '1', '1']);
  });

  it('MCM: one detail per department', () => {
    const xml = buildMerchandiseCodeMovement(mcm);
    expect(outline(xml)).toEqual(movementLayout('MerchandiseCodeMovement', [MCM_DETAIL, MCM_DETAIL]));
    expect(texts(xml, 'MerchandiseCodeDescription')).toEqual(['PIECZYWO', 'NAPOJE']);
    expect(texts(xml, 'SalesAmount')).toEqual(['2.40', '6.57']);
    expect(texts(xml, 'RefundAmount')).toEqual(['0.00', '-2.29']);
    expect(texts(xml, 'OpenDepartmentSalesAmount')).toEqual(['0.00', '0.00']);
    expect(texts(xml, 'OpenDepartmentTransactionCount')).toEqual(['0', '0']);
  });

  it('TLM: one detail per tax level, an exempt level in the exempt fields', () => {
    const xml = buildTaxLevelMovement(tlm);
    expect(outline(xml)).toEqual(movementLayout('TaxLevelMovement', [TLM_DETAIL, TLM_DETAIL]));
    expect(texts(xml, 'TaxLevelID')).toEqual(['A', 'E']);
    expect(texts(xml, 'TaxableSalesAmount')).toEqual(['5.34', '0.00']);
    expect(texts(xml, 'TaxableSalesRefundedAmount')).toEqual(['1.86', '0.00']);
    expect(texts(xml, 'TaxCollectedAmount')).toEqual(['1.23', '0.00']);
    expect(texts(xml, 'TaxExemptSalesAmount')).toEqual(['0.00', '2.40']);
    expect(texts(xml, 'TaxForgivenSalesAmount')).toEqual(['0.00', '0.00']);
    expect(texts(xml, 'TaxRefundedAmount')).toEqual(['0.43', '0.00']);
  });

  it('MSM: the modifier and the tender only where given', () => {
    const xml = buildMiscellaneousSummaryMovement(msm);
    const codes = (modifier: boolean): Outline => ({
      MiscellaneousSummaryCodes: [
        'MiscellaneousSummaryCode',
        'MiscellaneousSummarySubCode',
        ...(modifier ? ['MiscellaneousSummarySubCodeModifier'] : []),
      ],
    });
    const totals = (tender: boolean): Outline => ({
      MSMSalesTotals: [
        ...(tender ? [{ Tender: ['TenderCode', 'TenderSubCode'] }] : []),
        'MiscellaneousSummaryAmount',
        'MiscellaneousSummaryCount',
      ],
    });
    expect(outline(xml)).toEqual(
      movementLayout('MiscellaneousSummaryMovement', [
        { MSMDetail: [codes(true), totals(true)] },
        { MSMDetail: [codes(true), totals(false)] },
        { MSMDetail: [codes(false), totals(false)] },
      ]),
    );
    expect(texts(xml, 'MiscellaneousSummaryCode')).toEqual(['sales', 'totalizer', 'statistics']);
    expect(texts(xml, 'MiscellaneousSummarySubCodeModifier')).toEqual(['0', 'taxColl']);
    expect(texts(xml, 'TenderCode')).toEqual(['cash']);
    expect(texts(xml, 'MiscellaneousSummaryAmount')).toEqual(['2.71', '0.80', '0.00']);
    expect(texts(xml, 'MiscellaneousSummaryCount')).toEqual(['2', '0', '3']);
  });

  it('writes a day with no sales as a header-only document', () => {
    const empty: Array<[string, string]> = [
      ['ItemSalesMovement', buildItemSalesMovement({ ...reportBase, items: [] })],
      ['MerchandiseCodeMovement', buildMerchandiseCodeMovement({ ...reportBase, departments: [] })],
      ['TaxLevelMovement', buildTaxLevelMovement({ ...reportBase, taxLevels: [] })],
      ['MiscellaneousSummaryMovement', buildMiscellaneousSummaryMovement({ ...reportBase, summaries: [] })],
    ];
    for (const [movement, xml] of empty) {
      expect(outline(xml)).toEqual(movementLayout(movement, []));
    }
  });

  it('writes amounts with the report currency’s minor digits', () => {
    const xml = buildTaxLevelMovement({ ...tlm, minorDigits: 0 });
    expect(texts(xml, 'TaxableSalesAmount')).toEqual(['534', '0']);
    expect(texts(xml, 'TaxForgivenSalesAmount')).toEqual(['0', '0']);
  });
});

describe('XML text', () => {
  it('declares UTF-8 and ends with exactly one newline', () => {
    for (const xml of [buildPosJournal(sale()), buildItemSalesMovement(ism)]) {
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<NAXML-')).toBe(true);
      expect(xml.endsWith('>\n')).toBe(true);
      expect(xml.endsWith('\n\n')).toBe(false);
    }
  });

  it('escapes markup characters in names so they read back unchanged', () => {
    const name = `A&B <x> "q" 'r'`;
    const entry = sale();
    entry.lines = [{ ...cola, description: name, quantity: 1, amount: 229, status: 'normal' }];
    const journal = buildPosJournal(entry);
    expect(journal).toContain('<Description>A&amp;B &lt;x&gt; &quot;q&quot; &apos;r&apos;</Description>');
    expect(texts(journal, 'Description')).toEqual([name]);

    const departments = [{ ...mcm.departments[0]!, description: name }];
    const report = buildMerchandiseCodeMovement({ ...mcm, departments });
    expect(texts(report, 'MerchandiseCodeDescription')).toEqual([name]);
  });

  it('replaces characters XML 1.0 cannot carry with U+FFFD and keeps the rest', () => {
    const entry = sale();
    const dirty = 'Ż\u0000u\u0007b\u000Br\u001F\tok \uFFFE\uD800 🍺 żółć';
    entry.lines = [{ ...cola, description: dirty, quantity: 1, amount: 229, status: 'normal' }];
    const xml = buildPosJournal(entry);
    expect(texts(xml, 'Description')).toEqual(['Ż\uFFFDu\uFFFDb\uFFFDr\uFFFD\tok \uFFFD\uFFFD 🍺 żółć']);
    for (const forbidden of ['\u0000', '\u0007', '\u000B', '\u001F', '\uFFFE', '\uD800']) {
      expect(xml.includes(forbidden)).toBe(false);
    }
  });

  it('cleans attribute values too', () => {
    const xml = buildDocument({ Root: { '@_note': 'a\u0001b', Child: 'c' } });
    expect(xml).toContain('<Root note="a\uFFFDb">');
  });

  it('is deterministic and leaves its input alone', () => {
    const inputs = { entry: voided(), ism, mcm, tlm, msm };
    const before = structuredClone(inputs);
    const build = (): string[] => [
      buildPosJournal(inputs.entry),
      buildItemSalesMovement(inputs.ism),
      buildMerchandiseCodeMovement(inputs.mcm),
      buildTaxLevelMovement(inputs.tlm),
      buildMiscellaneousSummaryMovement(inputs.msm),
    ];
    expect(build()).toEqual(build());
    expect(inputs).toEqual(before);
  });
});

describe('file names', () => {
  const windowsSafe = /^[A-Za-z0-9_.-]+$/;

  it('names a journal by store, business date and a 10-digit sequence', () => {
    expect(journalFileName(sale())).toBe('PJR340_1022_20261206_0000004711.xml');
    expect(journalFileName({ ...sale(), reportSequenceNumber: 9_999_999_999 })).toBe(
      'PJR340_1022_20261206_9999999999.xml',
    );
  });

  it('names a movement report by type, store, business date and revision', () => {
    const names = MOVEMENT_REPORT_TYPES.map((type) => movementFileName(type, reportBase));
    expect(names).toEqual([
      'ISM340_1022_20261206_R01.xml',
      'MCM340_1022_20261206_R01.xml',
      'TLM340_1022_20261206_R01.xml',
      'MSM340_1022_20261206_R01.xml',
    ]);
    expect(movementFileName('TLM', { ...reportBase, reportSequenceNumber: 12 })).toBe('TLM340_1022_20261206_R12.xml');
    expect(movementFileName('TLM', { ...reportBase, reportSequenceNumber: 123 })).toBe('TLM340_1022_20261206_R123.xml');
    for (const name of names) expect(name).toMatch(windowsSafe);
  });

  it('refuses a store id that is not safe on a Windows share', () => {
    for (const storeLocationId of ['', '10 22', '../1022', 'a\\b', 'a/b', 'a.b', 'CON:', 'Sklep№1', 'żabka']) {
      const entry = { ...sale(), header: { ...header, storeLocationId } };
      expect(() => journalFileName(entry)).toThrow(RangeError);
      expect(() => movementFileName('ISM', { ...reportBase, header: entry.header })).toThrow(RangeError);
    }
    expect(journalFileName({ ...sale(), header: { ...header, storeLocationId: 'Store_1-A' } })).toMatch(windowsSafe);
  });

  it('refuses dates that are not YYYY-MM-DD calendar dates', () => {
    for (const businessDate of ['2026-2-01', '20261206', '2026-12-06T00:00:00', '2026-02-30', '2026-13-01', '']) {
      expect(() => journalFileName({ ...sale(), businessDate })).toThrow(RangeError);
      const period = { ...reportBase.period, businessDate };
      expect(() => movementFileName('MCM', { ...reportBase, period })).toThrow(RangeError);
    }
    expect(journalFileName({ ...sale(), businessDate: '2028-02-29' })).toBe('PJR340_1022_20280229_0000004711.xml');
  });

  it('refuses sequence numbers and revisions that would not sort or do not exist', () => {
    for (const reportSequenceNumber of [-1, 1.5, 10_000_000_000, Number.NaN]) {
      expect(() => journalFileName({ ...sale(), reportSequenceNumber })).toThrow(RangeError);
    }
    for (const reportSequenceNumber of [0, -1, 2.5]) {
      expect(() => movementFileName('MSM', { ...reportBase, reportSequenceNumber })).toThrow(RangeError);
    }
  });
});
