import type { Role, User } from '../api/types.js';
import { hasRole } from '../auth/roles.js';

export type NavCount = 'conflicts' | 'approvals' | 'alerts';

export interface NavItem {
  to: string;
  label: string;
  /** Hidden from users below this role (the hub refuses them anyway). */
  minRole?: Role;
  /** A waiting-work count shown beside the label. */
  count?: NavCount;
}

const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Dashboard' },
  { to: '/devices', label: 'Devices' },
  { to: '/activity', label: 'Activity' },
  { to: '/stock', label: 'Stock' },
  { to: '/sales', label: 'Sales', minRole: 'manager' },
  { to: '/catalog', label: 'Catalog' },
  { to: '/invoices', label: 'Invoices' },
  { to: '/conflicts', label: 'Conflicts', count: 'conflicts' },
  { to: '/approvals', label: 'Approvals', minRole: 'manager', count: 'approvals' },
  { to: '/upstream', label: 'Upstream' },
  { to: '/hardware', label: 'Hardware' },
  { to: '/alerts', label: 'Alerts', count: 'alerts' },
  { to: '/settings', label: 'Settings', minRole: 'manager' },
];

export function navFor(user: Pick<User, 'role'>): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.minRole || hasRole(user, item.minRole));
}
