import type { InvoiceDetail } from '../../api/invoices.js';
import { formatCount, formatMinor } from '../../format.js';
import { invoiceTotals, vatRateText } from './invoice-copy.js';

/** Column names: English on the screen; Polish with English under it on the printed invoice (a Polish document). */
export interface TableWords {
  lines: string;
  number: string;
  item: string;
  quantity: string;
  unitGross: string;
  rate: string;
  net: string;
  vat: string;
  gross: string;
  total: string;
  vatSummary: string;
}

export const SCREEN_WORDS: TableWords = {
  lines: 'Lines',
  number: '#',
  item: 'Item',
  quantity: 'Quantity',
  unitGross: 'Unit price (gross)',
  rate: 'VAT rate',
  net: 'Net',
  vat: 'VAT',
  gross: 'Gross',
  total: 'Total',
  vatSummary: 'VAT per rate',
};

export const PRINT_WORDS: TableWords = {
  lines: 'Pozycje faktury / Invoice lines',
  number: 'Lp.',
  item: 'Nazwa towaru lub usługi / Item',
  quantity: 'Ilość / Qty',
  unitGross: 'Cena jedn. brutto / Unit gross',
  rate: 'Stawka VAT / VAT rate',
  net: 'Wartość netto / Net',
  vat: 'Kwota VAT / VAT',
  gross: 'Wartość brutto / Gross',
  total: 'Razem / Total',
  vatSummary: 'Podsumowanie VAT / VAT summary',
};

/** Every line as the invoice states it: prices are gross, as a store sells. */
export function LinesTable({ invoice, words }: { invoice: InvoiceDetail; words: TableWords }) {
  const money = (amount: number) => formatMinor(amount, invoice.gross.currency);
  return (
    <table className="table invoice-lines">
      <caption className="sr-only">{words.lines}</caption>
      <thead>
        <tr>
          <th scope="col">{words.number}</th>
          <th scope="col">{words.item}</th>
          <th scope="col" className="num">
            {words.quantity}
          </th>
          <th scope="col" className="num">
            {words.unitGross}
          </th>
          <th scope="col" className="num">
            {words.rate}
          </th>
          <th scope="col" className="num">
            {words.gross}
          </th>
        </tr>
      </thead>
      <tbody>
        {invoice.lines.map((line, index) => (
          <tr key={index}>
            <td>{index + 1}</td>
            <td>{line.name}</td>
            <td className="num">{formatCount(line.quantity)}</td>
            <td className="num">{money(line.unitGross)}</td>
            <td className="num">{vatRateText(line.vatRate)}</td>
            <td className="num">{money(line.gross)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Net, VAT and gross per rate, computed by the hub on the invoice total (art. 106e ust. 11), and their sums. */
export function VatTable({ invoice, words }: { invoice: InvoiceDetail; words: TableWords }) {
  const money = (amount: number) => formatMinor(amount, invoice.gross.currency);
  const totals = invoiceTotals(invoice);
  return (
    <table className="table invoice-vat">
      <caption className="sr-only">{words.vatSummary}</caption>
      <thead>
        <tr>
          <th scope="col">{words.rate}</th>
          <th scope="col" className="num">
            {words.net}
          </th>
          <th scope="col" className="num">
            {words.vat}
          </th>
          <th scope="col" className="num">
            {words.gross}
          </th>
        </tr>
      </thead>
      <tbody>
        {invoice.vat.map((rate) => (
          <tr key={rate.rate}>
            <td>{vatRateText(rate.rate)}</td>
            <td className="num">{money(rate.net)}</td>
            <td className="num">{money(rate.vat)}</td>
            <td className="num">{money(rate.gross)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{words.total}</th>
          <td className="num">{money(totals.net)}</td>
          <td className="num">{money(totals.vat)}</td>
          <td className="num">
            <strong>{money(invoice.gross.amount)}</strong>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
