import type { SalesFigures } from '../../api/sales.js';
import { formatMinor } from '../../format.js';
import { countText, shareText } from './sales-copy.js';

/** The range's headline figures in one currency. Not links: these are the answer, not a way somewhere. */
export function SalesTotals({ totals }: { totals: SalesFigures }) {
  const money = (amount: number) => formatMinor(amount, totals.currency);
  const figures: Array<[label: string, value: string, detail: string]> = [
    ['Net takings', money(totals.net), 'gross less refunds and voids'],
    ['Gross sales', money(totals.gross), countText(totals.saleCount, 'sale', 'sales')],
    ['Refunds', money(totals.refunds), countText(totals.refundCount, 'refund', 'refunds')],
    ['Voids', money(totals.voids), countText(totals.voidCount, 'void', 'voids')],
  ];
  return (
    <dl className="stats sales-totals">
      {figures.map(([label, value, detail]) => (
        <div key={label} className="stat">
          <dt className="stat-label">{label}</dt>
          <dd className="stat-value">{value}</dd>
          <dd className="stat-detail">{detail}</dd>
        </div>
      ))}
    </dl>
  );
}

/** How the net was paid: cash and card, each net of what went back the same way. */
export function TenderSplit({ totals }: { totals: SalesFigures }) {
  const rows: Array<[method: string, amount: number]> = [
    ['Cash', totals.cash],
    ['Card', totals.card],
  ];
  return (
    <div className="table-wrap">
      <table className="table tender-split">
        <caption className="sr-only">Tender split in {totals.currency}</caption>
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col" className="num">
              Net
            </th>
            <th scope="col" className="num">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([method, amount]) => (
            <tr key={method}>
              <th scope="row">{method}</th>
              <td className="num">{formatMinor(amount, totals.currency)}</td>
              <td className="num">{shareText(amount, totals)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num">
              <strong>{formatMinor(totals.net, totals.currency)}</strong>
            </td>
            <td className="num">{totals.net > 0 ? '100.0%' : '—'}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
