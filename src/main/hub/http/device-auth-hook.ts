import type { FastifyRequest } from 'fastify';
import { BEARER_PROTOCOL_PREFIX } from '../../../shared/protocol/device-api.js';
import type { AuthenticatedDevice, DeviceRegistry } from '../devices/device-registry.js';
import { declareAuth } from './auth-requirement.js';
import { deviceErrorToHttp } from './domain-error-status.js';

declare module 'fastify' {
  interface FastifyRequest {
    device?: AuthenticatedDevice;
  }
}

/** An onRequest hook (so auth answers before body validation) that admits a paired, unrevoked device and puts it on `request.device`. */
export function requireDevice(devices: DeviceRegistry) {
  const hook = async (request: FastifyRequest): Promise<void> => {
    try {
      request.device = devices.authenticate(bearerToken(request));
    } catch (error) {
      throw deviceErrorToHttp(error);
    }
  };
  return declareAuth(hook, { scheme: 'deviceToken', unauthenticated: ['UNAUTHENTICATED', 'DEVICE_REVOKED'] });
}

/** The token from `Authorization: Bearer …`, or on a WebSocket upgrade from a `bearer.<token>` subprotocol. */
function bearerToken(request: FastifyRequest): string | undefined {
  const header = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '');
  if (header) return header[1];
  if (!request.ws) return undefined;
  const offered = String(request.headers['sec-websocket-protocol'] ?? '').split(',');
  return bearerProtocol(offered.map((protocol) => protocol.trim()))?.slice(BEARER_PROTOCOL_PREFIX.length);
}

/** The offered `bearer.<token>` subprotocol; the server must echo one offered protocol or browsers drop the socket. */
export function bearerProtocol(offered: Iterable<string>): string | undefined {
  for (const protocol of offered) if (protocol.startsWith(BEARER_PROTOCOL_PREFIX)) return protocol;
  return undefined;
}
