import { useState, type FormEvent } from 'react';
import {
  useConnectorSettings,
  useSaveProbeTargets,
  useSaveStripeKey,
  useTestStripeConnection,
  type ConnectorSettingsView,
} from '../../api/upstream.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field, PinField } from '../../components/Field.js';
import { QueryView } from '../../components/QueryView.js';
import { formatDateTime } from '../../format.js';
import { pinProblem, probeUrlProblem, stripeKeyProblem } from '../../validation.js';
import { ConexxusSettingsForm } from './ConexxusSettingsForm.js';
import { KsefTokenForm } from './KsefTokenForm.js';

/** A wrong PIN here is the manager's own PIN mistyped, not a failed login. */
const KEY_ERRORS = { INVALID_CREDENTIALS: 'That PIN is not right. Enter your own PIN again.' };

/** What is known of the stored key: its mode and last characters, who set it and when. Never the key. */
function keyStatusText(stripe: ConnectorSettingsView['stripe']): string {
  if (!stripe.keySet) return 'No key set: card payments taken offline are not captured until one is.';
  const by = stripe.updatedBy ? `, by ${stripe.updatedBy}` : '';
  const at = stripe.updatedAt ? ` at ${formatDateTime(stripe.updatedAt)}` : '';
  return `Key set: ${stripe.keyHint ?? 'hidden'}${by}${at}.`;
}

function TestConnection({ keySet }: { keySet: boolean }) {
  const test = useTestStripeConnection();
  const result = test.data;
  return (
    <div className="stack">
      <div className="actions">
        <button type="button" className="button" onClick={() => test.mutate()} disabled={!keySet || test.isPending}>
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        {keySet ? null : <span className="muted small">Set a key first.</span>}
      </div>
      {result ? (
        <p className={result.ok ? 'notice' : 'error-message'} role="status">
          {result.ok ? 'Test passed: ' : 'Test failed: '}
          {result.message}
          {result.latencyMs !== null ? ` (${result.latencyMs} ms)` : ''}
        </p>
      ) : null}
      <ErrorMessage error={test.error} />
    </div>
  );
}

/**
 * The Stripe secret key: typed into a password field, sent once with the manager's PIN, kept in the hub's secret
 * store. The form is emptied after saving, so the key lives on this screen only while it is being typed.
 */
function StripeKeyForm({ stripe }: { stripe: ConnectorSettingsView['stripe'] }) {
  const [secretKey, setSecretKey] = useState('');
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveStripeKey();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const key = secretKey.trim();
    const local = stripeKeyProblem(key) ?? pinProblem(pin);
    setProblem(local);
    if (local) return;
    save.mutate(
      { secretKey: key, pin },
      {
        onSuccess: () => setSecretKey(''),
        onSettled: () => setPin(''),
      },
    );
  }

  return (
    <form className="form" aria-label="Stripe secret key" onSubmit={submit}>
      <h3>Stripe (card payments)</h3>
      <p role="status" aria-label="Stripe key">
        {keyStatusText(stripe)}
      </p>
      <div className="limits">
        <Field
          label={stripe.keySet ? 'New secret key' : 'Secret key'}
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={secretKey}
          onChange={(e) => setSecretKey(e.target.value)}
          hint="From the Stripe Dashboard → Developers → API keys. It is never shown again after saving."
        />
        <PinField label="Your PIN" required value={pin} onChange={(e) => setPin(e.target.value)} />
      </div>
      <ErrorMessage text={problem} error={save.error} messages={KEY_ERRORS} />
      {save.isSuccess ? (
        <p className="notice" role="status">
          Saved in the hub’s secret store. Queued card jobs go with the new key.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save key'}
        </button>
      </div>
    </form>
  );
}

const PROBE_FIELDS = [
  { key: 'internet', label: 'Internet probe URL', hint: 'Any web address that answers when the internet works.' },
  { key: 'stripe', label: 'Stripe probe URL', hint: 'Where the hub checks that the Stripe API answers.' },
] as const;

/** The addresses the connectivity monitor probes (every 30 s, faster after a failure) to tell what is reachable. */
function ProbeTargetsForm({ probes }: { probes: ConnectorSettingsView['probes'] }) {
  const [draft, setDraft] = useState(probes);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveProbeTargets();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const targets = { internet: draft.internet.trim(), stripe: draft.stripe.trim() };
    const local = PROBE_FIELDS.map(({ key, label }) => probeUrlProblem(label, targets[key])).find(Boolean) ?? null;
    setProblem(local);
    if (!local) save.mutate(targets);
  }

  return (
    <form className="form" aria-label="Probe targets" onSubmit={submit}>
      <h3>Probe targets</h3>
      <div className="limits">
        {PROBE_FIELDS.map(({ key, label, hint }) => (
          <Field
            key={key}
            label={label}
            type="url"
            required
            value={draft[key]}
            onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
            hint={hint}
          />
        ))}
      </div>
      <ErrorMessage text={problem} error={save.error} />
      {save.isSuccess ? (
        <p className="notice" role="status">
          Saved. The next probes use these addresses.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save probe targets'}
        </button>
      </div>
    </form>
  );
}

/**
 * Settings → Connectors (DESIGN §6): the Stripe key and the KSeF token the hub forwards with, testing them, what it
 * probes, and the Conexxus back office.
 */
export function ConnectorsSection() {
  const settings = useConnectorSettings();
  return (
    <QueryView query={settings} loading="Loading the connector settings…">
      {(data) => (
        <div className="stack">
          <StripeKeyForm stripe={data.stripe} />
          <TestConnection keySet={data.stripe.keySet} />
          <KsefTokenForm token={data.ksef} />
          <ProbeTargetsForm probes={data.probes} />
          <ConexxusSettingsForm settings={data.conexxus} />
        </div>
      )}
    </QueryView>
  );
}
