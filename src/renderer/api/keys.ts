/** Every query key in one place, so live notices and mutations invalidate exactly what they change. */
export const queryKeys = {
  setup: ['admin', 'setup'] as const,
  session: ['admin', 'session'] as const,
  overview: ['admin', 'overview'] as const,
  activityHistory: ['admin', 'activity-history'] as const,
  devices: ['admin', 'devices'] as const,
  events: ['admin', 'events'] as const,
  event: (cursor: number) => ['admin', 'events', 'detail', cursor] as const,
  firstCursorAt: (instant: number | undefined) => ['admin', 'first-cursor-at', instant] as const,
  conflicts: ['admin', 'conflicts'] as const,
  conflict: (id: string) => ['admin', 'conflicts', 'detail', id] as const,
  approvals: ['admin', 'approvals'] as const,
  alerts: ['admin', 'alerts'] as const,
  users: ['admin', 'users'] as const,
  paymentPolicy: ['admin', 'settings', 'payment-policy'] as const,
  alertThresholds: ['admin', 'settings', 'alerts'] as const,
  /** Printers, print jobs and drawer kicks: one `hardware` notice makes all of them stale. */
  hardware: ['admin', 'hardware'] as const,
  printers: ['admin', 'hardware', 'printers'] as const,
  printJobs: ['admin', 'hardware', 'print-jobs'] as const,
  drawerKicks: ['admin', 'hardware', 'drawer-kicks'] as const,
  /** Connectors, their jobs, holds and payments at risk: one `upstream` notice makes all of them stale. */
  upstream: ['admin', 'upstream'] as const,
  upstreamOverview: ['admin', 'upstream', 'overview'] as const,
  upstreamJobs: ['admin', 'upstream', 'jobs'] as const,
  holds: ['admin', 'upstream', 'holds'] as const,
  atRisk: ['admin', 'upstream', 'at-risk'] as const,
  /** Under `upstream`: a document job's change (a resend, an acknowledgement) moves its day's state too. */
  conexxusDays: ['admin', 'upstream', 'conexxus', 'days'] as const,
  /** Under `upstream`: KSeF's availability, backlog and sessions move with its jobs. */
  ksefOverview: ['admin', 'upstream', 'ksef'] as const,
  connectorSettings: ['admin', 'settings', 'connectors'] as const,
  /** Invoice list pages and each invoice's detail, all under `invoices`: a new ledger record may be a new invoice. */
  invoices: ['admin', 'invoices'] as const,
  invoiceList: ['admin', 'invoices', 'list'] as const,
  invoice: (invoiceId: string) => ['admin', 'invoices', 'detail', invoiceId] as const,
  invoicingSettings: ['admin', 'settings', 'invoicing'] as const,
  /** Levels, histories and count sheets: every new ledger record may move stock. */
  stock: ['admin', 'stock'] as const,
  /** Products and locations: a catalog change is a ledger record, from this screen or another manager's. */
  catalog: ['admin', 'catalog'] as const,
  /** The sales summary and end-of-day report: every new ledger record may be a sale, refund or void. */
  sales: ['admin', 'sales'] as const,
};
