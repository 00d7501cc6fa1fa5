import type { Overview, PairingCode } from '../../api/types.js';

/** What the pairing QR code holds: everything a till needs to reach, trust and join this hub. */
export interface PairingPayload {
  type: 'backroom-pairing';
  v: 1;
  /** The hub's LAN (device) listener. */
  url: string;
  port: number;
  /** SHA-256 of the hub's TLS certificate; the device pins it. */
  fingerprint: string;
  code: string;
  hubId: string;
  expiresAt: string;
}

/**
 * The listener's own URL names 127.0.0.1 when it binds every interface, which a till cannot use: the first store
 * network address goes in instead, when the hub has one.
 */
export function pairingPayload(overview: Overview, pairing: PairingCode): PairingPayload {
  const { addresses, url: listenerUrl } = overview.listeners.lan;
  const url = new URL(addresses[0] ?? listenerUrl);
  return {
    type: 'backroom-pairing',
    v: 1,
    url: url.origin,
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    fingerprint: overview.listeners.lan.tlsFingerprint,
    code: pairing.code,
    hubId: overview.hub.hubId,
    expiresAt: pairing.expiresAt,
  };
}

/** A loopback address works only for a device on this very computer. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]';
}

/** "12345678" → "1234 5678", easier to read out and type. */
export const groupCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, '$1 ');
