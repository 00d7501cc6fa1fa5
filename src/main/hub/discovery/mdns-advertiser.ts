/**
 * mDNS / DNS-SD advertisement of the hub on the store LAN (DESIGN §8).
 *
 * Service `_backroom._tcp.local`, TXT `hubId`, `storeId`, `v` (protocol), `fp` (TLS fingerprint).
 *
 * bonjour-service 1.4.4 pitfalls handled here:
 *  - its default error callback rethrows, and the underlying multicast-dns socket emits `error` events nobody
 *    listens to: both are routed to the logger instead of crashing the process;
 *  - a name conflict found by probing silently stops the service (only a console.log): detected and logged;
 *  - there is no TXT update: `update()` sends goodbyes and republishes;
 *  - binding the socket to an interface address stops Linux from delivering multicast to it, so with `interface`
 *    the socket is bound to the wildcard address and only the multicast membership/egress use the interface;
 *  - its A/AAAA records carry every address of every interface, including IPv6 link-local addresses a `0.0.0.0`
 *    listener does not answer on: they are replaced by records for the addresses the listener answers on;
 *  - its default SRV target is the bare OS host name: `host` gives the `.local` name (RFC 6762 §3), which the
 *    A/AAAA records then answer for too.
 */
import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { EventEmitter } from 'node:events';
import Bonjour from 'bonjour-service';

/** bonjour `type` of the hub service; the full DNS-SD type is `_backroom._tcp`. */
export const MDNS_SERVICE_TYPE = 'backroom';
export const MDNS_SERVICE_PROTOCOL = 'tcp';

export interface HubTxt {
  hubId: string;
  storeId: string;
  /** device protocol version */
  v: string;
  /** TLS certificate fingerprint that devices pin at pairing */
  fp: string;
}

export interface MdnsLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface MdnsAdvertiserOptions {
  /** human-readable hub name, e.g. the store name */
  name: string;
  /** LAN listener port */
  port: number;
  /** the `.local` host name: the SRV target and the name of the A/AAAA records */
  host: string;
  /** the addresses the LAN listener answers on, announced as A/AAAA records; read at each (re)publish */
  addresses: () => string[];
  txt: HubTxt;
  /** IPv4 address or interface name (e.g. `eth0`) to advertise on; default: all interfaces */
  interface?: string;
  logger: MdnsLogger;
}

export interface MdnsAdvertiser {
  /** the unique DNS-SD instance name, `<name> (<first 8 chars of hubId>)` */
  readonly instanceName: string;
  /** republishes (goodbye + announce) when the TXT differs from the current one; no-op otherwise */
  update(txt: HubTxt): Promise<void>;
  /** sends goodbye packets and closes the socket; idempotent */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 2_000;
const MAX_TXT_ENTRY_BYTES = 255;
/** RFC 6762 §10: records with a host name in their data or name */
const ADDRESS_RECORD_TTL_S = 120;

type BonjourInstance = InstanceType<typeof Bonjour>;
type BonjourService = Bonjour.Service;
type ServiceRecord = ReturnType<BonjourService['records']>[number];

/** Resolves an interface name to its first IPv4 address; IPv4 addresses pass through. */
export function resolveInterfaceAddress(iface: string): string {
  if (isIPv4(iface)) return iface;
  const addrs = networkInterfaces()[iface];
  const v4 = addrs?.find((a) => a.family === 'IPv4');
  if (!v4) throw new Error(`mDNS: network interface "${iface}" has no IPv4 address`);
  return v4.address;
}

/** multicast-dns socket options (bonjour passes its first constructor argument through). */
function socketOptions(iface: string | undefined): Record<string, unknown> {
  if (iface === undefined) return {};
  // `bind` must stay the wildcard: a socket bound to a unicast address receives no multicast on Linux.
  return { interface: resolveInterfaceAddress(iface), bind: '0.0.0.0' };
}

function createBonjour(iface: string | undefined, logger: MdnsLogger | undefined): BonjourInstance {
  const onError = (err: unknown): void => {
    logger?.error({ err }, 'mDNS socket error');
  };
  const bonjour = new Bonjour(socketOptions(iface) as Partial<Bonjour.ServiceConfig>, onError);
  // The multicast-dns emitter is not exposed in the typings; without these listeners an EADDRINUSE/EACCES on bind
  // is an unhandled `error` event and kills the process.
  const mdns = (bonjour as unknown as { server: { mdns: EventEmitter } }).server.mdns;
  const warned = new Set<string>();
  mdns.on('error', onError);
  mdns.on('warning', (err: Error) => {
    // multicast-dns retries memberships every 5 s; log each distinct problem once
    const key = `${(err as NodeJS.ErrnoException).code ?? ''}:${err.message}`;
    if (warned.has(key)) return;
    warned.add(key);
    logger?.warn({ err }, 'mDNS socket warning');
  });
  return bonjour;
}

/**
 * Makes every service this bonjour instance announces carry A/AAAA records for `addresses()` alone. bonjour-service
 * first reads a service's records when it announces it (synchronously inside publish() when not probing), so they
 * are replaced there; the goodbye reads them again and so withdraws exactly what was announced.
 */
function announceAddresses(bonjour: BonjourInstance, host: string, addresses: () => string[]): void {
  const registry = (bonjour as unknown as { registry: { announce(server: unknown, service: BonjourService): void } })
    .registry;
  const announce = registry.announce.bind(registry);
  registry.announce = (server, service) => {
    const libraryRecords = service.records.bind(service);
    let announced: ServiceRecord[] | undefined;
    service.records = () =>
      (announced ??= [
        ...libraryRecords().filter((record) => record.type !== 'A' && record.type !== 'AAAA'),
        ...addresses().map((address): ServiceRecord => ({
          name: host,
          type: isIPv4(address) ? 'A' : 'AAAA',
          ttl: ADDRESS_RECORD_TTL_S,
          data: address,
        })),
      ]);
    announce(server, service);
  };
}

function destroyBonjour(bonjour: BonjourInstance): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, STOP_TIMEOUT_MS);
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

function validateTxt(txt: HubTxt): HubTxt {
  const copy: HubTxt = {
    hubId: txt.hubId,
    storeId: txt.storeId,
    v: txt.v,
    fp: txt.fp,
  };
  for (const [key, value] of Object.entries(copy)) {
    if (typeof value !== 'string' || value.length === 0) {
      throw new TypeError(`mDNS TXT "${key}" must be a non-empty string`);
    }
    if (Buffer.byteLength(`${key}=${value}`) > MAX_TXT_ENTRY_BYTES) {
      throw new RangeError(`mDNS TXT "${key}" is longer than ${MAX_TXT_ENTRY_BYTES} bytes`);
    }
  }
  return copy;
}

function sameTxt(a: HubTxt, b: HubTxt): boolean {
  return a.hubId === b.hubId && a.storeId === b.storeId && a.v === b.v && a.fp === b.fp;
}

export function startMdnsAdvertiser(options: MdnsAdvertiserOptions): MdnsAdvertiser {
  const { logger, port } = options;
  let txt = validateTxt(options.txt);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new RangeError(`mDNS: invalid port ${port}`);
  // bonjour-service turns dots into dashes in instance names; do it here so instanceName is what peers see
  const instanceName = `${options.name} (${txt.hubId.slice(0, 8)})`.split('.').join('-');
  const bonjour = createBonjour(options.interface, logger);
  announceAddresses(bonjour, options.host, options.addresses);
  const logCtx = {
    instanceName,
    host: options.host,
    type: `_${MDNS_SERVICE_TYPE}._${MDNS_SERVICE_PROTOCOL}`,
    port,
  };

  /** the published service and a way to unpublish it that is not mistaken for a name conflict */
  let current: { service: BonjourService; unpublish: () => Promise<void> } | undefined;
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();

  const publish = (probe: boolean): void => {
    const service = bonjour.publish({
      name: instanceName,
      type: MDNS_SERVICE_TYPE,
      protocol: MDNS_SERVICE_PROTOCOL,
      port,
      host: options.host,
      txt: { ...txt },
      probe,
    });
    const libraryStop = service.stop;
    let byOwner = false;
    // When probing finds the name taken, bonjour-service calls service.stop() and only console.logs an Error. Its
    // stop() would also send goodbye packets for the name, making browsers drop the hub that really owns it, so the
    // service is only deactivated here.
    service.stop = (callback?: () => void): void => {
      if (byOwner) {
        libraryStop(callback);
        return;
      }
      logger.error(logCtx, 'mDNS instance name already in use on the network; hub not advertised');
      service.activated = false;
      if (callback) process.nextTick(callback);
    };
    service.on('up', () => {
      const addresses = service
        .records()
        .filter((record) => record.type === 'A' || record.type === 'AAAA')
        .map((record) => record.data as string);
      logger.info({ ...logCtx, txt, addresses }, 'mDNS service published');
      // e.g. a loopback bind, or a hub started before its network came up: found, but with nowhere to connect
      if (addresses.length === 0) logger.warn(logCtx, 'mDNS: the LAN listener answers on no LAN address');
    });
    current = {
      service,
      unpublish: () =>
        new Promise<void>((resolve) => {
          byOwner = true;
          const timer = setTimeout(resolve, STOP_TIMEOUT_MS);
          // sends the records again with TTL 0 (goodbye) once the socket is bound
          libraryStop(() => {
            clearTimeout(timer);
            resolve();
          });
        }),
    };
  };

  const unpublish = async (): Promise<void> => {
    const published = current;
    current = undefined;
    if (published) await published.unpublish();
  };

  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  try {
    publish(true);
  } catch (err) {
    logger.error({ ...logCtx, err }, 'mDNS publish failed');
  }

  return {
    instanceName,
    update(next: HubTxt): Promise<void> {
      const candidate = validateTxt(next);
      return enqueue(async () => {
        if (stopped || sameTxt(candidate, txt)) return;
        txt = candidate;
        await unpublish();
        if (stopped) return;
        try {
          // we already own the name: announce straight away instead of probing again
          publish(false);
          logger.info({ ...logCtx, txt }, 'mDNS TXT changed; republishing');
        } catch (err) {
          logger.error({ ...logCtx, err }, 'mDNS republish failed');
        }
      });
    },
    stop(): Promise<void> {
      return enqueue(async () => {
        if (stopped) return;
        stopped = true;
        await unpublish();
        await destroyBonjour(bonjour);
        logger.info(logCtx, 'mDNS service unpublished');
      });
    },
  };
}
