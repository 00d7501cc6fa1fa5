import { createBrowserRouter } from 'react-router';
import { ActivityPage } from '../pages/activity/ActivityPage.js';
import { EventDetailPage } from '../pages/activity/EventDetailPage.js';
import { AlertsPage } from '../pages/alerts/AlertsPage.js';
import { ApprovalsPage } from '../pages/approvals/ApprovalsPage.js';
import { ConflictDetailPage } from '../pages/conflicts/ConflictDetailPage.js';
import { ConflictsPage } from '../pages/conflicts/ConflictsPage.js';
import { DashboardPage } from '../pages/dashboard/DashboardPage.js';
import { DevicesPage } from '../pages/devices/DevicesPage.js';
import { NotFoundPage } from '../pages/NotFoundPage.js';
import { SettingsPage } from '../pages/settings/SettingsPage.js';
import { AuthGate } from './AuthGate.js';
import { ManagerOnly } from './ManagerOnly.js';
import { RouteError } from './RouteError.js';

/** Browser history routes: the hub serves index.html for every non-API path, so a reload keeps the screen. */
export function createRouter() {
  return createBrowserRouter([
    {
      element: <AuthGate />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <DashboardPage /> },
        { path: 'devices', element: <DevicesPage /> },
        { path: 'activity', element: <ActivityPage /> },
        { path: 'activity/:cursor', element: <EventDetailPage /> },
        { path: 'conflicts', element: <ConflictsPage /> },
        { path: 'conflicts/:id', element: <ConflictDetailPage /> },
        {
          path: 'approvals',
          element: (
            <ManagerOnly>
              <ApprovalsPage />
            </ManagerOnly>
          ),
        },
        { path: 'alerts', element: <AlertsPage /> },
        {
          path: 'settings',
          element: (
            <ManagerOnly>
              <SettingsPage />
            </ManagerOnly>
          ),
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
