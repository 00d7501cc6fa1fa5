import type { ClientRequestArgs } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { normalizeFingerprint, sameFingerprint } from '../core/fingerprint.js';
import { PinMismatchError, TransportError } from '../core/errors.js';

/** Node's `createConnection` callback; on an error the (destroyed) socket is passed only to satisfy its type. */
export type ConnectCallback = (error: Error | null, socket: Duplex) => void;

export type PinnedConnector = (options: ClientRequestArgs, done: ConnectCallback) => undefined;

/**
 * A `createConnection` for node:https and ws that trusts exactly one certificate: the hub's self-signed one, by
 * its pinned SHA-256 fingerprint. Chain validation is off (there is no CA); instead the socket is handed to the
 * HTTP client only after the handshake and the fingerprint check, so on a mismatch not one request byte — nor the
 * bearer token in the headers — is written. Callback style (returning nothing) is what makes that wait possible.
 */
export function pinnedConnector(fingerprint: string, connectTimeoutMs: number): PinnedConnector {
  const expected = normalizeFingerprint(fingerprint);
  return (options: ClientRequestArgs, done: ConnectCallback): undefined => {
    const host = options.host ?? options.hostname ?? 'localhost';
    const socket = tls.connect({
      ...(options as tls.ConnectionOptions),
      host,
      port: Number(options.port),
      // SNI takes host names only
      ...(isIP(host) === 0 ? { servername: host } : {}),
      rejectUnauthorized: false,
    });
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('error', onError);
      if (error) socket.destroy();
      done(error, socket);
    };
    const onError = (error: Error) =>
      settle(new TransportError(`cannot reach the hub: ${error.message}`, { cause: error }));
    const timer = setTimeout(
      () => settle(new TransportError(`no TLS handshake with the hub within ${connectTimeoutMs} ms`)),
      connectTimeoutMs,
    );
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      const actual = socket.getPeerX509Certificate()?.fingerprint256;
      settle(actual !== undefined && sameFingerprint(actual, expected) ? null : new PinMismatchError(expected, actual));
    });
    return undefined;
  };
}

/**
 * The fingerprint a TLS server presents, without sending it anything: for trust-on-first-use tools (the simulator
 * against a hub whose fingerprint was not given). Devices take it from mDNS or the manager's screen instead.
 */
export function peerFingerprint(url: string, timeoutMs = 5_000): Promise<string> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port: Number(port || 443),
      rejectUnauthorized: false,
      ...(isIP(host) === 0 ? { servername: host } : {}),
    });
    const timer = setTimeout(() => socket.destroy(new TransportError(`no TLS handshake with ${url}`)), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const fingerprint = socket.getPeerX509Certificate()?.fingerprint256;
      socket.destroy();
      if (fingerprint) resolve(fingerprint);
      else reject(new TransportError(`${url} presented no certificate`));
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof TransportError ? error : new TransportError(`cannot reach ${url}: ${error.message}`));
    });
  });
}
