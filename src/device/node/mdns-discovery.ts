/**
 * Finds hubs on the store LAN by mDNS / DNS-SD (DESIGN §8): service `_backroom._tcp`, TXT `hubId`, `storeId`, `v`,
 * `fp`. The device pins `fp` at pairing.
 *
 * The device SDK ships to POS vendors without the hub: the service type and TXT keys come from the protocol
 * (shared/protocol/discovery.ts), which the hub's advertiser reads too; the netns discovery test runs both sides.
 */
import { isIPv4 } from 'node:net';
import { closeBonjour, openBonjour, type BonjourLogger } from '../../shared/node/bonjour-socket.js';
import { MDNS_SERVICE_PROTOCOL, MDNS_SERVICE_TYPE, type HubTxt } from '../../shared/protocol/discovery.js';

export type { HubTxt };

const REQUERY_INTERVAL_MS = 1_000;

export interface DiscoveredHub {
  /** instance name */
  name: string;
  /** SRV target host name */
  host: string;
  /** A/AAAA addresses announced with the service */
  addresses: string[];
  port: number;
  txt: Partial<HubTxt> & Record<string, string>;
}

export type DiscoveryLogger = BonjourLogger;

export interface BrowseOptions {
  timeoutMs: number;
  /** IPv4 address or interface name to browse on; default: all interfaces */
  interface?: string;
  logger?: DiscoveryLogger;
}

/**
 * Browses `_backroom._tcp` for `timeoutMs` and returns the hubs still present at the end (services that sent
 * goodbyes in the meantime are dropped). Queries are repeated every second in case one is lost.
 */
export async function browseForHubs(options: BrowseOptions): Promise<DiscoveredHub[]> {
  const bonjour = openBonjour(options.interface, options.logger);
  const browser = bonjour.find({ type: MDNS_SERVICE_TYPE, protocol: MDNS_SERVICE_PROTOCOL });
  const requery = setInterval(() => browser.update(), REQUERY_INTERVAL_MS);
  try {
    await new Promise((resolve) => setTimeout(resolve, options.timeoutMs));
  } finally {
    clearInterval(requery);
    browser.stop();
  }
  const hubs = browser.services.map((s): DiscoveredHub => ({
    name: s.name,
    host: s.host,
    addresses: [...(s.addresses ?? [])],
    port: s.port,
    txt: toTxt(s.txt),
  }));
  await closeBonjour(bonjour);
  return hubs;
}

/**
 * Where to pair with a discovered hub and the fingerprint to pin: its first IPv4 address (tills rarely route IPv6 on
 * a store LAN) and the TXT `fp`. Undefined when the hub announced no address or no fingerprint.
 */
export function pairingTarget(hub: DiscoveredHub): { url: string; fingerprint: string } | undefined {
  const address = hub.addresses.find((a) => isIPv4(a));
  if (!address || !hub.txt.fp) return undefined;
  return { url: `https://${address}:${hub.port}`, fingerprint: hub.txt.fp };
}

function toTxt(raw: unknown): DiscoveredHub['txt'] {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object') {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof value === 'string') out[key] = value;
      else if (Buffer.isBuffer(value)) out[key] = value.toString('utf8');
      else if (value !== undefined && value !== null) out[key] = String(value);
    }
  }
  return out;
}
