/** The slice of `ws` (a dependency of @fastify/websocket, without bundled types) the stream tests use. */
declare module 'ws' {
  import type { EventEmitter } from 'node:events';

  export default class WebSocket extends EventEmitter {
    constructor(
      address: string,
      protocols: string[],
      options: { headers?: Record<string, string>; rejectUnauthorized?: boolean },
    );
    readonly protocol: string;
    send(data: string): void;
    close(code?: number, reason?: string): void;
  }
}
