/**
 * Small HTTP clients for tests against a real hub: fetch for the loopback UI listener, node:https for the LAN
 * listener (self-signed certificate, so verification is off and the peer certificate is returned for pinning checks).
 */
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { expect } from 'vitest';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** SHA-256 fingerprint of the server's certificate (https only). */
  fingerprint?: string;
}

export function httpsRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, rejectUnauthorized: false, agent: false },
      (response) => {
        const socket = response.socket as TLSSocket;
        const fingerprint = socket.getPeerX509Certificate()?.fingerprint256;
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, fingerprint }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

export async function fetchAnswer(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(url, init);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return { status: response.status, headers, text: await response.text() };
}

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/**
 * The one error format (DESIGN §3): `{"error":{"code":"UPPER_SNAKE","message":"…"}}`, JSON, with a request id, and
 * nothing internal (stack frames, file paths, library error names). Only validation errors may add `details`.
 */
export function expectErrorShape(answer: HttpAnswer, status: number, code: string): { code: string; message: string } {
  const context = `${status} ${code}: got ${answer.status} ${answer.text}`;
  expect(answer.status, context).toBe(status);
  expect(String(answer.headers['content-type']), context).toMatch(/^application\/json/);
  expect(answer.headers['x-request-id'], context).toBeTruthy();
  const body = JSON.parse(answer.text) as { error: Record<string, unknown> };
  expect(Object.keys(body), context).toEqual(['error']);
  const keys = Object.keys(body.error).sort();
  expect(keys, context).toEqual(
    code === 'INVALID_REQUEST' && keys.includes('details') ? ['code', 'details', 'message'] : ['code', 'message'],
  );
  expect(body.error.code, context).toBe(code);
  expect(body.error.code, context).toMatch(UPPER_SNAKE);
  expect(typeof body.error.message, context).toBe('string');
  expect((body.error.message as string).length, context).toBeGreaterThan(0);
  expect(answer.text, context).not.toMatch(
    /\bat .+:\d+:\d+|\n\s+at |node_modules|\.ts\b|\.js:\d|\bFST_|SqliteError|TypeError|stack/,
  );
  return body.error as { code: string; message: string };
}
