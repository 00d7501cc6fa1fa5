/**
 * The Sales screen's figures in words and series: labels for the buckets the hub keeps ('' for none), the days of a
 * range with the empty ones filled in for the chart, and each method's share. Pure, so it is tested once.
 */
import type { SalesFigures, SalesSummary } from '../../api/sales.js';
import { addDays } from '../../../shared/store-calendar.js';

/** Hub-made records (no device) are bucketed under ''. */
export const deviceLabel = (deviceId: string, deviceName: string | null): string =>
  deviceId === '' ? 'Hub (no device)' : (deviceName ?? deviceId);

/** Sales without a cashier id are bucketed under ''. */
export const cashierLabel = (cashierId: string): string => (cashierId === '' ? 'No cashier given' : cashierId);

export interface DayPoint {
  businessDate: string;
  cash: number;
  card: number;
  net: number;
  gross: number;
  refunds: number;
  voids: number;
}

/**
 * Every day of the range in one currency, in order, with zeros where nothing was sold: a chart over days must show
 * the quiet days too. Capped at the hub's own range limit.
 */
export function dailySeries(summary: Pick<SalesSummary, 'from' | 'to' | 'days'>, currency: string): DayPoint[] {
  const byDate = new Map(summary.days.filter((d) => d.currency === currency).map((d) => [d.businessDate, d]));
  const points: DayPoint[] = [];
  for (let date = summary.from, n = 0; date <= summary.to && n < 366; date = addDays(date, 1), n += 1) {
    const day = byDate.get(date);
    points.push({
      businessDate: date,
      cash: day?.cash ?? 0,
      card: day?.card ?? 0,
      net: day?.net ?? 0,
      gross: day?.gross ?? 0,
      refunds: day?.refunds ?? 0,
      voids: day?.voids ?? 0,
    });
  }
  return points;
}

/** A method's share of the net, "62.5%"; "—" when the net is not positive (nothing to share out). */
export function shareText(part: number, figures: Pick<SalesFigures, 'net'>): string {
  if (figures.net <= 0) return '—';
  return `${((part / figures.net) * 100).toFixed(1)}%`;
}

/** "3 sales", "1 refund". */
export function countText(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
