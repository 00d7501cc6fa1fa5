import net from 'node:net';
import { EscPosResponder } from './escpos-responder.js';
import { waitForPrinted } from './virtual-serial-printer.js';

export interface VirtualTcpPrinter {
  readonly host: string;
  readonly port: number;
  readonly responder: EscPosResponder;
  /**
   * Cut the next connection after it has received this many more bytes (status queries included), like a printer
   * losing power or a cable pulled mid-receipt. Cleared once used.
   */
  dropAfterBytes(bytes: number): void;
  /** Connections currently open. */
  connections(): number;
  waitForPrinted(bytes: number, timeoutMs?: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** A network receipt printer (raw port 9100 semantics) on loopback, answering ESC/POS status queries. */
export async function startVirtualTcpPrinter(port = 0): Promise<VirtualTcpPrinter> {
  const responder = new EscPosResponder();
  const sockets = new Set<net.Socket>();
  let dropAfter: number | undefined;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      const taken = dropAfter === undefined ? chunk : chunk.subarray(0, dropAfter);
      const reply = responder.receive(taken);
      if (dropAfter !== undefined) {
        dropAfter -= taken.length;
        if (dropAfter <= 0) {
          dropAfter = undefined;
          socket.resetAndDestroy();
          return;
        }
      }
      if (reply.length > 0) socket.write(reply);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    host: '127.0.0.1',
    port: address.port,
    responder,
    dropAfterBytes(bytes) {
      dropAfter = bytes;
    },
    connections: () => sockets.size,
    waitForPrinted: (bytes, timeoutMs = 5_000) => waitForPrinted(responder, bytes, timeoutMs),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
