import { useState, type FormEvent } from 'react';
import { useCompleteSetup } from '../../api/session.js';
import { AuthCard } from '../../components/AuthCard.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { nameProblem, pinProblem, PIN_RULE, setupCodeProblem } from '../../validation.js';

/** First run: create the owner account with the one-time code the hub printed in its console. */
export function SetupPage({ onDone }: { onDone: (ownerName: string) => void }) {
  const [setupCode, setSetupCode] = useState('');
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [pinConfirm, setPinConfirm] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const setup = useCompleteSetup();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLocalError(null);
    setup.reset();
    const code = setupCode.replace(/\s+/g, '');
    const owner = { name: name.trim(), pin };
    const problem =
      setupCodeProblem(code) ??
      nameProblem(owner.name) ??
      pinProblem(pin) ??
      (pin !== pinConfirm ? 'The two PINs are different. Type the same PIN twice.' : null);
    if (problem) {
      setLocalError(problem);
      return;
    }
    setup.mutate({ setupCode: code, owner }, { onSuccess: () => onDone(owner.name) });
  }

  return (
    <AuthCard
      title="Set up this hub"
      intro={
        <p>
          Create the owner account. The one-time <strong>setup code</strong> was printed in the hub’s console (or log)
          when it started for the first time.
        </p>
      }
    >
      <form className="form" onSubmit={submit}>
        <Field
          label="Setup code"
          name="setupCode"
          autoComplete="one-time-code"
          inputMode="numeric"
          required
          autoFocus
          value={setupCode}
          onChange={(e) => setSetupCode(e.target.value)}
        />
        <Field
          label="Owner name"
          name="name"
          autoComplete="username"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Field
          label="PIN"
          name="pin"
          type="password"
          autoComplete="new-password"
          inputMode="numeric"
          required
          hint={`${PIN_RULE}. You will use it to log in and to approve actions.`}
          value={pin}
          onChange={(e) => setPin(e.target.value)}
        />
        <Field
          label="Confirm PIN"
          name="pinConfirm"
          type="password"
          autoComplete="new-password"
          inputMode="numeric"
          required
          value={pinConfirm}
          onChange={(e) => setPinConfirm(e.target.value)}
        />
        <ErrorMessage text={localError} error={setup.error} />
        <button type="submit" className="button primary" disabled={setup.isPending}>
          {setup.isPending ? 'Creating owner…' : 'Create owner'}
        </button>
      </form>
    </AuthCard>
  );
}
