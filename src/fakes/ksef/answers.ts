/** What a KSeF fake service answers to one request; the server writes it (a HEAD gets the headers only). */
export interface FakeAnswer {
  status: number;
  headers: Record<string, string>;
  /** A Buffer where the exact bytes matter (UPO documents are served byte-identical every time). */
  body: string | Buffer;
}

export function json(status: number, value: unknown, contentType = 'application/json; charset=utf-8'): FakeAnswer {
  return { status, headers: { 'Content-Type': contentType }, body: JSON.stringify(value) };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): FakeAnswer {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body };
}

export function empty(status: number, headers: Record<string, string> = {}): FakeAnswer {
  return { status, headers, body: '' };
}

export function xml(status: number, body: string | Buffer, headers: Record<string, string> = {}): FakeAnswer {
  return { status, headers: { 'Content-Type': 'application/xml', ...headers }, body };
}

/** Latarnia takes no writes: anything but a read gets 405. */
export function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

export const NOT_A_READ: FakeAnswer = text(405, 'only GET and HEAD are served here\n', { Allow: 'GET, HEAD' });
