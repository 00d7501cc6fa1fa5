import type { AuditTrail } from '../audit/audit-trail.js';
import { UserError, type User, type UserStore } from './user-store.js';

/**
 * Decisions that move money or stock the books cannot vouch for take the deciding user's PIN again, so an unattended
 * logged-in screen cannot make them. A wrong PIN counts towards the account lock like a wrong login and is audited
 * as `rejectedAction` with `detail`; the UserError is rethrown for the caller to answer.
 */
export async function confirmPin(
  users: UserStore,
  audit: AuditTrail,
  user: User,
  pin: string,
  rejected: { action: string; detail: object },
): Promise<void> {
  try {
    await users.authenticate(user.name, pin);
  } catch (error) {
    audit.record({
      actor: user.name,
      action: rejected.action,
      detail: { ...rejected.detail, code: error instanceof UserError ? error.code : 'ERROR' },
    });
    throw error;
  }
}
