/**
 * Messages between the Electron shell (parent) and the hub running in a utilityProcess (child). Shared by both sides,
 * so this file must stay free of any `electron` import. Payloads cross a structured-clone boundary: keep them plain
 * data, and send bytes as base64 so a Buffer never arrives as a bare Uint8Array.
 */
import type { HubStatus } from '../hub-context.js';

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

/** Posted after the hub has stopped, so the shell can quit without waiting for its kill timeout. */
export interface StoppedMessage {
  type: 'stopped';
}

export type ChildToParentMessage =
  StatusMessage | SecretGetRequest | SecretSetRequest | LoginTokenReply | StoppedMessage;

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
