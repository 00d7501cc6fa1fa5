import { useState, type FormEvent } from 'react';
import {
  useSaveKsefToken,
  useTestKsefConnection,
  type KsefConnectionTest,
  type KsefTokenView,
} from '../../api/ksef.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field, PinField } from '../../components/Field.js';
import { formatDateTime } from '../../format.js';
import { ksefTokenProblem, pinProblem } from '../../validation.js';

/** A wrong PIN here is the manager's own PIN mistyped, not a failed login. */
const TOKEN_ERRORS = { INVALID_CREDENTIALS: 'That PIN is not right. Enter your own PIN again.' };

/** What is known of the stored token: its last characters, who set it and when. Never the token. */
export function ksefTokenStatusText(token: KsefTokenView): string {
  if (!token.set) return 'No token set: invoices are not sent to KSeF until one is.';
  const by = token.updatedBy ? `, by ${token.updatedBy}` : '';
  const at = token.updatedAt ? ` at ${formatDateTime(token.updatedAt)}` : '';
  return `Token set: ${token.hint ?? 'hidden'}${by}${at}.`;
}

/** What KSeF answered when the hub tried the token, passed or not. */
function TestResult({ result, saved }: { result: KsefConnectionTest; saved: boolean }) {
  const latency = result.latencyMs > 0 ? ` (${result.latencyMs} ms)` : '';
  const prefix = saved
    ? result.ok
      ? 'Saved, and KSeF accepted it: '
      : 'Saved, but KSeF did not accept it: '
    : result.ok
      ? 'Test passed: '
      : 'Test failed: ';
  return (
    <p className={result.ok ? 'notice' : 'error-message'} role="status">
      {prefix}
      {result.message}
      {latency}
    </p>
  );
}

function TestKsefConnection({ tokenSet }: { tokenSet: boolean }) {
  const test = useTestKsefConnection();
  return (
    <div className="stack">
      <div className="actions">
        <button type="button" className="button" onClick={() => test.mutate()} disabled={!tokenSet || test.isPending}>
          {test.isPending ? 'Testing…' : 'Test KSeF connection'}
        </button>
        {tokenSet ? null : <span className="muted small">Set a token first.</span>}
      </div>
      {test.data ? <TestResult result={test.data} saved={false} /> : null}
      <ErrorMessage error={test.error} />
    </div>
  );
}

/**
 * The seller's KSeF token (issue 10): typed into a password field, sent once with the manager's PIN, kept in the hub's
 * secret store and tried with KSeF at once; the answer says whether KSeF took it. The form is emptied after saving,
 * so the token lives on this screen only while it is being typed.
 */
export function KsefTokenForm({ token }: { token: KsefTokenView }) {
  const [draft, setDraft] = useState('');
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveKsefToken();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const typed = draft.trim();
    const local = ksefTokenProblem(typed) ?? pinProblem(pin);
    setProblem(local);
    if (local) return;
    save.mutate({ token: typed, pin }, { onSuccess: () => setDraft(''), onSettled: () => setPin('') });
  }

  return (
    <div className="stack">
      <form className="form" aria-label="KSeF token" onSubmit={submit}>
        <h3>KSeF (e-invoices)</h3>
        <p role="status" aria-label="KSeF token status">
          {ksefTokenStatusText(token)}
        </p>
        <div className="limits">
          <Field
            label={token.set ? 'New KSeF token' : 'KSeF token'}
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            hint="Generated in KSeF for the seller of Settings → Invoicing, with the right to send invoices. It is never shown again after saving."
          />
          <PinField label="Your PIN" required value={pin} onChange={(e) => setPin(e.target.value)} />
        </div>
        <ErrorMessage text={problem} error={save.error} messages={TOKEN_ERRORS} />
        {save.data ? <TestResult result={save.data} saved /> : null}
        <div className="actions">
          <button type="submit" className="button primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save token'}
          </button>
        </div>
      </form>
      <TestKsefConnection tokenSet={token.set} />
    </div>
  );
}
