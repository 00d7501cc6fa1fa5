import type { Role, User } from '../api/types.js';

/** The hub's ranking (DESIGN §9): approvals, overrides and settings need a manager; the owner can do everything. */
const RANK: Record<Role, number> = { cashier: 0, manager: 1, owner: 2 };

export function hasRole(user: Pick<User, 'role'>, needed: Role): boolean {
  return (RANK[user.role] ?? -1) >= RANK[needed];
}

/** What each role may do on this screen, for the Settings page and for the hints shown beside disabled actions. */
export const ROLE_ABILITIES: Record<Role, string> = {
  cashier: 'Sees the dashboard, devices, activity, conflicts, printers and alerts. Cannot decide or change anything.',
  manager:
    'Everything a cashier sees, plus: pairs and revokes devices, resolves conflicts, decides card approvals, ' +
    'acknowledges alerts, changes payment limits, sets up printers, reprints or drops receipts in doubt, opens ' +
    'drawers from the back office, retries or cancels upstream jobs and sets the payment processor’s key.',
  owner: 'Everything a manager can do; the first account, created at setup.',
};
