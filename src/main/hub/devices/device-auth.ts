import type { FastifyRequest } from 'fastify';
import { BEARER_PROTOCOL_PREFIX } from '../../../shared/protocol/device-api.js';
import { declareAuth } from '../http/auth-requirement.js';
import { HttpError } from '../http/http-error.js';
import { DeviceError, type AuthenticatedDevice, type DeviceErrorCode, type DeviceRegistry } from './device-registry.js';

declare module 'fastify' {
  interface FastifyRequest {
    device?: AuthenticatedDevice;
  }
}

const STATUS: Record<DeviceErrorCode, number> = {
  PAIRING_CODE_INVALID: 403,
  PUBLIC_KEY_INVALID: 400,
  PAIRING_PROOF_INVALID: 400,
  UNAUTHENTICATED: 401,
  DEVICE_REVOKED: 401,
  DEVICE_NOT_FOUND: 404,
  ALREADY_REVOKED: 409,
};

/** A DeviceError as the client sees it; anything else passes through (to the 500 handler if it is a bug). */
export function deviceErrorToHttp(error: unknown): unknown {
  return error instanceof DeviceError ? new HttpError(STATUS[error.code], error.code, error.message) : error;
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
