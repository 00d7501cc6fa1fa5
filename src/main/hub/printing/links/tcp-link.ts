import net from 'node:net';
import { LinkBrokenError, type PrinterLink } from './printer-link.js';
import { StreamLink } from './stream-link.js';

const CONNECT_TIMEOUT_MS = 3_000;

/** A network printer's raw port (9100). One connection per stretch of work: many printers take only one client. */
export async function openTcpLink(host: string, port: number): Promise<PrinterLink> {
  const socket = net.connect({ host, port });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new LinkBrokenError(`no connection to ${host}:${port} within ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new LinkBrokenError(`cannot connect to ${host}:${port}: ${error.message}`, { cause: error }));
    });
  });
  const link: StreamLink = new StreamLink(
    (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (link.broken) return reject(new LinkBrokenError(`the connection to ${host}:${port} is gone`));
        socket.write(bytes, (error) =>
          error ? reject(new LinkBrokenError(`writing to ${host}:${port} failed: ${error.message}`)) : resolve(),
        );
      }),
    async () => {
      if (socket.destroyed) return;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        // A printer that never finishes its side of the close is not waited for.
        setTimeout(() => socket.destroy(), 1_000).unref();
      });
    },
  );
  socket.on('data', (chunk: Buffer) => link.received(chunk));
  socket.on('error', (error) => link.break(`connection to ${host}:${port} failed: ${error.message}`));
  socket.on('close', () => link.break(`${host}:${port} closed the connection`));
  // The printer hung up its side: finish ours, and the close above marks the link broken.
  socket.on('end', () => socket.end());
  return link;
}
