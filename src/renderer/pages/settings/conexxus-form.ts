/**
 * The Conexxus settings form's logic (DESIGN §6): the typed text of every field, and the checks of the hub's
 * ConexxusSettingsUpdate schema (src/shared/protocol/conexxus-views.ts) said in words before any request.
 */
import type { ConexxusSettingsUpdate, ConexxusSettingsView } from '../../api/conexxus.js';
import { pinProblem } from '../../validation.js';

export type Transport = ConexxusSettingsView['transport'];
export type Auth = ConexxusSettingsView['auth'];

export const TRANSPORT_CHOICES: ReadonlyArray<{ value: Transport; label: string }> = [
  { value: 'folder', label: 'Folder drop' },
  { value: 'https', label: 'HTTPS POST' },
];

export const AUTH_CHOICES: ReadonlyArray<{ value: Auth; label: string }> = [
  { value: 'none', label: 'None' },
  { value: 'basic', label: 'User name and password' },
  { value: 'bearer', label: 'Bearer token' },
];

/**
 * What the form holds: the settings as typed, every transport's and sign-in's fields at once (switching back and
 * forth loses nothing), the new password or token (never the stored one, which is not shown back) and the PIN.
 */
export interface ConexxusDraft extends Omit<ConexxusSettingsView, 'secretSet' | 'updatedAt' | 'updatedBy'> {
  secret: string;
  pin: string;
}

export function toConexxusDraft(settings: ConexxusSettingsView): ConexxusDraft {
  const { secretSet: _secretSet, updatedAt: _updatedAt, updatedBy: _updatedBy, ...fields } = settings;
  return { ...fields, secret: '', pin: '' };
}

/** "password" or "token": what the secret is for the chosen sign-in. */
export const secretNoun = (auth: Auth) => (auth === 'bearer' ? 'token' : 'password');

const CODE = /^[A-Za-z0-9_-]+$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A path from the root: /srv/naxml, C:\NAXML or C:/NAXML, or a Windows share \\server\share. */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

function codeProblem(label: string, value: string, max: number, example: string): string | null {
  if (value === '') return `Enter the ${label}, such as ${example}.`;
  if (value.length > max) return `The ${label} can be at most ${max} characters.`;
  return CODE.test(value) ? null : `The ${label} uses only letters, digits, - and _ (no spaces).`;
}

function clockProblem(label: string, value: string, example: string): string | null {
  return CLOCK.test(value) ? null : `Enter the time for “${label}” as hours and minutes, such as ${example}.`;
}

/** Sales figures never cross a network in clear: https, or plain http to this machine only (a local relay). */
function secureUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(url.hostname));
  } catch {
    return false;
  }
}

/**
 * Where the documents go, checked for the chosen transport. A disabled connector sends nothing, so it may be saved
 * without a destination; what is typed is still checked.
 */
function destinationProblem(draft: ConexxusDraft, secretSet: boolean): string | null {
  const needed = draft.enabled;
  if (draft.transport === 'folder') {
    const folder = draft.folder.trim();
    if (folder === '') return needed ? 'Enter the folder the back office collects the files from.' : null;
    if (folder.length > 1024) return 'The folder path can be at most 1024 characters.';
    return ABSOLUTE_PATH.test(folder)
      ? null
      : 'Enter the folder’s full path from the root, such as /srv/naxml/outbox or C:\\NAXML\\Outbox.';
  }
  const url = draft.url.trim();
  if (url === '') return needed ? 'Enter the back office’s web address, starting with https://.' : null;
  if (!secureUrl(url)) return 'The back office’s web address must start with https:// (http:// only to this computer).';
  if (url.length > 2048) return 'The back office’s web address can be at most 2048 characters.';
  if (draft.auth === 'basic') {
    const username = draft.username.trim();
    if (username === '' && needed) return 'Enter the user name the back office gave the store.';
    if (username.length > 200) return 'The user name can be at most 200 characters.';
  }
  if (draft.auth !== 'none') {
    const noun = secretNoun(draft.auth);
    if (draft.secret === '' && !secretSet && needed) return `Enter the ${noun}: none is stored yet.`;
    if (draft.secret.length > 4096) return `The ${noun} can be at most 4096 characters.`;
  }
  return null;
}

/**
 * The body of `PUT /v1/admin/settings/connectors/conexxus`, or the first problem in words. The password or token is
 * sent only when one was typed (and sign-in needs it): left empty, the hub keeps the stored one.
 */
export function fromConexxusDraft(
  draft: ConexxusDraft,
  secretSet: boolean,
): { update: ConexxusSettingsUpdate } | { problem: string } {
  const storeLocationId = draft.storeLocationId.trim();
  const vendorName = draft.vendorName.trim();
  const defaultMerchandiseCode = draft.defaultMerchandiseCode.trim();
  const problem =
    codeProblem('store location ID', storeLocationId, 20, '0042') ??
    (vendorName === '' ? 'Enter the vendor name the documents are sent under, such as Backroom.' : null) ??
    (vendorName.length > 50 ? 'The vendor name can be at most 50 characters.' : null) ??
    destinationProblem(draft, secretSet) ??
    clockProblem('End of day at', draft.endOfDayAt, '23:30') ??
    clockProblem('Acknowledged by', draft.acknowledgedBy, '06:00') ??
    codeProblem('default merchandise code', defaultMerchandiseCode, 16, '400') ??
    pinProblem(draft.pin);
  if (problem) return { problem };

  const sendsSecret = draft.transport === 'https' && draft.auth !== 'none' && draft.secret !== '';
  return {
    update: {
      enabled: draft.enabled,
      storeLocationId,
      vendorName,
      transport: draft.transport,
      folder: draft.folder.trim(),
      url: draft.url.trim(),
      auth: draft.auth,
      username: draft.username.trim(),
      endOfDayAt: draft.endOfDayAt,
      acknowledgedBy: draft.acknowledgedBy,
      defaultMerchandiseCode,
      ...(sendsSecret ? { secret: draft.secret } : {}),
      pin: draft.pin,
    },
  };
}
