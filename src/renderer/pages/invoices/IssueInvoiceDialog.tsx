import { useState, type FormEvent } from 'react';
import { useIssueInvoice, type InvoiceDetail } from '../../api/invoices.js';
import { Dialog, DialogActions } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ISSUE_ERROR_TEXT } from './invoice-copy.js';
import { EMPTY_PARTY, readParty } from './party.js';
import { PartyFields } from './PartyFields.js';

/**
 * Asks the hub for a VAT invoice for one recorded sale: the buyer's NIP (checked here first), name and address. The
 * hub numbers it and decides its KSeF mode; the dialog closes with the new invoice handed to `onIssued`.
 */
export function IssueInvoiceDialog({
  saleId,
  summary,
  onIssued,
  onClose,
}: {
  saleId: string;
  /** What the sale was, one line ("3 lines · PLN 45.00"). */
  summary: string;
  onIssued: (invoice: InvoiceDetail) => void;
  onClose: () => void;
}) {
  const [buyer, setBuyer] = useState(EMPTY_PARTY);
  const [problem, setProblem] = useState<string | null>(null);
  const issue = useIssueInvoice();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    issue.reset();
    const result = readParty(buyer, 'buyer');
    setProblem('problem' in result ? result.problem : null);
    if ('party' in result) issue.mutate({ saleId, buyer: result.party }, { onSuccess: onIssued });
  }

  return (
    <Dialog title="Issue a VAT invoice" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted small">
          Sale <span className="mono">{saleId}</span>
          {summary ? ` · ${summary}` : ''}
        </p>
        <PartyFields who="Buyer" draft={buyer} onChange={setBuyer} />
        <p className="card-note">
          The invoice gets the next number of the store’s series and cannot be deleted; a mistake is put right with a
          correction.
        </p>
        <ErrorMessage text={problem} error={issue.error} messages={ISSUE_ERROR_TEXT} />
        <DialogActions
          confirm={issue.isPending ? 'Issuing…' : 'Issue invoice'}
          tone="primary"
          disabled={issue.isPending}
          keep="Cancel"
          onKeep={onClose}
        />
      </form>
    </Dialog>
  );
}
