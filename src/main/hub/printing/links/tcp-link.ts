import net from 'node:net';
import { LinkBrokenError, type PrinterLink } from './printer-link.js';
import { StatusReplies } from './status-replies.js';

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
  const replies = new StatusReplies();
  let broken = false;
  const breakLink = (reason: string) => {
    broken = true;
    replies.broke(reason);
  };
  socket.on('data', (chunk: Buffer) => replies.received(chunk));
  socket.on('error', (error) => breakLink(`connection to ${host}:${port} failed: ${error.message}`));
  socket.on('close', () => breakLink(`${host}:${port} closed the connection`));
  // A printer that stops reading leaves the socket writable for ever; the worker's answers time out instead.
  socket.on('end', () => socket.end());

  const write = (bytes: Buffer) =>
    new Promise<void>((resolve, reject) => {
      if (broken) return reject(new LinkBrokenError(`the connection to ${host}:${port} is gone`));
      socket.write(bytes, (error) =>
        error ? reject(new LinkBrokenError(`writing to ${host}:${port} failed: ${error.message}`)) : resolve(),
      );
    });
  return {
    write,
    query: (bytes, timeoutMs) => replies.ask(() => write(bytes), timeoutMs),
    get broken() {
      return broken;
    },
    async close() {
      if (socket.destroyed) return;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        // A printer that never finishes its side of the close is not waited for.
        setTimeout(() => socket.destroy(), 1_000).unref();
      });
    },
  };
}
