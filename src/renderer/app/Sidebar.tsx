import { NavLink } from 'react-router';
import { useAlerts } from '../api/alerts.js';
import { useApprovals } from '../api/approvals.js';
import { useConflicts } from '../api/conflicts.js';
import { useHasRole, useUser } from '../auth/SessionContext.js';
import { navFor, type NavCount } from './navigation.js';

/** Waiting work per screen; approvals only for those who may see them. */
function useNavCounts(): Record<NavCount, number | undefined> {
  const manager = useHasRole('manager');
  return {
    conflicts: useConflicts('unresolved').data?.length,
    approvals: useApprovals('pending', manager).data?.length,
    alerts: useAlerts('active').data?.length,
  };
}

export function Sidebar() {
  const user = useUser();
  const counts = useNavCounts();
  return (
    <nav className="sidebar" aria-label="Main">
      <ul>
        {navFor(user).map((item) => {
          const count = item.count ? counts[item.count] : undefined;
          return (
            <li key={item.to}>
              <NavLink to={item.to} end={item.to === '/'} className="nav-link">
                <span>{item.label}</span>
                {count ? (
                  <span className="nav-count" aria-label={`${count} waiting`}>
                    {count}
                  </span>
                ) : null}
              </NavLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
