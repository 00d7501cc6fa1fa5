/**
 * A bonjour-service instance that neither crashes the process nor goes deaf, for the hub's advertiser and the device
 * SDK's browser alike (bonjour-service 1.4.4):
 *  - its default error callback rethrows, and the multicast-dns socket emits `error` events nobody listens to: both
 *    go to the logger instead;
 *  - a socket bound to a unicast address receives no multicast on Linux, so with an interface the socket binds the
 *    wildcard address and only the multicast membership and egress use the interface;
 *  - `destroy` may never call back (or throw) when the socket failed: closing gives up after a timeout.
 */
import type { EventEmitter } from 'node:events';
import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import Bonjour from 'bonjour-service';

export type BonjourInstance = InstanceType<typeof Bonjour>;

export interface BonjourLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** How long closing or unpublishing waits for the library's callback before going on without it. */
const CALLBACK_TIMEOUT_MS = 2_000;

/** Resolves an interface name to its first IPv4 address; IPv4 addresses pass through. */
export function resolveInterfaceAddress(iface: string): string {
  if (isIPv4(iface)) return iface;
  const v4 = networkInterfaces()[iface]?.find((a) => a.family === 'IPv4');
  if (!v4) throw new Error(`mDNS: network interface "${iface}" has no IPv4 address`);
  return v4.address;
}

/** Opens the mDNS socket on `iface` (an IPv4 address or interface name), or on all interfaces. */
export function openBonjour(iface: string | undefined, logger: BonjourLogger | undefined): BonjourInstance {
  const onError = (err: unknown): void => logger?.error({ err }, 'mDNS socket error');
  const socket = iface === undefined ? {} : { interface: resolveInterfaceAddress(iface), bind: '0.0.0.0' };
  const bonjour = new Bonjour(socket as Partial<Bonjour.ServiceConfig>, onError);
  // The multicast-dns emitter is not in the typings; without these listeners an EADDRINUSE or EACCES on bind is an
  // unhandled `error` event.
  const mdns = (bonjour as unknown as { server: { mdns: EventEmitter } }).server.mdns;
  const warned = new Set<string>();
  mdns.on('error', onError);
  mdns.on('warning', (err: Error) => {
    // multicast-dns retries its memberships every 5 s: each distinct problem is logged once
    const key = `${(err as NodeJS.ErrnoException).code ?? ''}:${err.message}`;
    if (warned.has(key)) return;
    warned.add(key);
    logger?.warn({ err }, 'mDNS socket warning');
  });
  return bonjour;
}

/** Sends the goodbyes and closes the socket; resolves within two seconds whatever the library does. */
export function closeBonjour(bonjour: BonjourInstance): Promise<void> {
  return calledBackOrTimedOut((done) => bonjour.destroy(done));
}

/**
 * Runs a bonjour-service operation that takes a callback and resolves when it calls back, throws, or has not called
 * back within CALLBACK_TIMEOUT_MS: with a failed socket it may do none of them.
 */
export function calledBackOrTimedOut(operation: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, CALLBACK_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    try {
      operation(done);
    } catch {
      done();
    }
  });
}
