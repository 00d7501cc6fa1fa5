import type { PushStatus } from '../../shared/protocol/envelope.js';
import type { SyncStatus } from '../core/ports.js';

const BY_PUSH_STATUS: Record<PushStatus, SyncStatus> = {
  accepted: 'synced',
  conflict: 'conflict',
  refused: 'refused',
  rejected: 'failed',
};

/** What a device shows for the hub's verdict on one event. */
export function syncStatusOf(status: PushStatus): SyncStatus {
  return BY_PUSH_STATUS[status];
}
