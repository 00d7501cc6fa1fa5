import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the hub probes to tell whether the store's internet is up: a tiny HTTP server on loopback that the simulator
 * switches off (its port then refuses connections, as a dead line does) and on again on the same port, so the URL
 * the hub was given stays right.
 */
export class InternetProbeTarget {
  private constructor(
    readonly port: number,
    private server: Server | undefined,
  ) {}

  static async start(): Promise<InternetProbeTarget> {
    const server = await listen(0);
    return new InternetProbeTarget((server.address() as AddressInfo).port, server);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  get up(): boolean {
    return this.server !== undefined;
  }

  async switchOff(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // A keep-alive socket from the last probe would otherwise keep answering.
      server.closeAllConnections();
    });
  }

  async switchOn(): Promise<void> {
    this.server ??= await listen(this.port);
  }
}

function listen(port: number): Promise<Server> {
  const server = createServer((_req, res) => res.writeHead(204).end());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
