import { SerialPort } from 'serialport';
import { LinkBrokenError, type PrinterLink } from './printer-link.js';
import { StatusReplies } from './status-replies.js';

/** A printer on a serial line (RS-232, or a USB-serial adapter such as /dev/ttyUSB0). */
export async function openSerialLink(path: string, baudRate: number): Promise<PrinterLink> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    port.open((error) =>
      error ? reject(new LinkBrokenError(`cannot open ${path}: ${error.message}`, { cause: error })) : resolve(),
    ),
  );
  const replies = new StatusReplies();
  let broken = false;
  const breakLink = (reason: string) => {
    broken = true;
    replies.broke(reason);
  };
  port.on('data', (chunk: Buffer) => replies.received(chunk));
  port.on('error', (error: Error) => breakLink(`${path} failed: ${error.message}`));
  port.on('close', () => breakLink(`${path} was closed (unplugged?)`));

  const write = (bytes: Buffer) =>
    new Promise<void>((resolve, reject) => {
      if (broken) return reject(new LinkBrokenError(`${path} is gone`));
      const failed = (error: Error | null | undefined) => {
        if (!error) return false;
        reject(new LinkBrokenError(`writing to ${path} failed: ${error.message}`, { cause: error }));
        return true;
      };
      // drain waits until the OS has sent the bytes down the line, not just taken them into its buffer.
      port.write(bytes, (error) => failed(error) || port.drain((drainError) => failed(drainError) || resolve()));
    });
  return {
    write,
    query: (bytes, timeoutMs) => replies.ask(() => write(bytes), timeoutMs),
    get broken() {
      return broken;
    },
    async close() {
      if (!port.isOpen) return;
      await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}
