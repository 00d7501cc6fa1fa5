import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { useInvoice, type InvoiceDetail } from '../../api/invoices.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { formatMoney } from '../../format.js';
import { MODE_TEXT } from './invoice-copy.js';
import { LinesTable, PRINT_WORDS, VatTable } from './InvoiceTables.js';
import { VerificationQr } from './VerificationQr.js';

/** Seller or buyer; only the seller has a bank account on the invoice. */
type Party = Omit<InvoiceDetail['seller'], 'bankAccount'> & { bankAccount?: string | null };

/** A party block of the printed invoice, labelled in Polish (the legal document) with English under it. */
function PartyBlock({ title, party }: { title: string; party: Party }) {
  return (
    <section className="sheet-party">
      <h2>{title}</h2>
      <p className="sheet-party-name">{party.name}</p>
      <p>{party.address.line1}</p>
      {party.address.line2 ? <p>{party.address.line2}</p> : null}
      <p>NIP: {party.nip}</p>
      {party.bankAccount ? <p>Rachunek / Bank account: {party.bankAccount}</p> : null}
    </section>
  );
}

/** The dates and identifiers at the head of the invoice. */
function SheetFacts({ invoice }: { invoice: InvoiceDetail }) {
  const facts: Array<[string, string]> = [
    ['Data wystawienia / Issue date', invoice.issueDate],
    ...(invoice.saleDate !== invoice.issueDate
      ? ([['Data sprzedaży / Date of sale', invoice.saleDate]] as Array<[string, string]>)
      : []),
    ['Numer KSeF / KSeF number', invoice.ksefNumber ?? '—'],
    ['Tryb wystawienia / Mode', MODE_TEXT[invoice.mode]],
    ...(invoice.correctionOf
      ? ([['Koryguje fakturę / Corrects', invoice.correctionOf]] as Array<[string, string]>)
      : []),
  ];
  return (
    <dl className="sheet-facts">
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Sheet({ invoice }: { invoice: InvoiceDetail }) {
  const title = invoice.correctionOf ? 'Faktura korygująca' : 'Faktura VAT';
  return (
    <article className="invoice-sheet" aria-label={`${title} ${invoice.number}`}>
      <header className="sheet-head">
        <div>
          <h1>{title}</h1>
          <p className="sheet-number">Nr {invoice.number}</p>
        </div>
        <SheetFacts invoice={invoice} />
      </header>
      <div className="sheet-parties">
        <PartyBlock title="Sprzedawca / Seller" party={invoice.seller} />
        <PartyBlock title="Nabywca / Buyer" party={{ ...invoice.buyer, address: invoice.buyerAddress }} />
      </div>
      <LinesTable invoice={invoice} words={PRINT_WORDS} />
      <div className="sheet-summary">
        <VatTable invoice={invoice} words={PRINT_WORDS} />
        <p className="sheet-total">
          Razem brutto / Total gross: <strong>{formatMoney(invoice.gross)}</strong>
        </p>
      </div>
      <section className="sheet-codes" aria-label="Kody weryfikujące / Verification codes">
        {invoice.kodI ? <VerificationQr name="KOD I" code={invoice.kodI} /> : null}
        {invoice.kodII ? <VerificationQr name="KOD II" code={invoice.kodII} /> : null}
      </section>
    </article>
  );
}

/**
 * The invoice on an A4 page, laid out as a Polish VAT invoice and with no app around it (the route sits outside the
 * app's frame), for printing or saving as PDF from the browser. Printing waits for the button: opening the page only
 * shows it, so it can be checked first.
 */
export function InvoicePrintPage() {
  const invoiceId = useParams().invoiceId ?? '';
  const invoice = useInvoice(invoiceId);
  const number = invoice.data?.number;

  // The browser names a PDF saved from here after the window title.
  useEffect(() => {
    document.title = number ? `Faktura ${number}` : 'Faktura · Backroom';
  }, [number]);

  const back = `/invoices/${encodeURIComponent(invoiceId)}`;
  return (
    <main className="invoice-a4">
      <div className="print-toolbar">
        <Link className="button" to={back}>
          Back to the invoice
        </Link>
        <button type="button" className="button primary" disabled={!invoice.data} onClick={() => window.print()}>
          Print
        </button>
        <span className="muted small">Choose A4 paper; turn the browser’s own headers and footers off.</span>
      </div>
      {invoice.isPending ? <p className="muted">Loading the invoice…</p> : null}
      {invoice.isError ? (
        <div className="print-toolbar">
          <ErrorMessage error={invoice.error} />
          <Link to={back}>Open the invoice in Backroom (log in there if asked)</Link>
        </div>
      ) : null}
      {invoice.data ? <Sheet invoice={invoice.data} /> : null}
    </main>
  );
}
