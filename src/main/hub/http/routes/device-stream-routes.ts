import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Compile } from 'typebox/compile';
import { ErrorReply, HeartbeatMessage, type HubStreamMessage } from '../../../../shared/protocol/device-api.js';
import type { AuthenticatedDevice } from '../../devices/device-registry.js';
import type { HubContext } from '../../hub-context.js';
import { requireDevice } from '../device-auth-hook.js';
import { CLOSE_POLICY_VIOLATION, sendJson, upgradeRequired, type LiveSocket } from '../live-socket.js';

const heartbeatValidator = Compile(HeartbeatMessage);
const CLOSE_INTERNAL_ERROR = 1011;

/**
 * `GET /v1/stream`: the hub pushes new cursors (the device then pulls), decisions on the device's own approval
 * requests and a revocation notice; the device sends heartbeats with its queue size and clock. Message types the hub
 * does not know are ignored, so later SDKs can add some without breaking older hubs.
 */
export function registerDeviceStreamRoutes(app: FastifyInstance, hub: HubContext): void {
  app.route({
    method: 'GET',
    url: '/v1/stream',
    schema: {
      tags: ['device'],
      summary: 'WebSocket: hub sends cursor, approval, print_job and revoked messages; the device sends heartbeats',
      description:
        'Authenticate with `Authorization: Bearer <token>` or the subprotocol `bearer.<token>` (echoed back). ' +
        'Hub → device: {"type":"print_job","jobId","saleId","state","note"} when one of its print jobs is printed, ' +
        'becomes uncertain, is dropped or is put back by a manager. ' +
        'Device → hub: {"type":"heartbeat","queued","lastSyncAt","deviceTime","appVersion"}. A plain GET answers 426.',
      response: { 401: ErrorReply, 426: ErrorReply },
    },
    preHandler: requireDevice(hub.devices),
    handler: upgradeRequired,
    wsHandler: (socket: LiveSocket, request) => {
      const device = request.device!;
      const log = request.log.child({ deviceId: device.id });
      let revoked = false;
      hub.presence.connected(device.id);
      const unsubscribe = hub.notifier.subscribe((notice) => {
        if (notice.type === 'cursor') send(socket, notice);
        else if (notice.type === 'alert' || notice.type === 'hardware' || notice.type === 'upstream') return;
        else if (notice.deviceId !== device.id) return;
        else if (notice.type === 'approval' || notice.type === 'print_job') {
          const { deviceId: _deviceId, ...forDevice } = notice;
          send(socket, forDevice);
        } else if (notice.state === 'revoked') {
          revoked = true;
          send(socket, { type: 'revoked' });
          socket.close(CLOSE_POLICY_VIOLATION, 'device revoked');
        }
      });
      send(socket, { type: 'cursor', cursor: hub.ledger.head().cursor });
      socket.on('message', (data, isBinary) => onDeviceMessage(hub, device, socket, log, data, isBinary));
      socket.on('close', () => {
        unsubscribe();
        hub.presence.disconnected(device.id, !revoked);
      });
    },
  });
}

function send(socket: LiveSocket, message: HubStreamMessage): void {
  sendJson(socket, message);
}

function onDeviceMessage(
  hub: HubContext,
  device: AuthenticatedDevice,
  socket: LiveSocket,
  log: FastifyBaseLogger,
  data: Buffer,
  isBinary: boolean,
): void {
  let message: unknown;
  try {
    message = isBinary ? undefined : JSON.parse(data.toString('utf8'));
  } catch {
    // Falls through to the check below: binary frames and broken JSON are the same violation.
  }
  if (typeof message !== 'object' || message === null) {
    log.warn('stream message is not a JSON object; closing');
    socket.close(CLOSE_POLICY_VIOLATION, 'messages must be JSON objects');
    return;
  }
  const type = (message as { type?: unknown }).type;
  if (type !== 'heartbeat') {
    log.warn({ type }, 'ignoring a stream message of unknown type');
    return;
  }
  if (!heartbeatValidator.Check(message)) {
    log.warn({ message }, 'malformed heartbeat; closing');
    socket.close(CLOSE_POLICY_VIOLATION, 'malformed heartbeat');
    return;
  }
  try {
    hub.devices.heartbeat(device.id, message);
  } catch (error) {
    // Thrown inside a socket event it would take the whole hub down; the device reconnects instead.
    log.error({ err: error }, 'bug: heartbeat could not be recorded');
    socket.close(CLOSE_INTERNAL_ERROR, 'internal error');
  }
}
