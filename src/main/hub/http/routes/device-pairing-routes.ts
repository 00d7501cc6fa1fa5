import type { FastifyInstance } from 'fastify';
import { ErrorReply, PairingReply, PairingRequest } from '../../../../shared/protocol/device-api.js';
import { deviceErrorToHttp } from '../../devices/device-auth.js';
import { DeviceError } from '../../devices/device-registry.js';
import { FailedAttemptLimiter } from '../../devices/rate-limiter.js';
import type { HubContext } from '../../hub-context.js';
import { HttpError } from '../http-error.js';

/** Failed pairings tolerated per window: enough for typos, hopeless for guessing one of 10^8 codes. */
const PAIRING_LIMITS = { perAddress: 5, overall: 30, windowMs: 10 * 60 * 1000 };

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
      const waitMs = failures.retryAfterMs(request.ip);
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        throw new HttpError(429, 'RATE_LIMITED', `too many failed pairing attempts; retry in ${seconds} s`, {
          'retry-after': String(seconds),
        });
      }
      let paired;
      try {
        paired = hub.devices.pair(request.body.code, request.body.device);
      } catch (error) {
        if (error instanceof DeviceError && error.code === 'PAIRING_CODE_INVALID') failures.recordFailure(request.ip);
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
