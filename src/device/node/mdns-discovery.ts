/**
 * Finds hubs on the store LAN by mDNS / DNS-SD (DESIGN §8): service `_backroom._tcp`, TXT `hubId`, `storeId`, `v`,
 * `fp`. The device pins `fp` at pairing.
 *
 * Self-contained on purpose: the device SDK ships to POS vendors without the hub, so it does not import the hub's
 * advertiser. The service type and TXT keys below are the protocol; the netns discovery test runs both sides.
 */
import type { EventEmitter } from 'node:events';
import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import Bonjour from 'bonjour-service';

const SERVICE_TYPE = 'backroom';
const SERVICE_PROTOCOL = 'tcp';
const REQUERY_INTERVAL_MS = 1_000;
const DESTROY_TIMEOUT_MS = 2_000;

/** TXT record a hub advertises. */
export interface HubTxt {
  hubId: string;
  storeId: string;
  /** device protocol version */
  v: string;
  /** TLS certificate fingerprint (SHA-256, colon-separated hex) that devices pin at pairing */
  fp: string;
}

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

export interface DiscoveryLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

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
  const bonjour = createBonjour(options.interface, options.logger);
  const browser = bonjour.find({ type: SERVICE_TYPE, protocol: SERVICE_PROTOCOL });
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
  await destroyBonjour(bonjour);
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

function createBonjour(iface: string | undefined, logger: DiscoveryLogger | undefined): InstanceType<typeof Bonjour> {
  const onError = (err: unknown): void => logger?.error({ err }, 'mDNS socket error');
  // A socket bound to a unicast address receives no multicast on Linux: bind the wildcard and use the interface
  // only for membership and egress.
  const socket = iface === undefined ? {} : { interface: interfaceAddress(iface), bind: '0.0.0.0' };
  const bonjour = new Bonjour(socket as Partial<Bonjour.ServiceConfig>, onError);
  // bonjour-service does not listen for the multicast-dns socket's `error`; unhandled, an EADDRINUSE kills the process.
  const mdns = (bonjour as unknown as { server: { mdns: EventEmitter } }).server.mdns;
  mdns.on('error', onError);
  mdns.on('warning', (err: Error) => logger?.warn({ err }, 'mDNS socket warning'));
  return bonjour;
}

function interfaceAddress(iface: string): string {
  if (isIPv4(iface)) return iface;
  const v4 = networkInterfaces()[iface]?.find((a) => a.family === 'IPv4');
  if (!v4) throw new Error(`mDNS: network interface "${iface}" has no IPv4 address`);
  return v4.address;
}

function destroyBonjour(bonjour: InstanceType<typeof Bonjour>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DESTROY_TIMEOUT_MS);
    try {
      bonjour.destroy(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
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
