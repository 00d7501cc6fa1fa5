import type { Server } from 'node:https';

/**
 * Keeps Node's HTTP parser reading a TLS connection through the socket's stream instead of straight from the TLS
 * handle. Node pauses a connection's parser when a new request arrives while the previous answer has not drained
 * (the event loop busy with other pushes). Reading straight from the TLS handle, the records already decrypted in
 * the same pass still reach the paused parser, which fails them as HPE_PAUSED: a valid 500-event push was answered
 * `400 MALFORMED_REQUEST` under load (2 of 30 pushes from 10 tills). Through the stream, a paused socket buffers
 * them until the answer has drained, as for plain TCP. Node decides this when the connection starts, from the
 * handle's `_consumed` mark, so this must run before its own 'secureConnection' listener.
 */
export function parseTlsRequestsThroughTheStream(server: Server): void {
  server.prependListener('secureConnection', (socket) => {
    const handle = (socket as unknown as { _handle?: { _consumed?: boolean } })._handle;
    if (handle) handle._consumed = true;
  });
}
