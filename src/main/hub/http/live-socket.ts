import type { FastifyReply } from 'fastify';
import { HttpError } from './http-error.js';

/**
 * The part of a `ws` WebSocket the live routes use. @fastify/websocket's types reach `ws` through a package without
 * type declarations here, so the handlers name what they rely on.
 */
export interface LiveSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'close', listener: () => void): void;
}

const OPEN = 1;
/** RFC 6455: the peer broke the rules of the conversation (not JSON, malformed message, revoked). */
export const CLOSE_POLICY_VIOLATION = 1008;

/** Sends only while open: a notice racing a closing socket is dropped, not thrown at the publisher. */
export function sendJson(socket: LiveSocket, message: object): void {
  if (socket.readyState === OPEN) socket.send(JSON.stringify(message));
}

/** The plain-HTTP side of a WebSocket route; having one keeps the route in the OpenAPI document. */
export async function upgradeRequired(_request: unknown, _reply: FastifyReply): Promise<never> {
  throw new HttpError(426, 'UPGRADE_REQUIRED', 'this is a WebSocket endpoint; connect with an Upgrade request', {
    upgrade: 'websocket',
  });
}
