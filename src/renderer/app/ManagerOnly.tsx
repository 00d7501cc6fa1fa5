import type { ReactNode } from 'react';
import { RequireRole } from '../auth/RequireRole.js';
import { PageHeader } from '../components/PageHeader.js';

/** A whole screen for managers; anyone else who follows a link here is told why there is nothing to see. */
export function ManagerOnly({ children }: { children: ReactNode }) {
  return (
    <RequireRole
      role="manager"
      fallback={<PageHeader title="Managers only" intro="This screen needs the manager or owner role." />}
    >
      {children}
    </RequireRole>
  );
}
