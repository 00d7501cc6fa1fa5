import type { FastifyInstance } from 'fastify';
import { ErrorReply, PairingReply, PairingRequest } from '../../../../shared/protocol/device-api.js';
import { DeviceError, type DeviceErrorCode } from '../../devices/device-registry.js';
import { FailedAttemptLimiter } from '../../devices/rate-limiter.js';
import type { HubContext } from '../../hub-context.js';
import { deviceErrorToHttp } from '../domain-error-status.js';
import { refuseWhileLimited } from '../attempt-limit.js';

/** Failed pairings tolerated per window: enough for typos, hopeless for guessing one of 10^8 codes. */
const PAIRING_LIMITS = { perAddress: 5, overall: 30, windowMs: 10 * 60 * 1000 };

/**
 * A wrong proof counts like a wrong code: an honest SDK never sends one, so it is a broken client or someone probing.
 * A refused key does not: it is malformed input, refused before the code is looked at.
 */
const COUNTED_FAILURES: ReadonlySet<DeviceErrorCode> = new Set(['PAIRING_CODE_INVALID', 'PAIRING_PROOF_INVALID']);

/** `POST /v1/pairing`: the one public device route, so failures are rate limited per address and overall. */
export function registerDevicePairingRoutes(app: FastifyInstance, hub: HubContext): void {
  const failures = new FailedAttemptLimiter(PAIRING_LIMITS);

  app.post<{ Body: PairingRequest }>(
    '/v1/pairing',
    {
      schema: {
        tags: ['device'],
        summary: 'Pair a device with a code the manager created',
        body: PairingRequest,
        response: { 201: PairingReply, 400: ErrorReply, 403: ErrorReply, 429: ErrorReply },
      },
    },
    async (request, reply) => {
      refuseWhileLimited(failures, request.ip, 'pairing attempts');
      let paired;
      try {
        paired = hub.devices.pair(request.body.code, request.body.device, request.body.proof);
      } catch (error) {
        if (error instanceof DeviceError && COUNTED_FAILURES.has(error.code)) failures.recordFailure(request.ip);
        throw deviceErrorToHttp(error);
      }
      request.log.info({ deviceId: paired.deviceId, name: request.body.device.name }, 'device paired');
      const status = hub.status();
      return reply.code(201).send({
        deviceId: paired.deviceId,
        token: paired.token,
        hub: {
          hubId: status.identity.hubId,
          storeId: status.identity.storeId,
          name: status.identity.name,
          tlsFingerprint: status.tlsFingerprint,
        },
        lastSequence: 0,
        cursor: paired.cursor,
      });
    },
  );
}
