/** What a KSeF fake service answers to one request; the server writes it (a HEAD gets the headers only). */
export interface FakeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function json(status: number, value: unknown): FakeAnswer {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): FakeAnswer {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body };
}

/** Neither service takes writes yet: anything but a read gets 405. */
export function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

export const NOT_A_READ: FakeAnswer = text(405, 'only GET and HEAD are served here\n', { Allow: 'GET, HEAD' });
