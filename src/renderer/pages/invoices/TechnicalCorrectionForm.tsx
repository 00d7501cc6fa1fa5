import { useId, useState, type FormEvent } from 'react';
import { useTechnicalCorrection, type InvoiceDetail } from '../../api/invoices.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { TECHNICAL_CORRECTION_ERROR_TEXT } from './invoice-copy.js';
import { readParty, toPartyDraft } from './party.js';
import { PartyFields } from './PartyFields.js';

/**
 * A manager fixes the buyer of an invoice KSeF rejected and sends it again (a technical correction): the form starts
 * from the buyer as invoiced, the NIP is checked here first, and the hub's answer (the invoice as it stands now)
 * replaces the detail on screen, so the card shows the new state.
 */
export function TechnicalCorrectionForm({ invoice }: { invoice: InvoiceDetail }) {
  const [buyer, setBuyer] = useState(() =>
    toPartyDraft({ nip: invoice.buyer.nip, name: invoice.buyer.name, address: invoice.buyerAddress }),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const correct = useTechnicalCorrection();
  const titleId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    correct.reset();
    const result = readParty(buyer, 'buyer');
    setProblem('problem' in result ? result.problem : null);
    if ('party' in result) correct.mutate({ invoiceId: invoice.invoiceId, buyer: result.party });
  }

  return (
    <form className="form ksef-correction" aria-labelledby={titleId} onSubmit={submit} noValidate>
      <h3 id={titleId}>Correct and send again</h3>
      <p className="card-note">
        The invoice keeps its number, dates and lines; only the buyer changes. It is recorded with your name.
      </p>
      <PartyFields who="Buyer" draft={buyer} onChange={setBuyer} />
      <ErrorMessage text={problem} error={correct.error} messages={TECHNICAL_CORRECTION_ERROR_TEXT} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={correct.isPending}>
          {correct.isPending ? 'Sending…' : 'Correct and send again'}
        </button>
      </div>
    </form>
  );
}
