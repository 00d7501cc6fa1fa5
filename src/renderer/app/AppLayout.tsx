import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useOverview } from '../api/overview.js';
import { useLogout } from '../api/session.js';
import { useUser } from '../auth/SessionContext.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Brand } from '../components/Brand.js';
import { ConnectivityBanner } from './ConnectivityBanner.js';
import { useFocusRescue } from './focus-rescue.js';
import { Sidebar } from './Sidebar.js';

/** The logged-in frame: top bar, connectivity banner, navigation, and the current screen. */
export function AppLayout() {
  const user = useUser();
  const logout = useLogout();
  const storeName = useOverview().data?.hub.name;
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  // After navigating, keyboard and screen-reader users start at the new screen, not at the link they used.
  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else main.current?.focus();
  }, [pathname]);
  useFocusRescue(main);

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-brand">
          <Brand />
          {storeName ? <span className="store-name">{storeName}</span> : null}
        </div>
        <div className="topbar-user">
          <span className="user-name">
            {user.name} <span className="user-role">{user.role}</span>
          </span>
          <button type="button" className="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
            Log out
          </button>
        </div>
      </header>
      <ConnectivityBanner />
      <ErrorMessage error={logout.error} />
      <div className="app-body">
        <Sidebar />
        <main id="main" className="page" ref={main} tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
