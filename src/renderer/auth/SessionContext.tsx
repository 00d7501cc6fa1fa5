import { createContext, useContext } from 'react';
import type { Role, User } from '../api/types.js';
import { hasRole } from './roles.js';

const SessionContext = createContext<User | null>(null);

export const SessionProvider = SessionContext.Provider;

/** The logged-in user; only used below the login gate, where there always is one. */
export function useUser(): User {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useUser outside a logged-in session');
  return user;
}

export function useHasRole(role: Role): boolean {
  return hasRole(useUser(), role);
}
