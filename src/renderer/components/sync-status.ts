/**
 * Per-record sync status in the words of the outbox seed (pending / synced / conflict / failed), for each kind of
 * record that has one. Pure, so the wording is tested once.
 */
import type { ApprovalView, Device, RecordStatus } from '../api/types.js';
import type { Tone } from './Badge.js';

export interface Status {
  label: string;
  tone: Tone;
}

/** A ledger record from a device: it reached the hub, so it is never pending here. */
export function recordStatus(status: RecordStatus): Status {
  switch (status) {
    case 'accepted':
      return { label: 'Synced', tone: 'ok' };
    case 'conflict':
      return { label: 'Conflict', tone: 'warn' };
    case 'refused':
      return { label: 'Failed: refused', tone: 'bad' };
  }
}

/** A device's outbox, as its last heartbeat and pushes describe it. */
export function deviceSyncStatus(device: Pick<Device, 'state' | 'queued' | 'consecutiveFailures'>): Status {
  if (device.state === 'revoked') return { label: 'Revoked', tone: 'off' };
  if (device.consecutiveFailures > 0) return { label: `Failed ${device.consecutiveFailures}× in a row`, tone: 'bad' };
  if (device.queued === null) return { label: 'No heartbeat yet', tone: 'off' };
  if (device.queued > 0) return { label: `Pending: ${device.queued}`, tone: 'warn' };
  return { label: 'Synced', tone: 'ok' };
}

export function conflictStatus(status: string): Status {
  if (status === 'resolved') return { label: 'Resolved', tone: 'ok' };
  if (status === 'escalated') return { label: 'Escalated: needs a manager', tone: 'warn' };
  if (status === 'quarantined') return { label: 'Quarantined: device revoked', tone: 'bad' };
  return { label: 'Open: needs a decision', tone: 'warn' };
}

export function approvalStatus(status: ApprovalView['status']): Status {
  if (status === 'approved') return { label: 'Approved', tone: 'ok' };
  if (status === 'declined') return { label: 'Declined', tone: 'bad' };
  if (status === 'expired') return { label: 'Expired: the till stopped waiting', tone: 'off' };
  return { label: 'Waiting for a manager', tone: 'warn' };
}

export function deviceState(state: Device['state']): Status {
  if (state === 'online') return { label: 'Online', tone: 'ok' };
  if (state === 'revoked') return { label: 'Revoked', tone: 'off' };
  return { label: 'Offline', tone: 'off' };
}
