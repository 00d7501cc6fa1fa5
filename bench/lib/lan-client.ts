import https from 'node:https';

export interface LanReply {
  status: number;
  body: Buffer;
}

const REQUEST_TIMEOUT_MS = 60_000;

/**
 * One device's connection to the hub's LAN listener: its own keep-alive agent with a single socket, as a till
 * holds one connection, so devices never queue behind each other's sockets. Loopback and a bench hub's self-signed
 * certificate, so no pinning here (the SDK scenario pins as devices do).
 */
export class LanConnection {
  private readonly agent = new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });

  constructor(
    private readonly lanUrl: string,
    private readonly token?: string,
  ) {}

  /** `body` is JSON text, serialised by the caller ahead of any timing. */
  request(method: 'GET' | 'POST', path: string, body?: string): Promise<LanReply> {
    return new Promise((resolve, reject) => {
      const request = https.request(`${this.lanUrl}${path}`, {
        method,
        agent: this.agent,
        headers: {
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      });
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error(`${method} ${path} timed out`)));
      request.once('error', reject);
      request.once('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', reject);
        response.once('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      });
      request.end(body);
    });
  }

  /** A request whose answer must be `expected`; the body parsed. */
  async json<T>(method: 'GET' | 'POST', path: string, body?: string, expected = 200): Promise<T> {
    const reply = await this.request(method, path, body);
    const text = reply.body.toString('utf8');
    if (reply.status !== expected) throw new Error(`${method} ${path} answered ${reply.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
