import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HubContext } from '../hub-context.js';
import type { Role, User } from '../security/user-store.js';
import { declareAuth } from './auth-requirement.js';
import { HttpError } from './http-error.js';

export const SESSION_COOKIE = 'backroom_session';

const RANK: Record<Role, number> = { cashier: 0, manager: 1, owner: 2 };

declare module 'fastify' {
  interface FastifyRequest {
    adminUser?: User;
  }
}

/** An onRequest hook (so auth answers before body validation) that admits a logged-in user with at least `role`. */
export function requireRole(hub: HubContext, role: Role) {
  const hook = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = request.cookies[SESSION_COOKIE];
    const user = token ? hub.sessions.resolve(token) : undefined;
    if (!user) throw new HttpError(401, 'UNAUTHENTICATED', 'log in first');
    if (RANK[user.role] < RANK[role]) throw new HttpError(403, 'FORBIDDEN', `this needs the ${role} role`);
    request.adminUser = user;
  };
  // Every user has at least the lowest role, so only a higher one can answer 403.
  const lowest = RANK[role] === Math.min(...Object.values(RANK));
  return declareAuth(hook, {
    scheme: 'adminSession',
    unauthenticated: ['UNAUTHENTICATED'],
    role: lowest ? undefined : role,
  });
}
