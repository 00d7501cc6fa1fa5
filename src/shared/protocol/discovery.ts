/**
 * How a hub is found on the store LAN (DESIGN §8): the DNS-SD service `_backroom._tcp` and its TXT record. The hub
 * advertises it and the device SDK browses for it; this is the contract between them.
 */

/** bonjour `type` of the hub service; the full DNS-SD type is `_backroom._tcp`. */
export const MDNS_SERVICE_TYPE = 'backroom';
export const MDNS_SERVICE_PROTOCOL = 'tcp';

/** The TXT record a hub advertises. */
export interface HubTxt {
  hubId: string;
  storeId: string;
  /** device protocol version */
  v: string;
  /** TLS certificate fingerprint (SHA-256, colon-separated hex) that devices pin at pairing */
  fp: string;
}
