import type { QueryKey } from '@tanstack/react-query';
import { queryKeys } from '../api/keys.js';
import type { AdminNotice } from '../api/types.js';

/**
 * Which cached data a live notice makes stale. A new cursor means something was recorded: any list may have
 * changed (pairing and revocation are ledger events too). Device notices change presence or heartbeat figures (the
 * dashboard sums queues); alert notices the alert list; approval notices the desk; hardware notices the printers,
 * their queues and the drawer log (all under one key: a job's change moves its printer's counts too); upstream notices
 * the connectors, their jobs, holds and payments at risk (a job's change moves its connector's figures too).
 */
export function keysFor(notice: AdminNotice): QueryKey[] {
  switch (notice.type) {
    case 'cursor':
      return [
        queryKeys.overview,
        queryKeys.events,
        queryKeys.conflicts,
        queryKeys.approvals,
        queryKeys.devices,
        queryKeys.invoices,
        // An invoice issued or numbered, or KSeF's availability recorded: the KSeF panel's figures move.
        queryKeys.ksefOverview,
        queryKeys.stock,
        queryKeys.sales,
        queryKeys.catalog,
      ];
    case 'device':
      return [queryKeys.devices, queryKeys.overview];
    case 'alert':
      return [queryKeys.alerts];
    case 'approval':
      return [queryKeys.approvals];
    case 'hardware':
      return [queryKeys.hardware];
    case 'upstream':
      return [queryKeys.upstream];
    default:
      return [];
  }
}
