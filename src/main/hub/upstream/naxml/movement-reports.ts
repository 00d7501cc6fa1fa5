import { moneyText, integerText, type MoneyText } from '../../xml/decimal-text.js';
import type {
  ItemMovement,
  ItemSalesMovementReport,
  MerchandiseCodeMovement,
  MerchandiseCodeMovementReport,
  MiscellaneousSummary,
  MiscellaneousSummaryMovementReport,
  MovementReportBase,
  TaxLevelMovement,
  TaxLevelMovementReport,
} from './naxml-documents.js';
import { itemCodeElement } from './pos-code-format.js';
import type { XmlElement } from '../../xml/xml-document.js';
import { DAY_CLOSE_PERIOD, naxmlDocument, tenderElement } from './naxml-elements.js';

/**
 * The four day-close movement reports, each its own NAXML-MovementReport document (research/upstreams.md §A.3, §A.4,
 * §A.8). Rows are written in the order given: the caller sorts, so the same figures give the same bytes.
 */

function movementDocument(
  movement: string,
  report: MovementReportBase,
  detail: string,
  rows: readonly XmlElement[],
): string {
  const { period } = report;
  return naxmlDocument('NAXML-MovementReport', report.header, {
    [movement]: {
      MovementHeader: {
        ReportSequenceNumber: integerText(report.reportSequenceNumber),
        PrimaryReportPeriod: DAY_CLOSE_PERIOD,
        SecondaryReportPeriod: '0',
        BusinessDate: period.businessDate,
        BeginDate: period.beginDate,
        BeginTime: period.beginTime,
        EndDate: period.endDate,
        EndTime: period.endTime,
      },
      [detail]: rows,
    },
  });
}

// The reports carry no discounts or promotions: those totals are always zero.
function zeroAdjustments({ amount }: MoneyText): XmlElement {
  return { DiscountAmount: amount(0), DiscountCount: '0', PromotionAmount: amount(0), PromotionCount: '0' };
}

function ismDetail(item: ItemMovement, money: MoneyText): XmlElement {
  return {
    ItemCode: itemCodeElement(item.posCode),
    ItemID: item.posCode,
    Description: item.description,
    MerchandiseCode: item.merchandiseCode,
    SellingUnits: '1',
    ISMSellPriceSummary: item.prices.map((price) => ({
      ActualSalesPrice: money.price(price.unitPrice),
      ISMSalesTotals: {
        SalesQuantity: integerText(price.salesQuantity),
        SalesAmount: money.amount(price.salesAmount),
        ...zeroAdjustments(money),
        RefundAmount: money.amount(price.refundAmount),
        RefundCount: integerText(price.refundCount),
        TransactionCount: integerText(price.transactionCount),
      },
    })),
  };
}

export function buildItemSalesMovement(report: ItemSalesMovementReport): string {
  const money = moneyText(report.minorDigits);
  const rows = report.items.map((item) => ismDetail(item, money));
  return movementDocument('ItemSalesMovement', report, 'ISMDetail', rows);
}

function mcmDetail(department: MerchandiseCodeMovement, money: MoneyText): XmlElement {
  const { amount } = money;
  return {
    MerchandiseCode: department.merchandiseCode,
    MerchandiseCodeDescription: department.description,
    MCMSalesTotals: {
      ...zeroAdjustments(money),
      RefundAmount: amount(department.refundAmount),
      RefundCount: integerText(department.refundCount),
      SalesQuantity: integerText(department.salesQuantity),
      SalesAmount: amount(department.salesAmount),
      TransactionCount: integerText(department.transactionCount),
      // The reports carry no open-department sales.
      OpenDepartmentSalesAmount: amount(0),
      OpenDepartmentTransactionCount: '0',
    },
  };
}

export function buildMerchandiseCodeMovement(report: MerchandiseCodeMovementReport): string {
  const money = moneyText(report.minorDigits);
  const rows = report.departments.map((department) => mcmDetail(department, money));
  return movementDocument('MerchandiseCodeMovement', report, 'MCMDetail', rows);
}

function tlmDetail(level: TaxLevelMovement, { amount }: MoneyText): XmlElement {
  return {
    TaxLevelID: level.taxLevelId,
    TaxableSalesAmount: amount(level.taxableSalesAmount),
    TaxableSalesRefundedAmount: amount(level.taxableSalesRefundedAmount),
    TaxCollectedAmount: amount(level.taxCollectedAmount),
    TaxExemptSalesAmount: amount(level.taxExemptSalesAmount),
    TaxExemptSalesRefundedAmount: amount(level.taxExemptSalesRefundedAmount),
    // The reports carry no tax-forgiven sales.
    TaxForgivenSalesAmount: amount(0),
    TaxForgivenSalesRefundedAmount: amount(0),
    TaxRefundedAmount: amount(level.taxRefundedAmount),
  };
}

export function buildTaxLevelMovement(report: TaxLevelMovementReport): string {
  const money = moneyText(report.minorDigits);
  const rows = report.taxLevels.map((level) => tlmDetail(level, money));
  return movementDocument('TaxLevelMovement', report, 'TLMDetail', rows);
}

function msmDetail(summary: MiscellaneousSummary, { amount }: MoneyText): XmlElement {
  return {
    MiscellaneousSummaryCodes: {
      MiscellaneousSummaryCode: summary.code,
      MiscellaneousSummarySubCode: summary.subCode,
      MiscellaneousSummarySubCodeModifier: summary.modifier,
    },
    MSMSalesTotals: {
      Tender: summary.tender && tenderElement(summary.tender),
      MiscellaneousSummaryAmount: amount(summary.amount),
      MiscellaneousSummaryCount: integerText(summary.count),
    },
  };
}

export function buildMiscellaneousSummaryMovement(report: MiscellaneousSummaryMovementReport): string {
  const money = moneyText(report.minorDigits);
  const rows = report.summaries.map((summary) => msmDetail(summary, money));
  return movementDocument('MiscellaneousSummaryMovement', report, 'MSMDetail', rows);
}
