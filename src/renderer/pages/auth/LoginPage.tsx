import { useState, type FormEvent } from 'react';
import { useLogin } from '../../api/session.js';
import { AuthCard } from '../../components/AuthCard.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { nameProblem, pinProblem } from '../../validation.js';

interface LoginPageProps {
  initialName?: string;
  notice?: string | null;
}

export function LoginPage({ initialName = '', notice = null }: LoginPageProps) {
  const [name, setName] = useState(initialName);
  const [pin, setPin] = useState('');
  const login = useLogin();
  const [localError, setLocalError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    login.reset();
    const problem = nameProblem(name.trim()) ?? pinProblem(pin);
    setLocalError(problem);
    if (problem) return;
    login.mutate({ name: name.trim(), pin }, { onError: () => setPin('') });
  }

  return (
    <AuthCard title="Log in" intro={<p>Log in with your name and PIN.</p>}>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form className="form" onSubmit={submit}>
        <Field
          label="Name"
          name="name"
          autoComplete="username"
          required
          autoFocus={initialName === ''}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Field
          label="PIN"
          name="pin"
          type="password"
          autoComplete="current-password"
          inputMode="numeric"
          required
          autoFocus={initialName !== ''}
          value={pin}
          onChange={(e) => setPin(e.target.value)}
        />
        <ErrorMessage text={localError} error={login.error} />
        <button type="submit" className="button primary" disabled={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </AuthCard>
  );
}
