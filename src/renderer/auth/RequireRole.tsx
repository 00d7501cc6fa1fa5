import type { ReactNode } from 'react';
import type { Role } from '../api/types.js';
import { useHasRole } from './SessionContext.js';

/**
 * Shows `children` to users with at least `role`; others see `fallback` (nothing by default). The hub checks the
 * role again on every request; this only keeps the screen from offering what would be refused.
 */
export function RequireRole({
  role,
  fallback = null,
  children,
}: {
  role: Role;
  fallback?: ReactNode;
  children: ReactNode;
}) {
  return useHasRole(role) ? children : fallback;
}
