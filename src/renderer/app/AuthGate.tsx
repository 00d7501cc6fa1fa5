import { useEffect, useState } from 'react';
import { useSession, useSetupStatus } from '../api/session.js';
import { SessionProvider } from '../auth/SessionContext.js';
import { LiveProvider } from '../live/LiveProvider.js';
import { LoginPage } from '../pages/auth/LoginPage.js';
import { SetupPage } from '../pages/auth/SetupPage.js';
import { AppLayout } from './AppLayout.js';
import { Splash } from './Splash.js';

/** First run → setup; no session → login (the URL is kept, so the user lands where they wanted); otherwise the app. */
export function AuthGate() {
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
  return (
    <SessionProvider value={session.data}>
      <LiveProvider>
        <AppLayout />
      </LiveProvider>
    </SessionProvider>
  );
}
