/**
 * mDNS / DNS-SD advertisement of the hub on the store LAN (DESIGN §8).
 *
 * Service `_backroom._tcp.local`, TXT `hubId`, `storeId`, `v` (protocol), `fp` (TLS fingerprint).
 *
 * bonjour-service 1.4.4 pitfalls handled here (those of its socket in shared/node/bonjour-socket.ts):
 *  - a name conflict found by probing silently stops the service (only a console.log): detected and logged;
 *  - there is no TXT update: `update()` sends goodbyes and republishes;
 *  - its A/AAAA records carry every address of every interface, including IPv6 link-local addresses a `0.0.0.0`
 *    listener does not answer on: they are replaced by records for the addresses the listener answers on;
 *  - its default SRV target is the bare OS host name: `host` gives the `.local` name (RFC 6762 §3), which the
 *    A/AAAA records then answer for too.
 */
import { isIPv4 } from 'node:net';
import type Bonjour from 'bonjour-service';
import {
  calledBackOrTimedOut,
  closeBonjour,
  openBonjour,
  type BonjourInstance,
  type BonjourLogger,
} from '../../../shared/node/bonjour-socket.js';
import { MDNS_SERVICE_PROTOCOL, MDNS_SERVICE_TYPE, type HubTxt } from '../../../shared/protocol/discovery.js';

export interface MdnsLogger extends BonjourLogger {
  info(obj: object, msg?: string): void;
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

const MAX_TXT_ENTRY_BYTES = 255;
/** RFC 6762 §10: records with a host name in their data or name */
const ADDRESS_RECORD_TTL_S = 120;

type BonjourService = Bonjour.Service;
type ServiceRecord = ReturnType<BonjourService['records']>[number];

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
  const bonjour = openBonjour(options.interface, logger);
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
      unpublish: () => {
        byOwner = true;
        // sends the records again with TTL 0 (goodbye) once the socket is bound
        return calledBackOrTimedOut((done) => libraryStop(done));
      },
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
        await closeBonjour(bonjour);
        logger.info(logCtx, 'mDNS service unpublished');
      });
    },
  };
}
