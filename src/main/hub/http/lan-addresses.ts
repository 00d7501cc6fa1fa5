import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/**
 * The addresses a listener bound to `host` answers on for a till on the store network: the one mDNS announces and
 * the TLS certificate names. `0.0.0.0` answers on every external IPv4 address only; `::` is dual-stack (Node does not
 * set IPV6_V6ONLY) and so answers on every external IPv4 and IPv6 address, link-local included; a specific bind
 * answers only there, and a loopback bind nowhere a till could be.
 */
export function listenerAddresses(host: string, interfaces: Interfaces = networkInterfaces()): string[] {
  if (host === '0.0.0.0' || host === '::') {
    return Object.values(interfaces)
      .flatMap((infos) => infos ?? [])
      .filter((info) => !info.internal && (host === '::' || info.family === 'IPv4'))
      .map((info) => info.address);
  }
  const loopback = host === 'localhost' || host.startsWith('127.') || host === '::1';
  return loopback ? [] : [host];
}

/**
 * The https URLs to show for the LAN listener. A link-local IPv6 address is left out: in a URL it needs a zone, which
 * names the hub's interface and means nothing on the till.
 */
export function lanAddresses(host: string, port: number, interfaces: Interfaces = networkInterfaces()): string[] {
  return listenerAddresses(host, interfaces)
    .filter((address) => !/^fe80:/i.test(address))
    .map((address) => `https://${address.includes(':') ? `[${address}]` : address}:${port}`);
}
