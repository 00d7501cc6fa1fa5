import { useState, type FormEvent } from 'react';
import { useDecideApproval } from '../../api/approvals.js';
import type { ApprovalView } from '../../api/types.js';
import { Card, Fact, Facts } from '../../components/Card.js';
import { Countdown } from '../../components/Countdown.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { PinField } from '../../components/Field.js';
import { Time } from '../../components/Time.js';
import { formatMinor, formatMoney } from '../../format.js';
import { pinProblem } from '../../validation.js';
import { policyLines, reasonText } from './approval-copy.js';

/** A pending offline card payment with the policy context, decided with the manager's PIN entered again. */
export function ApprovalCard({ approval, deviceName }: { approval: ApprovalView; deviceName: string }) {
  const decide = useDecideApproval();
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const amount = formatMoney(approval.amount);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const decision = submitter?.value === 'decline' ? 'decline' : 'approve';
    decide.reset();
    const local = pinProblem(pin);
    setProblem(local);
    if (local) return;
    decide.mutate({ approvalId: approval.approvalId, decision, pin }, { onError: () => setPin('') });
  }

  return (
    <Card title={`${amount} card payment on ${deviceName}`} className="approval">
      <p className="approval-reason">{reasonText(approval)}</p>
      <div className="approval-body">
        <Facts>
          <Fact label="Sale" mono>
            {approval.saleId}
          </Fact>
          <Fact label="Payment" mono>
            {approval.paymentId}
          </Fact>
          <Fact label="Location">{approval.locationId}</Fact>
          <Fact label="Asked">
            <Time iso={approval.requestedAt} />
          </Fact>
          <Fact label="Per-payment limit">
            {formatMinor(approval.policy.perTransactionLimit, approval.policy.currency)}
          </Fact>
        </Facts>
        <table className="policy-table">
          <caption className="sr-only">Policy figures if approved</caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">Now</th>
              <th scope="col">If approved</th>
              <th scope="col">Limit</th>
            </tr>
          </thead>
          <tbody>
            {policyLines(approval).map((line) => (
              <tr key={line.label} className={line.over ? 'over' : undefined}>
                <th scope="row">{line.label}</th>
                <td>{line.now}</td>
                <td>
                  {line.after}
                  {line.over ? <strong> (over the limit)</strong> : null}
                </td>
                <td>{line.limit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="decide" onSubmit={submit}>
        <PinField label="Your PIN" required value={pin} onChange={(e) => setPin(e.target.value)} />
        <button type="submit" name="decision" value="approve" className="button primary" disabled={decide.isPending}>
          Approve {amount}
        </button>
        <button type="submit" name="decision" value="decline" className="button danger" disabled={decide.isPending}>
          Decline
        </button>
      </form>
      <p className="card-note">The till is told at once over its live connection; your decision is in the ledger.</p>
      <p className="card-note">
        The till waits at most <Countdown until={approval.expiresAt} expiredText="no longer" /> more. If it records what
        it did instead (cash, or the card taken anyway), or once that time is up, this approval expires into the history
        and nobody can decide it.
      </p>
      <ErrorMessage text={problem} error={decide.error} />
    </Card>
  );
}
