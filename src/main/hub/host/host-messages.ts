/**
 * Messages between the Electron shell (parent) and the hub running in a utilityProcess (child). Shared by both sides,
 * so this file must stay free of any `electron` import. Payloads cross a structured-clone boundary: keep them plain
 * data, and send bytes as base64 so a Buffer never arrives as a bare Uint8Array.
 */
import type { HubStatus } from '../hub-context.js';
import type { Money } from '../../../shared/protocol/money.js';

/** Sent instead of a HubStatus when `startHub` threw, because then there is no hub to ask for a status. */
export interface HubStartFailure {
  state: 'failed';
  /** Named so that it cannot collide with a field of HubStatus, which is what tells the two apart. */
  startError: string;
}

export type ReportedHubStatus = HubStatus | HubStartFailure;

export function isStartFailure(status: ReportedHubStatus): status is HubStartFailure {
  return 'startError' in status;
}

// ---- child → parent -------------------------------------------------------------------------------------------------

export interface StatusMessage {
  type: 'status';
  status: ReportedHubStatus;
}

export interface SecretGetRequest {
  type: 'secret-get';
  id: number;
  name: string;
}

export interface SecretSetRequest {
  type: 'secret-set';
  id: number;
  name: string;
  valueBase64: string;
}

export interface LoginTokenReply {
  type: 'login-token-reply';
  id: number;
  token: string | null;
}

/**
 * What waits for a person (issue 12), for the shell's tray and desktop notifications: posted when it changes. Lists
 * are the newest few; the counts are complete.
 */
export interface AttentionSummary {
  approvals: { count: number; newest: Array<{ approvalId: string; amount: Money; deviceName: string }> };
  criticalAlerts: { count: number; newest: Array<{ alertId: string; message: string }> };
  activeAlerts: number;
  openConflicts: number;
}

export interface AttentionMessage {
  type: 'attention';
  attention: AttentionSummary;
}

/** Posted after the hub has stopped, so the shell can quit without waiting for its kill timeout. */
export interface StoppedMessage {
  type: 'stopped';
}

export type ChildToParentMessage =
  StatusMessage | SecretGetRequest | SecretSetRequest | LoginTokenReply | AttentionMessage | StoppedMessage;

// ---- parent → child -------------------------------------------------------------------------------------------------

export type SecretReply =
  | { type: 'secret-reply'; id: number; ok: true; valueBase64: string | null }
  | { type: 'secret-reply'; id: number; ok: false; error: string };

export interface LoginTokenRequest {
  type: 'login-token';
  id: number;
}

export interface StopMessage {
  type: 'stop';
}

export type ParentToChildMessage = SecretReply | LoginTokenRequest | StopMessage;

// ---- guards (each side receives `unknown` from the transport) --------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const isCounted = (value: unknown): value is { count: number; newest: unknown[] } =>
  isRecord(value) && typeof value.count === 'number' && Array.isArray(value.newest);

function isAttention(value: unknown): value is AttentionSummary {
  return (
    isRecord(value) &&
    isCounted(value.approvals) &&
    isCounted(value.criticalAlerts) &&
    typeof value.activeAlerts === 'number' &&
    typeof value.openConflicts === 'number'
  );
}

export function isChildToParentMessage(value: unknown): value is ChildToParentMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'status':
      return isRecord(value.status) && typeof value.status.state === 'string';
    case 'secret-get':
      return typeof value.id === 'number' && typeof value.name === 'string';
    case 'secret-set':
      return typeof value.id === 'number' && typeof value.name === 'string' && typeof value.valueBase64 === 'string';
    case 'login-token-reply':
      return typeof value.id === 'number' && (value.token === null || typeof value.token === 'string');
    case 'attention':
      return isAttention(value.attention);
    case 'stopped':
      return true;
    default:
      return false;
  }
}

export function isParentToChildMessage(value: unknown): value is ParentToChildMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'secret-reply':
      return (
        typeof value.id === 'number' &&
        (value.ok === true
          ? value.valueBase64 === null || typeof value.valueBase64 === 'string'
          : value.ok === false && typeof value.error === 'string')
      );
    case 'login-token':
      return typeof value.id === 'number';
    case 'stop':
      return true;
    default:
      return false;
  }
}
