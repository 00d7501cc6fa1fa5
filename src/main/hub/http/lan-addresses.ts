import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::']);

/**
 * The https URLs a till on the store network can reach the LAN listener at. A wildcard bind answers on every
 * interface, so it is each external IPv4 address (tills are paired over IPv4, and link-local IPv6 needs a zone); a
 * specific bind answers only there, and a loopback bind nowhere a till could be.
 */
export function lanAddresses(host: string, port: number, interfaces: Interfaces = networkInterfaces()): string[] {
  if (!WILDCARD_HOSTS.has(host)) {
    const loopback = host === 'localhost' || host.startsWith('127.') || host === '::1';
    return loopback ? [] : [`https://${host.includes(':') ? `[${host}]` : host}:${port}`];
  }
  return Object.values(interfaces)
    .flatMap((infos) => infos ?? [])
    .filter((info) => info.family === 'IPv4' && !info.internal)
    .map((info) => `https://${info.address}:${port}`);
}
