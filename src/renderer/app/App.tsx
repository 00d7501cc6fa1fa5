import { useEffect, useState } from 'react';
import { useSession, useSetupStatus } from '../api/queries.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { LoginPage } from '../pages/LoginPage.js';
import { OverviewPage } from '../pages/OverviewPage.js';
import { SetupPage } from '../pages/SetupPage.js';

/** First run → setup; no session → login; otherwise the overview. */
export function App() {
  const setup = useSetupStatus();
  const session = useSession(setup.data?.needed === false);
  const [createdOwner, setCreatedOwner] = useState<string | null>(null);
  const loggedIn = Boolean(session.data);

  // The "owner created" notice belongs to the first login only.
  useEffect(() => {
    if (loggedIn) setCreatedOwner(null);
  }, [loggedIn]);

  if (setup.isPending) return <Splash text="Connecting to the hub…" />;
  if (setup.isError) return <Splash text={null} error={setup.error} onRetry={() => void setup.refetch()} />;
  if (setup.data.needed) return <SetupPage onDone={setCreatedOwner} />;

  if (session.isPending) return <Splash text="Checking your session…" />;
  if (session.isError) return <Splash text={null} error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    return (
      <LoginPage
        key={createdOwner ?? ''}
        initialName={createdOwner ?? ''}
        notice={createdOwner ? `Owner “${createdOwner}” created. Log in with the PIN you chose.` : null}
      />
    );
  }
  return <OverviewPage user={session.data} />;
}

function Splash({ text, error, onRetry }: { text: string | null; error?: unknown; onRetry?: () => void }) {
  return (
    <main className="auth-layout">
      <div className="auth-card splash">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            B
          </span>
          Backroom
        </p>
        {text ? <p className="muted">{text}</p> : null}
        <ErrorMessage error={error} />
        {onRetry ? (
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        ) : null}
      </div>
    </main>
  );
}
