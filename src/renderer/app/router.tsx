import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { AuthGate } from './AuthGate.js';
import { RouteError } from './RouteError.js';

/** Each screen is its own chunk, loaded when first opened (the chart library alone is a third of the code). */
const screen =
  (load: () => Promise<Record<string, unknown>>, name: string, managerOnly = false): RouteObject['lazy'] =>
  async () => {
    const [module, { ManagerOnly }] = await Promise.all([load(), import('./ManagerOnly.js')]);
    const Screen = module[name] as ComponentType;
    return {
      Component: managerOnly
        ? () => (
            <ManagerOnly>
              <Screen />
            </ManagerOnly>
          )
        : Screen,
    };
  };

/** Browser history routes: the hub serves index.html for every non-API path, so a reload keeps the screen. */
export function createRouter() {
  return createBrowserRouter([
    {
      element: <AuthGate />,
      errorElement: <RouteError />,
      children: [
        { index: true, lazy: screen(() => import('../pages/dashboard/DashboardPage.js'), 'DashboardPage') },
        { path: 'devices', lazy: screen(() => import('../pages/devices/DevicesPage.js'), 'DevicesPage') },
        { path: 'activity', lazy: screen(() => import('../pages/activity/ActivityPage.js'), 'ActivityPage') },
        {
          path: 'activity/:cursor',
          lazy: screen(() => import('../pages/activity/EventDetailPage.js'), 'EventDetailPage'),
        },
        { path: 'stock', lazy: screen(() => import('../pages/stock/StockPage.js'), 'StockPage') },
        {
          path: 'stock/products/:productId',
          lazy: screen(() => import('../pages/stock/ProductStockPage.js'), 'ProductStockPage'),
        },
        {
          path: 'stock/count-sheet',
          lazy: screen(() => import('../pages/stock/CountSheetPage.js'), 'CountSheetPage'),
        },
        { path: 'sales', lazy: screen(() => import('../pages/sales/SalesPage.js'), 'SalesPage', true) },
        { path: 'catalog', lazy: screen(() => import('../pages/catalog/CatalogPage.js'), 'CatalogPage') },
        { path: 'invoices', lazy: screen(() => import('../pages/invoices/InvoicesPage.js'), 'InvoicesPage') },
        {
          path: 'invoices/:invoiceId',
          lazy: screen(() => import('../pages/invoices/InvoiceDetailPage.js'), 'InvoiceDetailPage'),
        },
        { path: 'conflicts', lazy: screen(() => import('../pages/conflicts/ConflictsPage.js'), 'ConflictsPage') },
        {
          path: 'conflicts/:id',
          lazy: screen(() => import('../pages/conflicts/ConflictDetailPage.js'), 'ConflictDetailPage'),
        },
        {
          path: 'approvals',
          lazy: screen(() => import('../pages/approvals/ApprovalsPage.js'), 'ApprovalsPage', true),
        },
        { path: 'upstream', lazy: screen(() => import('../pages/upstream/UpstreamPage.js'), 'UpstreamPage') },
        { path: 'hardware', lazy: screen(() => import('../pages/hardware/HardwarePage.js'), 'HardwarePage') },
        { path: 'alerts', lazy: screen(() => import('../pages/alerts/AlertsPage.js'), 'AlertsPage') },
        {
          path: 'settings',
          lazy: screen(() => import('../pages/settings/SettingsPage.js'), 'SettingsPage', true),
        },
        { path: '*', lazy: screen(() => import('../pages/NotFoundPage.js'), 'NotFoundPage') },
      ],
    },
    // The A4 invoice is a page to print: outside the app's frame (no bar, menu or banner). The hub still asks for
    // the session cookie on the invoice request; without one the page says so and links to the app's login.
    {
      path: 'invoices/:invoiceId/print',
      errorElement: <RouteError />,
      lazy: screen(() => import('../pages/invoices/InvoicePrintPage.js'), 'InvoicePrintPage'),
    },
  ]);
}
