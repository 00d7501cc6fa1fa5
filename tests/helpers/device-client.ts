/**
 * A tiny client for the LAN listener: JSON over HTTPS (self-signed, so verification is off) with an optional
 * device token and source address, and a WebSocket stream client that collects what the hub sends.
 */
import type { EventEmitter } from 'node:events';
import https from 'node:https';
import { createRequire } from 'node:module';
import type { HttpAnswer } from './ledger-http.js';

/** The slice of a `ws` client the stream tests use. */
interface WsClient extends EventEmitter {
  readonly protocol: string;
  send(data: string): void;
  close(): void;
}
type WsClientConstructor = new (
  url: string,
  protocols: string[],
  options: { headers: Record<string, string>; rejectUnauthorized: boolean },
) => WsClient;

// `ws` ships no type declarations; an ambient `declare module 'ws'` would retype @fastify/websocket project-wide.
const WebSocket = createRequire(import.meta.url)('ws') as WsClientConstructor;

/** A parsed body as tests read it: they probe any path and let expect() judge what is there. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = any;

export interface LanAnswer<T = LooseJson> extends HttpAnswer {
  json: T;
}

export interface LanCallOptions {
  body?: unknown;
  token?: string;
  /** A loopback source address such as 127.0.0.7, to look like another client to per-address limits. */
  localAddress?: string;
}

export function lanCall<T = LooseJson>(
  url: string,
  method: string,
  options: LanCallOptions = {},
): Promise<LanAnswer<T>> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      { method, headers, rejectUnauthorized: false, agent: false, localAddress: options.localAddress },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: text ? JSON.parse(text) : undefined,
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

export interface StreamClient {
  /** The subprotocol the hub chose ('' when none). */
  protocol: string;
  received: Array<Record<string, unknown>>;
  /** Resolves with the first message (already received or still to come) that matches. */
  waitFor(match: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  send(text: string): void;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Opens a WebSocket; rejects with "Unexpected server response: <status>" when the upgrade is refused. */
export function openStream(
  url: string,
  auth: { header?: string; protocols?: string[]; cookie?: string } = {},
): Promise<StreamClient> {
  const headers: Record<string, string> = {};
  if (auth.header) headers.authorization = auth.header;
  if (auth.cookie) headers.cookie = auth.cookie;
  const socket = new WebSocket(url, auth.protocols ?? [], { headers, rejectUnauthorized: false });
  const received: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data: Buffer) => {
    received.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString('utf8') })),
  );
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        protocol: socket.protocol,
        received,
        waitFor: (match) =>
          new Promise((found) => {
            const check = () => {
              const message = received.find(match);
              if (!message) return;
              waiters.delete(check);
              found(message);
            };
            waiters.add(check);
            check();
          }),
        send: (text) => socket.send(text),
        closed,
        close: () => socket.close(),
      }),
    );
  });
}
